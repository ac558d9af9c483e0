// Languages in a real browser, on the demo (English, with Spanish and Arabic translations):
// the switcher with the keyboard on an article and on a wizard step (also after tree.js
// swapped the step in place), an untranslated page switching to the language's home, search
// as you type finding Spanish stems on a Spanish page, and an Arabic page laid out right to
// left without horizontal scrolling on a phone.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, newContext, withPage, open } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

const T = { timeout: 60_000 };

const lang = (page) => page.locator('html').getAttribute('lang');
const h1Text = (page) => page.locator('h1').first().innerText().then((t) => t.trim());
const path = (page) => new URL(page.url()).pathname;

/** Opens the switcher and follows the link to `name` with the keyboard only. */
async function switchTo(page, name) {
  const summary = page.locator('details.language-switcher > summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const link = page.locator('details.language-switcher a', { hasText: name });
  await link.waitFor({ state: 'visible' });
  await link.focus();
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

test('an article switches language and back with the keyboard', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'languages-article', async (page) => {
      await open(page, fx.url('/account-access/reset-password/'));
      assert.equal(await lang(page), 'en');
      const english = await h1Text(page);
      await switchTo(page, 'Español');
      assert.equal(path(page), '/es/account-access/reset-password/');
      assert.equal(await lang(page), 'es');
      const spanish = await h1Text(page);
      assert.notEqual(spanish, english);
      assert.match(spanish, /contraseña/i);
      // The switcher names the current language and marks it.
      assert.equal(
        await page.locator('details.language-switcher a[aria-current="true"]').getAttribute('lang'),
        'es',
      );
      await switchTo(page, 'English');
      assert.equal(path(page), '/account-access/reset-password/');
      assert.equal(await h1Text(page), english);
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('a page without a translation switches to that language\'s home', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'languages-fallback', async (page) => {
      await open(page, fx.url('/messaging/'));
      await switchTo(page, 'Español');
      assert.equal(path(page), '/es/');
      assert.equal(await lang(page), 'es');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('a wizard step switches to the same step, also after tree.js moved on', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'languages-wizard', async (page) => {
      await open(page, fx.url('/account-access/recover-your-account/'));
      // Answer the first question: tree.js swaps the next step in place.
      const first = page.locator('.tree-choices a').nth(1);
      await first.click();
      // tree.js keeps the answers in the URL (`?a=1`).
      await page.waitForURL(/\/recover-your-account\/what-happened\/(\?a=[\d.]+)?$/);
      await page.locator('h1', { hasText: 'What happened?' }).waitFor();
      await switchTo(page, 'Español');
      assert.equal(path(page), '/es/account-access/recover-your-account/what-happened/');
      // The answers come along, so the Spanish step can show them too.
      assert.equal(new URL(page.url()).search, '?a=1');
      assert.equal(await lang(page), 'es');
      assert.match(await h1Text(page), /¿Qué pasó\?/);
      // And the Spanish step back to English, without JavaScript having moved.
      await switchTo(page, 'English');
      assert.equal(path(page), '/account-access/recover-your-account/what-happened/');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('search as you type on a Spanish page finds Spanish stems', T, async () => {
  const ctx = await newContext(fx.browser, { locale: 'es-ES' });
  try {
    await withPage(ctx, 'languages-search', async (page) => {
      await open(page, fx.url('/es/account-access/'));
      await page.locator('#header-search').click();
      await page.keyboard.type('contraseñas');
      const option = page.locator('#header-search-listbox a[href*="/es/account-access/reset-password/"]').first();
      await option.waitFor();
      const hrefs = await page.locator('#header-search-listbox a').evaluateAll(
        (links) => links.map((a) => new URL(a.href).pathname),
      );
      assert.ok(hrefs.length > 0);
      for (const href of hrefs) {
        assert.ok(href.startsWith('/es/'), `a Spanish result: ${href}`);
      }
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('a Spanish search finds the articles not translated yet, in English, labelled and linking to the original', T, async () => {
  const ctx = await newContext(fx.browser, { locale: 'es-ES' });
  try {
    await withPage(ctx, 'languages-untranslated', async (page) => {
      // The search page: the original's URL, "En inglés" under it, the English text marked so.
      await open(page, fx.url('/es/search/?q=payout'));
      const first = page.locator('#search-results .search-result').first();
      await first.waitFor();
      const link = first.locator('.search-result-title a');
      assert.match(new URL(await link.evaluate((a) => a.href)).pathname, /^\/business-creator\/payouts\//);
      assert.equal(await link.getAttribute('lang'), 'en');
      assert.equal((await first.locator('.search-result-language').innerText()).trim(), 'En inglés');
      assert.equal(await first.locator('.search-result-excerpt').getAttribute('lang'), 'en');
      // The Spanish summary stays Spanish.
      assert.equal(await page.locator('html').getAttribute('lang'), 'es');
      await link.click();
      await page.waitForURL(/\/business-creator\/payouts\//);
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      // As you type on an Arabic page: the English option runs left to right, says its language.
      await open(page, fx.url('/ar/account-access/reset-password/'));
      await page.locator('#header-search').click();
      await page.keyboard.type('payout');
      const option = page.locator('#header-search-listbox a[href*="/business-creator/payouts/"]').first();
      await option.waitFor();
      assert.equal(await option.locator('.search-option-title').getAttribute('dir'), 'ltr');
      assert.ok((await option.locator('.search-option-language').innerText()).trim().length > 0);
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('an Arabic page runs right to left and fits a phone', T, async () => {
  const ctx = await newContext(fx.browser, { viewport: { width: 320, height: 640 }, locale: 'ar' });
  try {
    await withPage(ctx, 'languages-rtl', async (page) => {
      await open(page, fx.url('/ar/account-access/reset-password/'));
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
      const direction = await page.evaluate(() => getComputedStyle(document.querySelector('main')).direction);
      assert.equal(direction, 'rtl');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
      // The heading starts on the right: its right edge is near the viewport's.
      const box = await page.locator('main h1').boundingBox();
      assert.ok(320 - (box.x + box.width) < 40, `h1 hugs the right edge: ${JSON.stringify(box)}`);
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
