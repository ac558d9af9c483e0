// Reader journeys through the demo help center: links, contact page, 404, redirects, no-JS.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, setup, newContext, withPage, open, supportChannels } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

const h1 = (page) => page.locator('h1').first().innerText().then((t) => t.trim());
const pathOf = (page) => new URL(page.url()).pathname;

test('journey: home → category → article → related article, by clicking links', async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'journey', async (page) => {
      await open(page, fx.url('/'));
      assert.equal(await h1(page), 'How can we help?');

      // The category card on the home page.
      await Promise.all([
        page.waitForURL('**/account-access/'),
        page.getByRole('link', { name: 'Account access and recovery', exact: true }).first().click(),
      ]);
      assert.equal(pathOf(page), '/account-access/');
      assert.match(await h1(page), /Account access and recovery$/);

      // An article in the category's list.
      await Promise.all([
        page.waitForURL('**/account-access/reset-password/'),
        page.locator('main .article-list').getByRole('link', { name: 'Reset a forgotten password', exact: true }).click(),
      ]);
      assert.equal(await h1(page), 'Reset a forgotten password');
      const crumbs = await page.locator('nav.breadcrumbs a').allInnerTexts();
      assert.deepEqual(crumbs.map((c) => c.trim()), ['Home', 'Account access and recovery'], 'breadcrumb links');

      // The first related article (front matter `related` of reset-password.md).
      const related = page.locator('section.related a.article-link').first();
      const relatedTitle = (await related.innerText()).trim();
      const relatedHref = await related.getAttribute('href');
      assert.equal(relatedHref, '/account-access/login-codes/', `first related article link`);
      await Promise.all([page.waitForURL(`**${relatedHref}`), related.click()]);
      assert.equal(pathOf(page), relatedHref);
      assert.equal(await h1(page), relatedTitle);
      assert.equal(await page.title(), `${relatedTitle} · Murmur Help Center`);
    });
    assert.deepEqual(ctx.errors, [], 'console/page errors during the journey');
  } finally {
    await ctx.close();
  }
});

test('contact page lists every support channel from book.toml with its response time', async () => {
  // Urgent channels (`urgent = true`) first, then book.toml's order.
  const channels = supportChannels().sort((a, b) => Boolean(b.urgent) - Boolean(a.urgent));
  assert.ok(channels.length >= 1, 'book.toml should declare [[support.channels]]');
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'contact', async (page) => {
      await open(page, fx.url(PAGES.contact));
      assert.equal(await h1(page), 'Contact us');
      const cards = page.locator('main .channel-list .channel');
      assert.equal(await cards.count(), channels.length, 'number of channel cards');
      for (const [i, c] of channels.entries()) {
        const card = cards.nth(i);
        const text = (await card.innerText()).replace(/\s+/g, ' ');
        assert.equal((await card.locator('.channel-name').innerText()).trim(), c.name, `channel ${i + 1} name`);
        // Free text as written; a structured reply time (`reply-within`, `live`) in words.
        const time = c['response-time'] || (c['reply-within'] ? 'Replies within' : 'Open ');
        assert.ok(text.includes(time), `channel "${c.name}" should show its response time "${time}"; card text: ${text}`);
        if (c.description) assert.ok(text.includes(c.description), `channel "${c.name}" description missing; card text: ${text}`);
        const hrefs = await card.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(hrefs.includes(c.url), `channel "${c.name}" should link to ${c.url}; links: ${JSON.stringify(hrefs)}`);
      }
    });
  } finally {
    await ctx.close();
  }
});

