// Colour schemes and small screens.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, setup, newContext, withPage, open } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

/** Relative luminance (WCAG) of the computed colour `prop` of the element matching `selector`. */
function luminanceOf(page, selector, prop) {
  return page.locator(selector).first().evaluate((el, prop) => {
    const css = getComputedStyle(el)[prop];
    const m = css.match(/rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/);
    if (!m) throw new Error(`cannot parse ${prop}: ${css}`);
    const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const [r, g, b] = m.slice(1, 4).map(Number).map(lin);
    return { css, luminance: 0.2126 * r + 0.7152 * g + 0.0722 * b };
  }, prop);
}

for (const scheme of ['light', 'dark']) {
  test(`${scheme} colour scheme: the page background is ${scheme} and the text contrasts with it`, async () => {
    const ctx = await newContext(fx.browser, { colorScheme: scheme });
    try {
      for (const url of [PAGES.home, PAGES.article]) {
        await withPage(ctx, `scheme-${scheme}-${url}`, async (page) => {
          await open(page, fx.url(url));
          const bg = await luminanceOf(page, 'body', 'backgroundColor');
          const fg = await luminanceOf(page, 'body', 'color');
          if (scheme === 'dark') {
            assert.ok(bg.luminance < 0.05, `${url}: body background ${bg.css} (luminance ${bg.luminance.toFixed(3)}) should be dark`);
            assert.ok(fg.luminance > 0.6, `${url}: body text ${fg.css} should be light on a dark background`);
          } else {
            assert.ok(bg.luminance > 0.9, `${url}: body background ${bg.css} (luminance ${bg.luminance.toFixed(3)}) should be light`);
            assert.ok(fg.luminance < 0.05, `${url}: body text ${fg.css} should be dark on a light background`);
          }
          const ratio = (Math.max(bg.luminance, fg.luminance) + 0.05) / (Math.min(bg.luminance, fg.luminance) + 0.05);
          assert.ok(ratio >= 7, `${url}: body text contrast ${ratio.toFixed(2)}:1 should be at least 7:1`);
          const used = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
          assert.match(used, /light dark|light|dark/, 'color-scheme declared');
        });
      }
    } finally {
      await ctx.close();
    }
  });
}

test('phone viewport 360×740: no horizontal scrolling on any page kind', async () => {
  const ctx = await newContext(fx.browser, {
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const urls = {
    home: PAGES.home,
    category: PAGES.category,
    subcategory: PAGES.subcategory,
    longArticle: PAGES.longArticle,
    tableArticle: '/privacy-safety/who-can-see-your-posts/',
    contact: PAGES.contact,
    search: PAGES.search,
    notFound: PAGES.notFound,
  };
  const problems = [];
  try {
    for (const [kind, url] of Object.entries(urls)) {
      await withPage(ctx, `phone-${kind}`, async (page) => {
        await open(page, fx.url(url), kind === 'notFound' ? 404 : 200);
        const m = await page.evaluate((viewport) => {
          // With isMobile, a too-wide page makes Chromium zoom out (innerWidth grows), so
          // compare with the device width as well as with innerWidth.
          const width = window.innerWidth;
          const scrollWidth = document.documentElement.scrollWidth;
          // Name the widest culprits, ignoring content inside horizontally scrollable boxes.
          const culprits = [];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= viewport + 0.5) continue;
            let p = el.parentElement; let clipped = false;
            while (p && p !== document.body) {
              const o = getComputedStyle(p).overflowX;
              if (o !== 'visible') { clipped = true; break; }
              p = p.parentElement;
            }
            if (!clipped) culprits.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(r.right)}px)`);
          }
          return { width, scrollWidth, culprits: culprits.slice(0, 8) };
        }, 360);
        if (m.width !== 360 || m.scrollWidth > m.width) {
          problems.push(`${kind} (${url}): the page is ${m.scrollWidth}px wide on a 360px screen (innerWidth ${m.width}); overflowing: ${m.culprits.join(', ') || '?'}`);
        }
      });
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], `horizontal scrolling at 360px:\n  ${problems.join('\n  ')}`);
});
