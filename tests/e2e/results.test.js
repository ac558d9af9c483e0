// The search results tell the truth: the count says how many pages have every word and how
// many only some (listed apart, each with the words it lacks, and so announced); only the
// variant of a word that a result matched is highlighted ("reset" marks "reset", not
// "resend" or "restrict" beside it); excerpts start and end at whole words, with an
// ellipsis where the text goes on.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, newContext, withPage, open } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

const T = { timeout: 90_000 };

async function searchPageSettled(page, query) {
  await page.locator('#search-results .search-summary:not(.search-loading)').filter({ hasText: `“${query}”` }).waitFor();
}

/** Records what the polite live region says (set up before the search runs). */
async function recordAnnouncements(page) {
  await page.addInitScript(() => {
    window.__announced = [];
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('search-status');
      new MutationObserver(() => {
        const text = status.textContent.trim();
        if (text) window.__announced.push(text);
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
}

/** Each result of the search page: its title, marks, excerpt, note and list. */
function readResults(page) {
  return page.locator('#search-results .search-result').evaluateAll((lis) => lis.map((li) => ({
    title: li.querySelector('.search-result-title').textContent.trim(),
    href: li.querySelector('.search-result-title a').getAttribute('href'),
    marks: [...li.querySelectorAll('.search-result-title mark, .search-result-excerpt mark')].map((m) => m.textContent.toLowerCase()),
    excerpt: (li.querySelector('.search-result-excerpt') || { textContent: '' }).textContent,
    missing: (li.querySelector('.search-result-missing') || { textContent: '' }).textContent.trim(),
    some: li.parentElement.classList.contains('search-result-list-some'),
  })));
}

test('a word that matches nothing: the results say they have only some of the words, each says what it lacks, and so does the live region', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'results-unknown-word', async (page) => {
      await recordAnnouncements(page);
      await open(page, fx.url('/search/?q=reset%20xyzzyq'));
      await searchPageSettled(page, 'reset xyzzyq');
      const results = await readResults(page);
      assert.ok(results.length >= 3, `results for "reset": ${results.length}`);
      // Not "N results for …" as if every page had both words.
      assert.equal((await page.locator('.search-note').innerText()).trim(), 'No page has all of these words; showing pages with some of them.');
      for (const r of results) assert.equal(r.missing, 'Missing: xyzzyq', `${r.title} says what it lacks`);
      assert.equal(await page.locator('.search-result-missing s').first().innerText(), 'xyzzyq');
      await page.waitForFunction(() => window.__announced.length > 0);
      const announced = await page.evaluate(() => window.__announced);
      assert.equal(announced[announced.length - 1], `${results.length} results with some of your words`);
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('pages with every word first, then, under their own heading, those with only some: the count and the live region say how many of each', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'results-mixed', async (page) => {
      await recordAnnouncements(page);
      await open(page, fx.url('/search/?q=reset%20pasword'));
      await searchPageSettled(page, 'reset pasword');
      const results = await readResults(page);
      const all = results.filter((r) => !r.some);
      const some = results.filter((r) => r.some);
      assert.ok(all.length >= 3 && some.length >= 1, `${all.length} with both words, ${some.length} with some`);
      assert.equal(all[0].title, 'Reset a forgotten password');
      const summary = (await page.locator('.search-summary').innerText()).trim();
      assert.equal(summary, `${all.length} results for “reset pasword”, then ${some.length} with only some of the words`);
      const heading = page.getByRole('heading', { level: 2, name: 'Results with only some of your words' });
      assert.equal(await heading.count(), 1);
      assert.equal(await page.locator('.search-result-list-some').getAttribute('start'), String(all.length + 1), 'numbering goes on');
      for (const r of all) assert.equal(r.missing, '', `${r.title} has both words`);
      for (const r of some) assert.match(r.missing, /^Missing: (reset|pasword)$/, `${r.title} says which word it lacks`);
      // Ranks go on across the two lists (what insights.js reports).
      const ranks = await page.locator('#search-results .search-result-title a').evaluateAll((as) => as.map((a) => Number(a.dataset.rank)));
      assert.deepEqual(ranks, ranks.map((_, i) => i + 1));
      await page.waitForFunction(() => window.__announced.length > 0);
      const announced = await page.evaluate(() => window.__announced);
      assert.equal(announced[announced.length - 1], summary, 'the live region says the same');

      // The dropdown: the same split, each some-words option with its note, the count honest.
      await page.locator('#search-page-q').fill('');
      await open(page, fx.url('/privacy-safety/'));
      await page.locator('#header-search').click();
      await page.keyboard.type('reset pasword', { delay: 20 });
      await page.locator('#header-search-listbox .search-option-all').filter({ hasText: '“reset pasword”' }).waitFor();
      const opts = await page.locator('#header-search-listbox .search-option:not(.search-option-sub):not(.search-option-all)')
        .evaluateAll((els) => els.map((el) => (el.querySelector('.search-option-missing') || { textContent: '' }).textContent));
      const lacking = opts.filter((t) => t).length;
      assert.ok(opts.length >= 1);
      await page.waitForFunction(() => window.__announced.length > 0); // a new page, a new record
      const said = (await page.evaluate(() => window.__announced)).pop();
      assert.equal(said, lacking
        ? `${opts.length - lacking} results, then ${lacking} with only some of your words`
        : `${opts.length} results`);
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('only the variant a result matched is highlighted: "reset" marks reset, never resend, restart or restrict beside it', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'results-highlights', async (page) => {
      await open(page, fx.url('/search/?q=reset'));
      await searchPageSettled(page, 'reset');
      const results = await readResults(page);
      const withReset = results.filter((r) => r.marks.some((m) => m.startsWith('reset')));
      assert.ok(withReset.length >= 5, `results marking "reset": ${withReset.length}`);
      for (const r of withReset) {
        assert.deepEqual(r.marks.filter((m) => !m.startsWith('reset')), [], `${r.title}: only "reset" is marked`);
      }
      // "Login codes that never arrive" has "resend" too: not marked for "reset".
      const codes = results.find((r) => r.title === 'Login codes that never arrive');
      assert.ok(codes, 'the login codes article is found');
      assert.ok(!codes.marks.includes('resend'), `marks: ${codes.marks}`);
      // A typed word marks one variant per result.
      await page.locator('#search-page-q').fill('acount');
      await searchPageSettled(page, 'acount');
      for (const r of await readResults(page)) {
        const stems = new Set(r.marks.map((m) => m.replace(/s$/, '')));
        assert.ok(stems.size <= 1, `${r.title}: one variant of "acount" marked, got ${r.marks}`);
      }
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('excerpts start and end at whole words, with an ellipsis where the text goes on', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'results-excerpts', async (page) => {
      let checked = 0;
      let cut = 0;
      for (const query of ['reset', 'block', 'payout', 'two-factor', 'messages']) {
        await open(page, fx.url(`/search/?q=${encodeURIComponent(query)}`));
        await searchPageSettled(page, query);
        const results = await readResults(page);
        // Each result's page text, whitespace folded: the excerpt is in it, between words.
        const texts = await page.evaluate(async (hrefs) => {
          const out = {};
          for (const href of hrefs) {
            const html = await (await fetch(href)).text();
            const doc = new DOMParser().parseFromString(html, 'text/html');
            // Block elements end with a space, as a reader sees them (and as
            // the index's plain text has them): "strikes" ending one list
            // item and "Your" starting the next are two words.
            for (const el of doc.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, div, pre, blockquote, tr, section')) {
              el.append(' ');
            }
            out[href] = (doc.querySelector('main') || doc.body).textContent.replace(/\s+/g, ' ');
          }
          return out;
        }, [...new Set(results.map((r) => r.href))]);
        for (const r of results) {
          const excerpt = r.excerpt.replace(/\s+/g, ' ').trim();
          if (!excerpt) continue;
          const lead = excerpt.startsWith('…');
          const tail = excerpt.endsWith('…');
          const inner = excerpt.replace(/^…/, '').replace(/…$/, '').trim();
          assert.ok(!/^\s|\s$/.test(inner) && inner.length > 0, `${r.title}: ${excerpt}`);
          const at = texts[r.href].indexOf(inner);
          if (at < 0) continue; // text laid out differently on the page (a table, a list marker)
          checked += 1;
          if (lead || tail) cut += 1;
          const before = texts[r.href][at - 1] || ' ';
          const after = texts[r.href][at + inner.length] || ' ';
          assert.ok(!/[\p{L}\p{N}]/u.test(before) || !/^[\p{L}\p{N}]/u.test(inner), `${r.title}: "${excerpt}" starts mid-word`);
          assert.ok(!/[\p{L}\p{N}]/u.test(after) || !/[\p{L}\p{N}]$/u.test(inner), `${r.title}: "${excerpt}" ends mid-word`);
          // Text before or after on the page (within the section) means an ellipsis there.
          if (!lead) assert.ok(!/[\p{L}\p{N}]/u.test(before), `${r.title}: "${excerpt}" starts mid-text without "…"`);
        }
      }
      assert.ok(checked >= 20 && cut >= 5, `${checked} excerpts checked against their pages, ${cut} of them cut`);
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});