test('a missing URL answers 404 with the not-found page, a search form and a link home', async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, '404', async (page) => {
      await open(page, fx.url(PAGES.notFound), 404);
      assert.equal(await h1(page), 'Page not found');
      const search = page.locator('main form[role=search]');
      assert.equal(await search.count(), 1, 'one search form in main');
      assert.equal(await search.getAttribute('action'), '/search/');
      // With JavaScript the box is a combobox (results as you type, see search.test.js).
      assert.equal(await search.getByRole('combobox', { name: 'Search for what you need' }).count(), 1,
        'a search box labelled "Search for what you need"');
      const home = page.locator('main a[href="/"]');
      assert.ok(await home.count() >= 1, 'a link to the home page in main');
      assert.match(await home.first().innerText(), /home/i);
      // Nested missing path: the stylesheet (absolute URL) still applies.
      const lineHeight = await page.locator('h1').evaluate((el) => getComputedStyle(el).lineHeight);
      assert.notEqual(lineHeight, 'normal', 'helpbook.css should be applied on the 404 page');

      // Searching from the 404 page goes to the search page with the query.
      await search.getByRole('combobox').fill('password');
      await Promise.all([page.waitForURL('**/search/?q=password'), search.getByRole('button', { name: 'Search' }).click()]);
      assert.equal(await h1(page), 'Search');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('an alias (/help/password-reset/) redirects to the reset-password article', async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'alias', async (page) => {
      await page.goto(fx.url('/help/password-reset/'));
      await page.waitForURL('**/account-access/reset-password/');
      assert.equal(pathOf(page), '/account-access/reset-password/');
      assert.equal(await h1(page), 'Reset a forgotten password');
    });
  } finally {
    await ctx.close();
  }
});

test('JavaScript disabled: pages render their h1 and working links; search explains itself', async () => {
  const ctx = await newContext(fx.browser, { javaScriptEnabled: false });
  try {
    const pages = {
      home: ['/', 'How can we help?'],
      category: [PAGES.category, /Account access and recovery$/],
      article: [PAGES.article, 'Reset a forgotten password'],
      contact: [PAGES.contact, 'Contact us'],
    };
    for (const [kind, [url, title]] of Object.entries(pages)) {
      await withPage(ctx, `nojs-${kind}`, async (page) => {
        await open(page, fx.url(url));
        const heading = await h1(page);
        if (title instanceof RegExp) assert.match(heading, title, `${kind} h1`);
        else assert.equal(heading, title, `${kind} h1`);
        // Links in main and the footer are there and point at pages that exist.
        const hrefs = await page.locator('main a[href^="/"], footer a[href^="/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
        assert.ok(hrefs.length >= 3, `${kind}: expected links, got ${JSON.stringify(hrefs)}`);
        for (const href of hrefs) {
          const res = await page.request.get(fx.url(href), { maxRedirects: 0 });
          assert.equal(res.status(), 200, `${kind}: link ${href} answers ${res.status()}`);
        }
        // The "/" shortcut is a JS enhancement: without JS, "/" does not move focus.
        await page.keyboard.press('/');
        const focused = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
        assert.equal(focused, 'BODY', `${kind}: "/" should do nothing without JS`);
        // A real link click navigates.
        const first = page.locator('main a[href^="/"], .site-footer a[href^="/"]').first();
        const href = await first.getAttribute('href');
        await Promise.all([page.waitForURL((u) => u.pathname === href.split('#')[0]), first.click()]);
        assert.ok((await h1(page)).length > 0, `${kind}: h1 after following ${href}`);
      });
    }
    await withPage(ctx, 'nojs-search', async (page) => {
      await open(page, fx.url(PAGES.search));
      const msg = page.locator('main .noscript-message');
      await msg.waitFor({ state: 'visible' });
      assert.match(await msg.innerText(), /Search needs JavaScript/);
      // Topics and contact stay reachable from the search page without JS.
      const links = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(links.includes(PAGES.category) && links.includes(PAGES.contact),
        `search page without JS should link to the topics and contact page; links in main: ${JSON.stringify(links)}`);
    });
  } finally {
    await ctx.close();
  }
});

test('with JavaScript, "/" focuses the search box', async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'slash', async (page) => {
      await open(page, fx.url(PAGES.article));
      await page.keyboard.press('/');
      const id = await page.evaluate(() => document.activeElement && document.activeElement.id);
      assert.equal(id, 'header-search');
    });
  } finally {
    await ctx.close();
  }
});
