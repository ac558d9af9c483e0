// "Describe your problem" (parts/describe.html, describe.js): on the contact page, suggestions
// from the site's own search engine as the reader types ("code never arrived" finds the
// login-codes article), reached with Tab, counted in a polite live region, focus left alone;
// the request written for each channel (mailto: subject and body, a form's URL with its
// parameters, the text to copy) with the reader's words, the prompts of a good request and the
// pages opened before; at escalate steps (a troubleshooter's, and a wizard's, whose own request
// takes the words); without JavaScript the plain template instead of the box; axe with the
// suggestions and the request open, light and dark; the box on a phone and right to left; and
// nothing typed in any insights event.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, newContext, withPage, open, screenshot } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

const T = { timeout: 90_000 };
const AXE = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PHONE = { width: 390, height: 844 };

const LOGIN_CODES = '/account-access/login-codes/';
const LOGIN_CODES_TITLE = 'Login codes that never arrive';
const PROMPTS = ['What happened:', 'Since when:', 'What I expected to happen:', 'What I already tried:'];
const SCREENSHOT_REMINDER = 'attach a screenshot';
const TYPED = 'code never arrived';

/** Types into the box and waits for the suggestions and the count in the live region. */
async function describe(page, text) {
  const box = page.locator('[data-describe-text]');
  await box.fill('');
  await page.waitForFunction(() => document.querySelector('[data-describe-suggestions]').hidden);
  await box.click();
  await page.keyboard.type(text);
  await page.locator('[data-describe-list] a').first().waitFor();
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-describe-status]').textContent));
}

async function suggestions(page) {
  return page.locator('[data-describe-list] a').evaluateAll((as) => as.map((a) => ({
    path: new URL(a.href).pathname,
    title: a.querySelector('.describe-suggestion-title').textContent,
  })));
}

