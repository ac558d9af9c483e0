// The page frame on a phone and a desktop (issue 18): "Contact us" in the header of every page
// kind and language, within the first screen of a 390×844 phone; the category navigation beside
// category and article pages on a desktop (below the content on a phone); the sticky "On this
// page" beside a long article at 1280 and folded above it at 390; the home page's heading and
// its way in for locked-out readers; no sideways scrolling at 320 and 360, right to left too.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, setup, newContext, withPage, open } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

// Every page kind, in the three languages of the demo (Spanish and Arabic where translated).
const EVERY_KIND = {
  home: PAGES.home,
  category: PAGES.category,
  subcategory: PAGES.subcategory,
  article: PAGES.article,
  longArticle: PAGES.longArticle,
  search: PAGES.search,
  contact: PAGES.contact,
  notFound: PAGES.notFound,
  wizard: PAGES.wizard,
  wizardStep: '/account-access/recover-your-account/what-happened/',
  troubleshooterResolved: PAGES.troubleshooterResolved,
  treeMap: PAGES.treeMap,
  esHome: '/es/',
  esArticle: '/es/account-access/reset-password/',
  esContact: '/es/contact/',
  arHome: '/ar/',
  arArticle: '/ar/account-access/reset-password/',
  arContact: '/ar/contact/',
};
const CONTACT_WORDS = { '': 'Contact us', es: 'Contáctanos', ar: 'تواصل معنا' };
const languageOf = (url) => (url.match(/^\/(es|ar)\//) || [, ''])[1];

/** The header's contact link: where it goes, its words, where it is, whether it says "current". */
function headerContact(page) {
  return page.evaluate(() => {
    const links = [...document.querySelectorAll('header.site-header a')]
      .filter((a) => !a.closest('.language-switcher') && /\/contact\/$/.test(a.getAttribute('href')));
    return links.map((a) => {
      const r = a.getBoundingClientRect();
      const cs = getComputedStyle(a);
      return {
        href: a.getAttribute('href'),
        text: a.innerText.trim(),
        current: a.getAttribute('aria-current'),
        top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
        visible: r.width > 0 && r.height > 0 && cs.visibility !== 'hidden',
      };
    });
  });
}

test('"Contact us" is in the header of every page kind and language, within the first screen of a 390×844 phone', async () => {
  const ctx = await newContext(fx.browser, PHONE);
  const problems = [];
  try {
    for (const [kind, url] of Object.entries(EVERY_KIND)) {
      await withPage(ctx, `contact-link-${kind}`, async (page) => {
        await open(page, fx.url(url), kind === 'notFound' ? 404 : 200);
        const links = await headerContact(page);
        const lang = languageOf(url);
        const contactUrl = lang ? `/${lang}/contact/` : '/contact/';
        if (links.length !== 1) return problems.push(`${kind} (${url}): ${links.length} contact links in the header`);
        const [l] = links;
        if (l.href !== contactUrl) problems.push(`${kind}: the header's contact link goes to ${l.href}, not ${contactUrl}`);
        if (l.text !== CONTACT_WORDS[lang]) problems.push(`${kind}: the header's contact link says "${l.text}", not "${CONTACT_WORDS[lang]}"`);
        if (!l.visible || l.top < 0 || l.bottom > 844) problems.push(`${kind}: the header's contact link is not on the first screen (${Math.round(l.top)}..${Math.round(l.bottom)}px)`);
        if (l.height < 44) problems.push(`${kind}: the header's contact link is ${l.height}px tall, under 44px`);
        if (l.left < 0 || l.right > 390) problems.push(`${kind}: the header's contact link spans ${Math.round(l.left)}..${Math.round(l.right)}px`);
        const isContact = /contact/i.test(kind);
        if (isContact && l.current !== 'page') problems.push(`${kind}: the header's contact link is not aria-current="page" on the contact page itself`);
        if (!isContact && l.current !== null) problems.push(`${kind}: the header's contact link says aria-current="${l.current}" off the contact page`);
        // The header stays one row of title, contact and language, with search under it: not
        // crowded into more rows than that.
        const header = await page.locator('header.site-header').boundingBox();
        if (header.height > 140) problems.push(`${kind}: the header is ${Math.round(header.height)}px tall on a phone`);
      });
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], `the header's contact link:\n  ${problems.join('\n  ')}`);
});

test('the contact page does not offer itself as a way out: no "Still need help?" band linking to it', async () => {
  const ctx = await newContext(fx.browser, DESKTOP);
  try {
    await withPage(ctx, 'contact-self', async (page) => {
      await open(page, fx.url(PAGES.contact));
      // Links to the page itself that are not marked as the current page (the header's and
      // the footer's are).
      const self = await page.locator('a[href="/contact/"]:not([aria-current])').count();
      assert.equal(await page.locator('footer a[href="/contact/"][aria-current="page"]').count(), 1, "the footer's link marked current");
      assert.equal(self, 0, 'links from the contact page to itself');
      assert.equal(await page.locator('.help-cta').count(), 0, 'the "Still need help?" band');
    });
  } finally {
    await ctx.close();
  }
});

test('the home page: its title once, a heading that asks, and locked-out readers sent to the recovery wizard', async () => {
  const ctx = await newContext(fx.browser, PHONE);
  try {
    await withPage(ctx, 'home-title', async (page) => {
      await open(page, fx.url(PAGES.home));
      const seen = await page.evaluate(() => document.body.innerText.split('Murmur Help Center').length - 1);
      // The header's title and the footer's: not the header, a hero heading and the footer.
      assert.equal(seen, 2, 'times the site title is shown on the home page');
      const aboveFooter = await page.evaluate(() => {
        const footer = document.querySelector('.site-footer');
        let n = 0;
        // Elements whose own text (not a child's) holds the title: the header's link holds
        // the logo image and the title's text.
        for (const el of document.querySelectorAll('body *')) {
          if (footer.contains(el)) continue;
          const own = [...el.childNodes].filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => c.textContent).join('');
          if (own.includes('Murmur Help Center')) n++;
        }
        return n;
      });
      assert.equal(aboveFooter, 1, 'the site title above the footer: once, in the header');
      assert.equal((await page.locator('h1').innerText()).trim(), 'How can we help?');
      // The most prominent link for a locked-out reader: the home page's intro, on the first screen.
      const intro = page.locator('main .home-intro a').first();
      assert.equal(await intro.getAttribute('href'), '/account-access/recover-your-account/', 'the intro links to the wizard');
      const box = await intro.boundingBox();
      assert.ok(box.y + box.height <= 844, `the link to the wizard ends at ${Math.round(box.y + box.height)}px, below a 844px screen`);
      await Promise.all([page.waitForURL('**/account-access/recover-your-account/'), intro.click()]);
      assert.match(await page.locator('h1').innerText(), /logged in to Murmur anywhere/);
    });
    for (const lang of ['es', 'ar']) {
      await withPage(ctx, `home-${lang}`, async (page) => {
        await open(page, fx.url(`/${lang}/`));
        const href = await page.locator('main .home-intro a').first().getAttribute('href');
        // Arabic has no translation of the wizard: its link goes to the English one.
        const expected = lang === 'es' ? '/es/account-access/recover-your-account/' : '/account-access/recover-your-account/';
        assert.equal(href, expected, `${lang}: the home intro's first link`);
      });
    }
  } finally {
    await ctx.close();
  }
});

test('desktop 1280×900: the home page\'s five categories fill rows evenly (3 + 2, not 4 + 1); four channel cards in two rows of two, their buttons on one line', async () => {
  const ctx = await newContext(fx.browser, DESKTOP);
  try {
    await withPage(ctx, 'home-grid', async (page) => {
      await open(page, fx.url(PAGES.home));
      const rows = await page.$$eval('main .card-grid > .card', (cards) => {
        const byTop = new Map();
        for (const c of cards) {
          const top = Math.round(c.getBoundingClientRect().top);
          byTop.set(top, (byTop.get(top) || 0) + 1);
        }
        return [...byTop.values()];
      });
      assert.equal(rows.reduce((a, b) => a + b, 0), 5, 'the demo has five categories');
      assert.deepEqual(rows, [3, 2], 'cards per row');
      const buttons = await page.$$eval('main .channel-list .button', (bs) => bs.map((b) => {
        const lh = parseFloat(getComputedStyle(b).lineHeight) || 24;
        const pad = parseFloat(getComputedStyle(b).paddingTop) + parseFloat(getComputedStyle(b).paddingBottom);
        return { text: b.innerText.trim(), lines: Math.round((b.getBoundingClientRect().height - pad) / lh) };
      }));
      assert.ok(buttons.length >= 3, 'the home page offers the channels');
      assert.deepEqual(buttons.filter((b) => b.lines > 1), [], 'button labels on one line');
      for (const url of [PAGES.home, PAGES.contact]) {
        await open(page, fx.url(url));
        const channelRows = await page.$$eval('main .channel-list:not(.tree-other-channels *) > li', (cards) => {
          const byTop = new Map();
          for (const c of cards) {
            const top = Math.round(c.getBoundingClientRect().top);
            byTop.set(top, (byTop.get(top) || 0) + 1);
          }
          return [...byTop.values()];
        });
        assert.deepEqual(channelRows, [2, 2], `${url}: the demo's four channels in two rows of two`);
      }
    });
  } finally {
    await ctx.close();
  }
});

test('desktop 1280×900: the category navigation beside category and article pages, the current page marked', async () => {
  const ctx = await newContext(fx.browser, DESKTOP);
  try {
    const cases = [
      // url, the link marked current, the categories marked open
      [PAGES.category, 'Account access and recovery', []],
      [PAGES.subcategory, 'Creator payouts', ['Business and creator accounts']],
      [PAGES.longArticle, 'Turn on two-factor authentication', ['Account access and recovery']],
      ['/es/account-access/reset-password/', 'Restablecer una contraseña olvidada', ['Acceso y recuperación de la cuenta']],
    ];
    for (const [url, current, open_] of cases) {
      await withPage(ctx, `side-nav-${url}`, async (page) => {
        await open(page, fx.url(url));
        const nav = page.locator('nav.side-nav');
        assert.equal(await nav.count(), 1, `${url}: one category navigation`);
        const marked = await nav.locator('a[aria-current="page"]').allInnerTexts();
        assert.deepEqual(marked.map((t) => t.trim()), [current], `${url}: the link marked current`);
        const opened = await nav.locator('.is-open > a').allInnerTexts();
        assert.deepEqual(opened.map((t) => t.trim()).filter((t) => t !== current), open_, `${url}: the categories opened`);
        // Beside main, on the reading side's start: left of main (right in Arabic), top-aligned.
        const navBox = await nav.boundingBox();
        const mainBox = await page.locator('main').boundingBox();
        assert.ok(navBox.x + navBox.width <= mainBox.x, `${url}: the navigation (${navBox.x}..${navBox.x + navBox.width}) is left of main (${mainBox.x})`);
        assert.ok(navBox.y < mainBox.y + 100, `${url}: the navigation starts at ${navBox.y}px, main at ${mainBox.y}px`);
        // Every top-level category is listed (the Spanish help center translates one).
        const top = await nav.locator('.nav-level-0 > a').count();
        assert.equal(top, url.startsWith('/es/') ? 1 : 5, `${url}: top-level categories`);
      });
    }
    // Pages that are not a category or an article have none.
    for (const url of [PAGES.home, PAGES.contact, PAGES.wizard, PAGES.notFound]) {
      await withPage(ctx, `no-side-nav-${url}`, async (page) => {
        await open(page, fx.url(url), url === PAGES.notFound ? 404 : 200);
        assert.equal(await page.locator('nav.side-nav').count(), 0, `${url}: no category navigation`);
      });
    }
    // Right to left: the navigation is on the right.
    await withPage(ctx, 'side-nav-rtl', async (page) => {
      await open(page, fx.url('/ar/account-access/reset-password/'));
      const navBox = await page.locator('nav.side-nav').boundingBox();
      const mainBox = await page.locator('main').boundingBox();
      assert.ok(navBox.x >= mainBox.x + mainBox.width, `Arabic: the navigation (${navBox.x}) is right of main (ends ${mainBox.x + mainBox.width})`);
    });
  } finally {
    await ctx.close();
  }
});

test('phone 390×844: the category navigation comes after the content, as one row of categories', async () => {
  const ctx = await newContext(fx.browser, PHONE);
  try {
    await withPage(ctx, 'side-nav-phone', async (page) => {
      await open(page, fx.url(PAGES.longArticle));
      const nav = await page.locator('nav.side-nav').boundingBox();
      const article = await page.locator('main article').boundingBox();
      assert.ok(nav.y >= article.y + article.height, `the navigation (${nav.y}px) follows the article (ends ${article.y + article.height}px)`);
      // Only the top-level categories show; the category's articles are not repeated there.
      const shown = await page.locator('nav.side-nav li').evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().height > 0).length);
      assert.equal(shown, await page.locator('nav.side-nav .nav-level-0').count(), 'the list items shown on a phone');
    });
  } finally {
    await ctx.close();
  }
});

