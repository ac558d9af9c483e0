// "Was this helpful?": with JavaScript (fetch, thank-you in a live region) and without
// (a plain form POST), against a fake endpoint on another loopback port.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, setup, newContext, withPage, open, screenshot } = require('./helpers');

let fx;
before(async () => { fx = await setup({ feedback: true }); });
after(async () => { if (fx) await fx.close(); });

const ARTICLE_ID = 'account-access/reset-password';

function assertFeedbackPost(post, helpful) {
  const detail = JSON.stringify(post, null, 2);
  assert.equal(post.method, 'POST', detail);
  assert.equal(post.path, '/feedback', detail);
  assert.match(post.contentType, /^application\/x-www-form-urlencoded/, `content type; ${detail}`);
  assert.deepEqual(
    post.fields,
    { article: ARTICLE_ID, url: PAGES.article, helpful },
    `fields posted to the feedback endpoint; ${detail}`,
  );
}

test('the demo without [feedback] has no feedback widget', async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'no-feedback-widget', async (page) => {
      await open(page, fx.url(PAGES.article));
      assert.equal(await page.locator('form.feedback').count(), 0);
    });
  } finally {
    await ctx.close();
  }
});

test('feedback with JavaScript: "Yes" posts the fields and thanks the reader in a live region', async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'feedback-js', async (page) => {
      await open(page, fx.feedbackUrl(PAGES.article));
      const form = page.locator('form.feedback');
      assert.equal(await form.getAttribute('action'), fx.endpoint.url);
      const status = form.locator('[role=status]'); // hidden while empty, so not by role
      assert.equal(await status.getAttribute('aria-live'), 'polite');
      assert.equal((await status.textContent()).trim(), '', 'the live region starts empty');
      // A live region must already be in the accessibility tree when its text changes, or
      // screen readers may not announce it: so no display:none/visibility:hidden while empty.
      const rendered = await status.evaluate((el) => {
        const cs = getComputedStyle(el);
        return `display: ${cs.display}; visibility: ${cs.visibility}`;
      });
      assert.doesNotMatch(rendered, /display: none|visibility: hidden/, 'the empty live region is rendered');

      const before = fx.endpoint.received.length;
      await form.getByRole('button', { name: 'Yes' }).click();
      const post = await fx.endpoint.nextPost(before);
      assertFeedbackPost(post, 'yes');

      // The page stays put and says thanks in the (pre-existing) live region.
      await page.waitForFunction(() => /Thanks for your feedback/.test(document.querySelector('form.feedback [role=status]').textContent));
      assert.equal(new URL(page.url()).pathname, PAGES.article, 'no navigation with JS');
      assert.equal(await form.locator('.feedback-buttons').isHidden(), true, 'buttons hidden after sending');
      assert.equal(await status.isVisible(), true, 'thank-you text visible');
      // Focus is not lost to <body> when the pressed button disappears.
      const focused = await page.evaluate(() => document.activeElement.className);
      assert.equal(focused, 'feedback-thanks', 'focus moves to the thank-you text');
      // Exactly one POST.
      await page.waitForTimeout(200);
      assert.equal(fx.endpoint.received.length, before + 1, 'exactly one POST');
      await screenshot(page, 'feedback-sent-1280-light');
    });
    assert.deepEqual(ctx.errors, [], 'console/page errors');
  } finally {
    await ctx.close();
  }
});

test('feedback without JavaScript: submitting the form posts to the endpoint', async () => {
  const ctx = await newContext(fx.browser, { javaScriptEnabled: false });
  try {
    await withPage(ctx, 'feedback-nojs', async (page) => {
      await open(page, fx.feedbackUrl(PAGES.article));
      const before = fx.endpoint.received.length;
      await Promise.all([
        page.waitForURL(fx.endpoint.url),
        page.locator('form.feedback').getByRole('button', { name: 'No' }).click(),
      ]);
      const post = await fx.endpoint.nextPost(before);
      assertFeedbackPost(post, 'no');
      assert.equal(await page.locator('h1').innerText(), 'Thanks for your feedback', "the endpoint's answer is shown");
    });
  } finally {
    await ctx.close();
  }
});
