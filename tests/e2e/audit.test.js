// Every page kind (and search: results, no results, the dropdown open with results; "Was this
// helpful?" with its reason form open; troubleshooting trees: a wizard's first step, an escalate
// step filled in by tree.js, a resolved step, a map): no console or page errors, and an axe-core
// WCAG 2.x A/AA audit with zero violations in both colour schemes, at a phone and a desktop
// width. Screenshots of each audited page land in artifacts/screenshots/ as a by-product.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, setup, newContext, withPage, open, screenshot } = require('./helpers');

const AXE = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

// Search results are drawn by search-ui.js once the worker answers: `ready` waits for them
// (and types into a box to open its dropdown) before a page is checked.
const searchPageReady = (page) => page.locator('#search-results .search-summary:not(.search-loading)').waitFor();
async function openDropdown(page, box, query, { select = false } = {}) {
  await page.locator(box).click();
  await page.keyboard.type(query);
  await page.locator(`${box}-listbox .search-option-all`).filter({ hasText: `“${query}”` }).waitFor();
  if (select) await page.keyboard.press('ArrowDown'); // an active option, with its highlight
}
// A wizard's escalate step is checked as tree.js leaves it after reading the answers from
// `?a=`: the "Your answers" summary shown, the request editable and filled in, Copy offered.
async function wizardFilled(page) {
  await page.locator('[data-tree-answers]:not([hidden]) [data-tree-answers-list] .answers-row').first().waitFor();
  await page.locator('textarea[data-request-text]:not([readonly])').waitFor();
  await page.locator('button[data-request-copy]:not([hidden])').waitFor();
}

// "Was this helpful?" after "No": the optional reason and comment, a reason picked and a few
// words typed (insights.js shows the widget: the demo has [insights]).
async function voteFormOpen(page) {
  await page.locator('[data-vote]:not([hidden])').getByRole('button', { name: 'No' }).click();
  await page.getByRole('radio', { name: 'It was hard to follow' }).check();
  await page.getByRole('textbox', { name: /Tell us more/ }).fill('The second step shows a button my app does not have.');
}

const AUDITED = [
  ['home', PAGES.home],
  ['category', PAGES.category],
  ['subcategory', PAGES.subcategory],
  ['article', PAGES.article, { ready: (page) => page.locator('[data-vote]:not([hidden])').waitFor() }],
  ['article-vote-no', PAGES.article, { ready: voteFormOpen }],
  ['long-article', PAGES.longArticle],
  ['contact', PAGES.contact],
  ['search', PAGES.search, { ready: searchPageReady }],
  ['search-no-results', '/search/?q=zzqqxx', { ready: searchPageReady }],
  ['dropdown', PAGES.article, { ready: (page) => openDropdown(page, '#header-search', 'password', { select: true }) }],
  ['404', PAGES.notFound, { status: 404 }],
  ['wizard', PAGES.wizard],
  ['wizard-escalate', PAGES.wizardEscalate, { ready: wizardFilled }],
  // A resolved step has "Was this helpful?" too.
  ['troubleshooter-resolved', PAGES.troubleshooterResolved],
  ['tree-map', PAGES.treeMap],
  // Translations: a Spanish article and wizard step (language switcher open), and an Arabic
  // page laid out right to left.
  ['spanish-article', '/es/account-access/reset-password/', { ready: (page) => page.locator('details.language-switcher > summary').click() }],
  ['spanish-wizard', '/es/account-access/recover-your-account/what-happened/'],
  ['arabic-rtl', '/ar/account-access/reset-password/'],
];

/** Opens an audited page and waits until it is in the state to check. */
async function visit(page, url, opts = {}) {
  await open(page, pageUrl(url, opts), opts.status || 200);
  if (opts.ready) await opts.ready(page);
}

const pageUrl = (url) => fx.url(url);

test('no console errors or page errors on any page kind (including the alias redirect)', async () => {
  const ctx = await newContext(fx.browser);
  try {
    const visited = [...AUDITED, ['redirect', '/help/password-reset/']];
    for (const [kind, url, opts = {}] of visited) {
      await withPage(ctx, `errors-${kind}`, async (page) => {
        await visit(page, url, opts);
        if (kind === 'redirect') await page.waitForURL('**/account-access/reset-password/');
      });
    }
    assert.deepEqual(ctx.errors, [], `console/page errors:\n  ${ctx.errors.join('\n  ')}`);
  } finally {
    await ctx.close();
  }
});

function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 6).map((n) => {
      const detail = (n.failureSummary || '').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' / ');
      return `      - ${n.target.join(' ')}\n        ${detail}`;
    });
    const more = v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : '';
    return `    [${v.impact}] ${v.id}: ${v.help}\n      ${v.helpUrl}\n${nodes.join('\n')}${more}`;
  }).join('\n');
}

// axe accepts a placeholder as a text field's name; the theme promises real labels (WCAG
// 3.3.2: a placeholder vanishes as soon as you type), so check that on top of axe.
test('every form field on every page kind has a <label> or aria-labelledby, not just a placeholder', async () => {
  const ctx = await newContext(fx.browser);
  const problems = [];
  try {
    for (const [kind, url, opts = {}] of AUDITED) {
      await withPage(ctx, `labels-${kind}`, async (page) => {
        await visit(page, url, opts);
        const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
          .filter((el) => !(el.labels && [...el.labels].some((l) => l.textContent.trim())) && !el.getAttribute('aria-labelledby'))
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.placeholder ? ` (placeholder "${el.placeholder}")` : ''}`));
        for (const u of unlabelled) problems.push(`${kind} ${url}: ${u}`);
      });
    }
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], `form fields without a label:\n  ${problems.join('\n  ')}`);
});

for (const scheme of ['light', 'dark']) {
  test(`axe-core audit (${AXE_TAGS.join(', ')}): zero violations on every page kind, ${scheme} scheme`, async () => {
    const failures = [];
    let audited = 0;
    for (const width of [390, 1280]) {
      const ctx = await newContext(fx.browser, { colorScheme: scheme, viewport: { width, height: width < 600 ? 844 : 800 } });
      try {
        for (const [kind, url, opts = {}] of AUDITED) {
          await withPage(ctx, `axe-${kind}-${width}-${scheme}`, async (page) => {
            await visit(page, url, opts);
            await page.evaluate(() => document.fonts.ready);
            await screenshot(page, `${kind}-${width}-${scheme}`);
            await page.addScriptTag({ path: AXE });
            const result = await page.evaluate((tags) => window.axe.run(document, {
              runOnly: { type: 'tag', values: tags },
              resultTypes: ['violations'],
            }), AXE_TAGS);
            audited++;
            if (result.violations.length) {
              failures.push(`  ${kind} ${url} at ${width}px, ${scheme}: ${result.violations.length} violation(s)\n${formatViolations(result.violations)}`);
            }
          });
        }
      } finally {
        await ctx.close();
      }
    }
    assert.equal(audited, AUDITED.length * 2);
    assert.ok(failures.length === 0, `axe-core found accessibility violations:\n${failures.join('\n')}`);
  });
}