test('"On this page": beside a long article and sticky at 1280, folded above the text at 390', async () => {
  const desktop = await newContext(fx.browser, DESKTOP);
  try {
    await withPage(desktop, 'toc-desktop', async (page) => {
      await open(page, fx.url(PAGES.longArticle));
      const toc = page.locator('nav.toc .toc-static');
      assert.ok(await toc.isVisible(), 'the table of contents is shown');
      assert.equal(await page.locator('nav.toc details').isVisible(), false, 'no disclosure at 1280');
      const ids = await toc.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(ids.length >= 3, `entries: ${ids}`);
      for (const id of ids) assert.equal(await page.locator(`main ${id}`).count(), 1, `the heading ${id} exists`);
      const body = await page.locator('.article-body').boundingBox();
      const box = await toc.boundingBox();
      assert.ok(box.x >= body.x + body.width, `the table of contents (${box.x}) is beside the text (ends ${body.x + body.width})`);
      assert.ok(box.x + box.width <= 1280, 'within the screen');
      // The section being read is marked in it as the reader scrolls (helpbook.js).
      await page.evaluate(() => document.getElementById('backup-codes').scrollIntoView());
      await page.locator('.toc-static a[href="#backup-codes"][aria-current]').waitFor({ timeout: 3000 });
      assert.equal(await page.locator('.toc-static a[aria-current]').count(), 1, 'one section marked as being read');
      // Sticky: still on screen after scrolling far down the article.
      await page.evaluate(() => window.scrollTo(0, document.querySelector('.article-body').getBoundingClientRect().bottom + window.scrollY - 900));
      const after = await toc.boundingBox();
      assert.ok(after.y >= 0 && after.y < 900, `after scrolling, the table of contents is at ${after.y}px`);
      // The text keeps a readable measure beside the navigation and the table of contents.
      assert.ok(body.width >= 560, `the article's text is ${body.width}px wide`);
    });
  } finally {
    await desktop.close();
  }
  const phone = await newContext(fx.browser, PHONE);
  try {
    await withPage(phone, 'toc-phone', async (page) => {
      await open(page, fx.url(PAGES.longArticle));
      assert.equal(await page.locator('nav.toc .toc-static').isVisible(), false, 'no open list at 390');
      const details = page.locator('nav.toc details');
      assert.ok(await details.isVisible(), 'a folded "On this page"');
      assert.equal(await details.evaluate((d) => d.open), false, 'folded');
      const box = await details.boundingBox();
      assert.ok(box.height <= 60, `the folded table of contents is ${box.height}px tall`);
      const body = await page.locator('.article-body').boundingBox();
      assert.ok(box.y < body.y, 'above the text');
    });
  } finally {
    await phone.close();
  }
});

for (const width of [320, 360]) {
  test(`no horizontal scrolling at ${width}px on any page kind, left to right and right to left`, async () => {
    const ctx = await newContext(fx.browser, { viewport: { width, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const problems = [];
    try {
      for (const [kind, url] of Object.entries(EVERY_KIND)) {
        await withPage(ctx, `scroll-${width}-${kind}`, async (page) => {
          await open(page, fx.url(url), kind === 'notFound' ? 404 : 200);
          const m = await page.evaluate(() => ({ inner: window.innerWidth, scroll: document.documentElement.scrollWidth }));
          if (m.inner !== width || m.scroll > width) problems.push(`${kind} (${url}): ${m.scroll}px wide (innerWidth ${m.inner})`);
        });
      }
    } finally {
      await ctx.close();
    }
    assert.deepEqual(problems, [], `horizontal scrolling at ${width}px:\n  ${problems.join('\n  ')}`);
  });
}