async function axe(page, what) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe: ${what}`);
}

test('contact page: "code never arrived" suggests the login-codes article, in a list reached with Tab, counted politely, focus left in the box', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'describe-suggest', async (page) => {
      await open(page, fx.url('/contact/'));
      const box = page.locator('[data-describe-text]');
      assert.equal(await box.isVisible(), true, 'the box is shown with JavaScript');
      assert.equal(await page.locator('label[for="describe-text"]').innerText(), 'What went wrong, in your own words?');
      assert.equal(await page.locator('.describe-template').isVisible(), false, 'no plain template with JavaScript');
      await describe(page, TYPED);
      const found = await suggestions(page);
      assert.ok(found.length >= 1 && found.length <= 5, `up to five suggestions: ${JSON.stringify(found)}`);
      assert.deepEqual(found[0], { path: LOGIN_CODES, title: LOGIN_CODES_TITLE }, `the login-codes article first: ${JSON.stringify(found)}`);
      const status = page.locator('[data-describe-status]');
      assert.equal(await status.getAttribute('aria-live'), 'polite');
      assert.equal(await status.textContent(), `${found.length} suggestion${found.length === 1 ? '' : 's'}`);
      // Focus stays where the reader is typing; Tab goes to the suggestions, in order.
      assert.equal(await page.evaluate(() => document.activeElement.id), 'describe-text', 'no focus stealing');
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({ path: new URL(document.activeElement.href).pathname, inList: Boolean(document.activeElement.closest('[data-describe-list]')) }));
      assert.deepEqual(first, { path: LOGIN_CODES, inList: true }, 'Tab reaches the first suggestion');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => Boolean(document.activeElement.closest('[data-describe-list]'))), found.length > 1, 'then the next one');
      // Clearing the box clears the list.
      await box.fill('');
      await page.waitForFunction(() => document.querySelector('[data-describe-suggestions]').hidden);
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('contact page: a sentence finds its article too (the engine\'s "some words" with greetings and time words left out)', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'describe-sentence', async (page) => {
      await open(page, fx.url('/contact/'));
      for (const [text, path] of [
        ['Hello, I have been using Murmur for years. Since this morning I can\'t log in because the verification code never arrives on my phone', LOGIN_CODES],
        ['my account was hacked and someone changed my password', '/account-access/hacked-account/'],
      ]) {
        await describe(page, text);
        const found = await suggestions(page);
        assert.equal(found[0].path, path, `${text}: ${JSON.stringify(found)}`);
      }
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('contact page: the request carries the words, the prompts and the pages opened before, by email, form and copy; nothing typed is sent as an event', T, async () => {
  const ctx = await newContext(fx.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await withPage(ctx, 'describe-request', async (page) => {
      fx.endpoint.received.length = 0;
      // Pages read on the way: an article and a troubleshooter step.
      await open(page, fx.url(LOGIN_CODES));
      await open(page, fx.url('/messaging/fix-messages-not-sending/'));
      await open(page, fx.url('/contact/'));
      const words = 'The login code never arrived on my phone.';
      await describe(page, words);

      // Email: a mailto: link with the subject and the body.
      const mail = new URL(await page.locator('main a[data-channel="Email support"]').getAttribute('href'));
      assert.equal(mail.protocol, 'mailto:');
      assert.equal(mail.searchParams.get('subject'), words);
      const body = mail.searchParams.get('body').replace(/\r\n/g, '\n');
      assert.ok(body.includes(`What happened: \n${words}\n`), `the words under "What happened":\n${body}`);
      for (const p of PROMPTS) assert.ok(body.includes(p), `prompt ${p}:\n${body}`);
      assert.ok(body.includes(SCREENSHOT_REMINDER), `the screenshot reminder:\n${body}`);
      assert.ok(body.includes(`- ${LOGIN_CODES_TITLE}: ${fx.url(LOGIN_CODES)}`), `the article opened before, under what was tried:\n${body}`);
      assert.ok(body.indexOf(LOGIN_CODES_TITLE) > body.indexOf('What I already tried:'), 'listed under "What I already tried"');
      assert.match(body, /- My messages won.t send › .+: http/, `the troubleshooter step opened before:\n${body}`);
      assert.ok(!body.includes('/contact/'), 'not the contact page itself');

      // A form: its URL with the subject and text parameters.
      const form = new URL(await page.locator('main a[data-channel="Account recovery form"]').getAttribute('href'));
      assert.equal(`${form.origin}${form.pathname}`, 'https://murmur.example/support/recover');
      assert.equal(form.searchParams.get('subject'), words);
      assert.equal(form.searchParams.get('body'), body);

      // "Write my request": the text to edit and copy (for channels that take neither).
      const write = page.locator('[data-describe-write]');
      assert.equal(await write.getAttribute('aria-expanded'), 'false');
      await write.focus();
      await page.keyboard.press('Enter');
      assert.equal(await write.getAttribute('aria-expanded'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'describe-request-title', 'focus on the request it opened');
      const area = page.locator('[data-describe-request-text]');
      assert.equal(await area.inputValue(), body);
      await area.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('Since yesterday.');
      const edited = await area.inputValue();
      const mail2 = new URL(await page.locator('main a[data-channel="Email support"]').getAttribute('href'));
      assert.equal(mail2.searchParams.get('body').replace(/\r\n/g, '\n'), edited, 'the links follow edits of the request');
      await page.locator('[data-describe-copy]').click();
      await page.locator('[data-describe-copy-status]').filter({ hasText: 'Copied. Paste it into your message.' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `Subject: ${words}\n\n${edited}`);

      // Following a channel sends a contact event naming the channel, never the words.
      await page.route('https://murmur.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>form</title>' }));
      await page.locator('main a[data-channel="Account recovery form"]').click();
      await page.waitForURL(/murmur\.example/);
      await page.waitForTimeout(300);
    });
    const sent = JSON.stringify(fx.endpoint.received);
    assert.ok(!sent.includes('never arrived'), `no event carries the words: ${sent.slice(0, 400)}`);
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('escalate steps: the troubleshooter\'s channel carries the words; the wizard\'s own request takes them instead of a second one', T, async () => {
  const ctx = await newContext(fx.browser, { viewport: PHONE });
  try {
    await withPage(ctx, 'describe-escalate', async (page) => {
      // A troubleshooter's escalate step: the box after every way to a human (the tree's own
      // channel first, the others collapsed), so it pushes none of them down; the own
      // channel's link carries the words.
      await open(page, fx.url('/messaging/fix-messages-not-sending/contact/'));
      const own = page.locator('[data-tree-node] .tree-outcome-escalate a[data-channel]');
      const below = async (selector) => page.evaluate((sel) => {
        const box = document.querySelector('[data-describe]').getBoundingClientRect();
        const way = document.querySelector(sel).getBoundingClientRect();
        return box.top >= way.bottom;
      }, selector);
      assert.equal(await below('.tree-outcome-escalate'), true, 'the box is below the own channel');
      assert.equal(await below('.tree-other-channels'), true, 'and below the other channels');
      const words = 'Messages stay on sending since the update.';
      await page.locator('[data-describe-text]').fill(words);
      await page.waitForFunction(() => /^mailto:.*body=/.test(document.querySelector('.tree-outcome-escalate a[data-channel]').getAttribute('href')));
      const mail = new URL(await own.getAttribute('href'));
      assert.ok(mail.searchParams.get('body').includes(words));
      assert.equal(await page.locator('[data-describe-write]').isVisible(), true, '"Write my request" for the copy text');
      await screenshot(page, 'describe-escalate-troubleshooter-390');

      // A wizard's escalate step, reached in place: the words go into its request.
      await open(page, fx.url('/account-access/recover-your-account/'));
      await page.locator('a.choice[data-to="what-happened"]').first().click();
      await page.locator('[data-tree-node="what-happened"]').waitFor();
      await page.locator('a.choice[data-to="disabled"]').first().click();
      await page.locator('[data-tree-node="disabled"]').waitFor();
      await page.locator('a.choice[data-to="disabled-appeal"]').first().click();
      await page.locator('[data-tree-node="disabled-appeal"] [data-describe-text]').waitFor();
      assert.equal(await page.locator('[data-tree-request]').count(), 1);
      assert.equal(await page.locator('[data-describe-write]').isVisible(), false, 'no second request at a wizard\'s escalate step');
      assert.equal(await page.locator('[data-describe-into-request]').isVisible(), true);
      assert.equal(await below('[data-tree-request]'), true, 'the box is below the request');
      const wizardWords = 'My account was disabled after I changed my name.';
      await page.locator('[data-describe-text]').fill(wizardWords);
      // Suggestions at the escalate step too.
      await page.waitForFunction(() => [...document.querySelectorAll('[data-describe-list] a')].some((a) => /disabled/i.test(a.textContent)));
      const area = page.locator('textarea[data-request-text]');
      await page.waitForFunction((w) => document.querySelector('textarea[data-request-text]').value.includes(w), wizardWords);
      const text = await area.inputValue();
      assert.ok(text.includes(`What happened: \n${wizardWords}\n`), text);
      assert.match(text, /My answers:\n1\. /, 'the answers are still there');
      for (const p of PROMPTS) assert.ok(text.includes(p), `prompt ${p}:\n${text}`);
      assert.equal((text.match(/What happened:/g) || []).length, 1, 'one request, one "What happened"');
      const body = new URL(await page.locator('a[data-request-send]').getAttribute('href')).searchParams.get('body');
      assert.equal(body, text, 'the send link carries it');
      await screenshot(page, 'describe-escalate-wizard-390');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('without JavaScript: the contact page shows the channels and the plain request template, no box', T, async () => {
  const ctx = await newContext(fx.browser, { javaScriptEnabled: false });
  try {
    await withPage(ctx, 'describe-nojs', async (page) => {
      await open(page, fx.url('/contact/'));
      assert.equal(await page.locator('[data-describe]').isVisible(), false, 'the box needs JavaScript');
      const template = page.locator('.describe-template');
      assert.equal(await template.isVisible(), true, 'the template is shown');
      const text = await template.innerText();
      for (const p of PROMPTS) assert.ok(text.includes(p), `prompt ${p}:\n${text}`);
      assert.ok(text.includes(SCREENSHOT_REMINDER));
      assert.equal(await page.locator('main a[data-channel="Email support"]').getAttribute('href'), 'mailto:support@murmur.example');
      await screenshot(page, 'describe-contact-nojs-1280');
    });
  } finally {
    await ctx.close();
  }
});

for (const scheme of ['light', 'dark']) {
  test(`axe on the contact page with the suggestions and the request open, ${scheme}, phone and desktop`, T, async () => {
    for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
      const ctx = await newContext(fx.browser, { colorScheme: scheme, viewport });
      try {
        await withPage(ctx, `describe-axe-${scheme}-${viewport.width}`, async (page) => {
          await open(page, fx.url('/contact/'));
          await describe(page, TYPED);
          await axe(page, `suggestions open, ${scheme}, ${viewport.width}px`);
          await page.locator('[data-describe-write]').click();
          await page.locator('[data-describe-request]').waitFor({ state: 'visible' });
          await axe(page, `request open, ${scheme}, ${viewport.width}px`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
          assert.equal(overflow, false, 'no sideways scrolling');
          await screenshot(page, `describe-contact-${viewport.width}-${scheme}`);
        });
        assert.deepEqual(ctx.errors, []);
      } finally {
        await ctx.close();
      }
    }
  });
}

test('Spanish and Arabic: the box in the page\'s language, right to left in Arabic, Spanish suggestions', T, async () => {
  const ctx = await newContext(fx.browser, { viewport: PHONE });
  try {
    await withPage(ctx, 'describe-languages', async (page) => {
      await open(page, fx.url('/es/contact/'));
      assert.equal(await page.locator('#describe-title').innerText(), 'Describe tu problema');
      await describe(page, 'no me llega el código');
      const found = await suggestions(page);
      assert.ok(found.every((f) => f.path.startsWith('/es/')), `Spanish pages only: ${JSON.stringify(found)}`);
      assert.match(await page.locator('[data-describe-status]').textContent(), /sugerencia/);
      await open(page, fx.url('/ar/contact/'));
      assert.equal(await page.locator('#describe-title').innerText(), 'صِف مشكلتك');
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('[data-describe-text]')).direction), 'rtl');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
      assert.equal(overflow, false, 'no sideways scrolling right to left');
      await axe(page, 'Arabic contact page');
      await screenshot(page, 'describe-contact-ar-390');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
