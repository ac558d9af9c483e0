// Lighthouse 12.2.3 (pinned: 13 needs a newer Node) on the demo as a search engine and a
// reader's phone see it: built with an absolute `site-url` (the address it is served at, so
// canonical, hreflang, sitemap and robots.txt URLs are absolute and on this host), served on
// 127.0.0.1, audited with the mobile and the desktop presets on the home page, an article, the
// search page, a wizard's step and the contact page. Accessibility, best practices and SEO must
// score 100. Performance is measured under Lighthouse's simulated throttling, which is computed
// from a trace taken on this machine: on a shared 2-core runner the same page moves by a few
// points from run to run, so it must reach PERFORMANCE_MIN (the demo scores 100 on an idle
// machine); every failing audit is printed, whatever the category.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const chromeLauncher = require('chrome-launcher');
const { PAGES, CHROMIUM, CHROMIUM_ARGS, helpbook, copyDemo, serveStatic, insightsEndpoint } = require('./helpers');

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const PERFORMANCE_MIN = 90;

// [name, path, the least performance score accepted there when it is not PERFORMANCE_MIN].
// The search page used to shift three times as search-ui.js filled it in (CLS 0.2-0.3, 85-93
// points); it now keeps the room of its topic filter and results from the first paint
// (search.test.js checks CLS 0) and is held to PERFORMANCE_MIN like the others.
const AUDITED = [
  ['home', PAGES.home],
  ['article', PAGES.article],
  ['search', PAGES.search],
  ['wizard step', PAGES.wizard],
  ['contact', PAGES.contact],
];

let site;
let endpoint;
let chrome;
let lighthouse;
let desktopConfig;

before(async () => {
  ({ default: lighthouse, desktopConfig } = await import('lighthouse'));
  endpoint = await insightsEndpoint();
  const dir = copyDemo('lighthouse', endpoint.url);
  const dest = path.join(dir, 'site');
  // The server first, so the site can be built for its address.
  site = await serveStatic(dest);
  site.dir = dir;
  const toml = path.join(dir, 'book.toml');
  const text = fs.readFileSync(toml, 'utf8');
  const siteUrl = /^site-url = "[^"\n]*"$/m;
  assert.match(text, siteUrl, "the demo's book.toml has a site-url");
  fs.writeFileSync(toml, text.replace(siteUrl, `site-url = "${site.origin}/"`));
  helpbook(['build', '--root', dir, '--dest', dest]);
  chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
});

after(async () => {
  if (chrome) await chrome.kill();
  if (site) {
    await site.close();
    fs.rmSync(site.dir, { recursive: true, force: true });
  }
  if (endpoint) await endpoint.close();
});

/** Lighthouse's report of `url` with the `preset` ("mobile" or "desktop") settings. */
async function audit(url, preset) {
  const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
  const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  assert.ok(result && result.lhr, `Lighthouse returned no report for ${url}`);
  assert.equal(result.lhr.runtimeError, undefined, `Lighthouse failed on ${url}: ${JSON.stringify(result.lhr.runtimeError)}`);
  return result.lhr;
}

/** The audits of `category` that lost points, as "id (value)" lines. */
function failing(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a.score !== null && a.score < 1)
    .map((a) => `${a.id} ${a.score}${a.displayValue ? ` (${a.displayValue})` : ''}: ${a.title}`);
}

for (const preset of ['mobile', 'desktop']) {
  test(`Lighthouse ${preset}: 100 in accessibility, best practices and SEO, performance ≥ ${PERFORMANCE_MIN}`, async (t) => {
    const scores = [];
    const failures = [];
    for (const [name, pagePath, performanceMin = PERFORMANCE_MIN] of AUDITED) {
      const lhr = await audit(site.origin + pagePath, preset);
      const score = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
      scores.push(`${name}: ${CATEGORIES.map((c) => `${c} ${score[c]}`).join(', ')}`);
      for (const category of CATEGORIES) {
        const min = category === 'performance' ? performanceMin : 100;
        if (score[category] < min) {
          failures.push(`${name} (${pagePath}): ${category} ${score[category]}, below ${min}:\n    ${failing(lhr, category).join('\n    ')}`);
        }
      }
    }
    t.diagnostic(scores.join('; '));
    assert.equal(failures.length, 0, `${preset}:\n  ${failures.join('\n  ')}\n(all scores: ${scores.join('; ')})`);
  });
}
