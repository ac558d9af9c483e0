// Keyboard-only use: skip link first, then a visible focus indicator on every tab stop.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, setup, newContext, withPage, open } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

/** Describes document.activeElement and whether it shows a focus indicator. */
function describeFocus(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', label: 'document.body', indicator: false };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow && cs.boxShadow !== 'none';
    const r = el.getBoundingClientRect();
    const text = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const id = el.id ? `#${el.id}` : '';
    const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
    return {
      tag: el.tagName.toLowerCase(),
      label: `${el.tagName.toLowerCase()}${id}${cls} "${text}"${el.getAttribute('href') ? ` → ${el.getAttribute('href')}` : ''}`,
      indicator: Boolean(outline || shadow),
      style: `outline: ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}; box-shadow: ${cs.boxShadow}`,
      focusVisible: el.matches(':focus-visible'),
      onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    };
  });
}

for (const scheme of ['light', 'dark']) {
  test(`keyboard only (${scheme}): skip link first, Enter moves focus to main, visible focus on 20 tab stops`, async () => {
    const ctx = await newContext(fx.browser, { colorScheme: scheme });
    try {
      await withPage(ctx, `keyboard-${scheme}`, async (page) => {
        await open(page, fx.url(PAGES.longArticle));

        // 1. The first tab stop is the skip link, and it is visible when focused.
        await page.keyboard.press('Tab');
        const first = await describeFocus(page);
        assert.match(first.label, /^a\.skip-link "Skip to main content" → #main$/, `first tab stop: ${first.label}`);
        assert.ok(first.onScreen, 'the focused skip link is on screen');
        assert.ok(first.indicator, `skip link focus indicator (${first.style})`);

        // 2. Enter follows it: focus on <main>, the next Tab goes into the content.
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main');
        assert.equal(new URL(page.url()).hash, '#main');
        await page.keyboard.press('Tab');
        const afterSkip = await page.evaluate(() => {
          const el = document.activeElement;
          return { inMain: Boolean(el.closest('main')), html: el.outerHTML.slice(0, 120) };
        });
        assert.ok(afterSkip.inMain, `Tab after the skip link should land in main, got ${afterSkip.html}`);

        // 3. From the top again, every tab stop shows a focus indicator.
        await open(page, fx.url(PAGES.longArticle));
        const stops = [];
        const missing = [];
        for (let i = 0; i < 20; i++) {
          await page.keyboard.press('Tab');
          const f = await describeFocus(page);
          stops.push(f.label);
          if (f.tag === 'body') break;
          if (!f.indicator || !f.onScreen) missing.push(`#${i + 1} ${f.label}: ${f.indicator ? '' : `no indicator (${f.style}) `}${f.onScreen ? '' : 'off screen'}`);
        }
        if (process.env.E2E_DEBUG) console.log(stops);
        assert.ok(stops.length >= 15, `expected at least 15 tab stops, got ${stops.length}: ${stops.join(' | ')}`);
        assert.deepEqual(missing, [], `tab stops without a visible focus indicator:\n  ${missing.join('\n  ')}`);

      });
    } finally {
      await ctx.close();
    }
  });
}
