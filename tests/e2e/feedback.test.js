// "Was this helpful?" (the vote widget of insights.js) as a reader meets it: "Yes" sent at once
// with thanks in a live region and focus on them; "No" opening an optional reason and comment
// (keyboard only: focus on the first reason, a character counter that stops at 500, Send), Skip,
// a "No" left with its form open (sent without what was typed), a phone's width; absent without
// JavaScript. The events themselves are checked in insights.test.js.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, setup, newContext, withPage, open, screenshot } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

const T = { timeout: 60_000 };

const vote = (helpful, reason = null, comment = null) => ({
  kind: 'vote', page: PAGES.article, language: 'en', helpful, reason, comment,
});

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + el.className.split(' ').join('.') : ''}`;
  });
}

/** Waits a moment and checks that exactly `events` arrived since request `from`. */
async function sentExactly(from, events) {
  await fx.endpoint.waitForEvents(events.length, from);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(fx.endpoint.events(from), events);
}

test('"Yes" is sent at once; thanks in a live region that was there all along, with focus on it', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'vote-yes', async (page) => {
      await open(page, fx.url(PAGES.article));
      const widget = page.locator('[data-vote]');
      await widget.locator('legend', { hasText: 'Was this helpful?' }).waitFor();
      const status = widget.locator('[data-vote-status]');
      assert.equal(await status.getAttribute('role'), 'status');
      assert.equal((await status.textContent()).trim(), '', 'the live region starts empty');
      // A live region must already be in the accessibility tree when its text changes, or
      // screen readers may not announce it: so no display:none/visibility:hidden while empty.
      const rendered = await status.evaluate((el) => {
        const cs = getComputedStyle(el);
        return `display: ${cs.display}; visibility: ${cs.visibility}`;
      });
      assert.doesNotMatch(rendered, /display: none|visibility: hidden/, 'the empty live region is rendered');

      const from = fx.endpoint.received.length;
      await widget.getByRole('button', { name: 'Yes' }).click();
      await sentExactly(from, [vote(true)]);
      await page.waitForFunction(() => /Thanks for your feedback!/.test(document.querySelector('[data-vote-status]').textContent));
      assert.equal(new URL(page.url()).pathname, PAGES.article, 'no navigation');
      assert.equal(await widget.getByRole('button', { name: 'Yes' }).isHidden(), true, 'the buttons go');
      assert.equal(await focused(page), 'p.vote-thanks', 'focus moves to the thanks, not to <body>');
      await screenshot(page, 'vote-yes-1280-light');
    });
    assert.deepEqual(ctx.errors, [], 'console/page errors');
  } finally {
    await ctx.close();
  }
});

test('"No" with the keyboard only: focus on the first reason, a counter that stops at 500, Send', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'vote-no-keyboard', async (page) => {
      await open(page, fx.url(PAGES.article));
      const widget = page.locator('[data-vote]');
      await widget.getByRole('button', { name: 'No' }).focus();
      const from = fx.endpoint.received.length;
      await page.keyboard.press('Enter');
      // The reasons: a fieldset whose legend names them, each radio with its label.
      const reasons = widget.getByRole('group', { name: 'What went wrong? (optional)' });
      await reasons.waitFor();
      assert.deepEqual(
        await reasons.getByRole('radio').evaluateAll((els) => els.map((e) => `${e.value}: ${e.labels[0].textContent}`)),
        ["outdated: It's out of date", "did-not-answer: It didn't answer my question", 'hard-to-follow: It was hard to follow', 'something-missing: Something is missing'],
      );
      assert.equal(await focused(page), 'input#vote-reason-outdated', 'focus on the first reason');
      assert.equal(await reasons.getByRole('radio', { checked: true }).count(), 0, 'none picked for the reader');
      // Arrow keys pick a reason; Tab goes on to the comment.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      assert.equal(await focused(page), 'textarea#vote-comment.vote-comment');
      const box = widget.getByRole('textbox', { name: 'Tell us more (optional)' });
      assert.match(await box.getAttribute('aria-describedby'), /vote-comment-hint/);
      const counter = widget.locator('#vote-comment-count');
      assert.equal(await counter.innerText(), 'Characters left: 500');
      await page.keyboard.type('Too long. ');
      assert.equal(await counter.innerText(), 'Characters left: 490');
      await page.keyboard.insertText('x'.repeat(600));
      assert.equal((await box.inputValue()).length, 500, 'at most 500 characters');
      assert.equal(await counter.innerText(), 'Characters left: 0');
      // Near the limit the count is read out once typing pauses.
      await page.waitForFunction(() => document.querySelector('[data-vote-count-status]').textContent === 'Characters left: 0');
      assert.equal(fx.endpoint.events(from).length, 0, 'nothing sent before Send or Skip');
      await page.keyboard.press('Tab');
      assert.equal(await focused(page), 'button.button', 'Send comes next');
      await page.keyboard.press('Enter');
      await sentExactly(from, [vote(false, 'hard-to-follow', `Too long. ${'x'.repeat(490)}`)]);
      await widget.getByText('Thanks for your feedback!').waitFor();
      assert.equal(await focused(page), 'p.vote-thanks');
      assert.equal(await widget.locator('[data-vote-more]').isHidden(), true, 'the form goes');
    });
    assert.deepEqual(ctx.errors, [], 'console/page errors');
  } finally {
    await ctx.close();
  }
});

test('"No", then Skip: the vote without a reason or comment', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'vote-no-skip', async (page) => {
      await open(page, fx.url(PAGES.article));
      const widget = page.locator('[data-vote]');
      const from = fx.endpoint.received.length;
      await widget.getByRole('button', { name: 'No' }).click();
      await widget.getByRole('button', { name: 'Skip' }).click();
      await sentExactly(from, [vote(false)]);
      assert.equal(await focused(page), 'p.vote-thanks');
    });
  } finally {
    await ctx.close();
  }
});

test('"No" left with the form open: sent without what was picked or typed', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    const from = fx.endpoint.received.length;
    await withPage(ctx, 'vote-no-left', async (page) => {
      await open(page, fx.url(PAGES.article));
      const widget = page.locator('[data-vote]');
      await widget.getByRole('button', { name: 'No' }).click();
      await widget.getByRole('radio', { name: "It's out of date" }).check();
      await widget.getByRole('textbox', { name: /Tell us more/ }).fill('half a thought');
      await page.waitForTimeout(300);
      assert.equal(fx.endpoint.events(from).length, 0, 'nothing sent while the form is open');
      await page.goto('about:blank');
    });
    await sentExactly(from, [vote(false)]);
  } finally {
    await ctx.close();
  }
});

test('on a phone (390×844): the form fits, its targets are large enough', T, async () => {
  const ctx = await newContext(fx.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    await withPage(ctx, 'vote-phone', async (page) => {
      await open(page, fx.url(PAGES.article));
      const widget = page.locator('[data-vote]');
      await widget.getByRole('button', { name: 'No' }).tap();
      await widget.getByRole('radio', { name: 'Something is missing' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'no horizontal scrolling');
      for (const name of ['Send', 'Skip']) {
        const b = await widget.getByRole('button', { name }).boundingBox();
        assert.ok(b.height >= 44 && b.x >= 0 && b.x + b.width <= 390, `${name}: ${JSON.stringify(b)}`);
      }
      // A reason is picked by tapping its label, a target as wide as the form.
      await widget.getByText('Something is missing').tap();
      assert.equal(await widget.getByRole('radio', { name: 'Something is missing' }).isChecked(), true);
      const label = await widget.getByText('Something is missing').boundingBox();
      assert.ok(label.height >= 24, `label: ${JSON.stringify(label)}`);
      await widget.scrollIntoViewIfNeeded();
      await screenshot(page, 'vote-no-390-light');
    });
    assert.deepEqual(ctx.errors, [], 'console/page errors');
  } finally {
    await ctx.close();
  }
});

test('without JavaScript there is no widget (a vote is an event, and events need JavaScript)', T, async () => {
  const ctx = await newContext(fx.browser, { javaScriptEnabled: false });
  try {
    await withPage(ctx, 'vote-nojs', async (page) => {
      await open(page, fx.url(PAGES.article));
      assert.equal(await page.locator('[data-vote]').count(), 1, 'the markup is there');
      assert.equal(await page.locator('[data-vote]').isHidden(), true, 'but hidden');
      assert.equal(await page.getByRole('button', { name: 'Yes' }).count(), 0, 'no button to press');
    });
  } finally {
    await ctx.close();
  }
});
