// The bytes a browser downloads before its first search result, for helpbook
// and its peers, in real Chromium (bench/run.sh's "first result" column).
//
//   node bench/first-result.js [--query TEXT] [--helpbook SITE] [--pagefind SITE]
//        [--mdbook SITE]
//
// Each site is served on 127.0.0.1 by bench/search-browser.js's static server
// and measured in a fresh browser context (empty cache). The byte rule is the
// server's, the same for every tool: a file is counted as it goes over the
// wire from a static host that compresses text and wasm (.html .js .json .css
// .wasm ...) with gzip -9, and sends files that the tool compressed itself as
// stored (their size on disk: helpbook's hot bundle and index pages, Pagefind's
// wasm.*.pagefind, .pf_meta, .pf_index and .pf_fragment files). Only the
// search's own files are counted; the page around the search box is not.
//
// helpbook (SITE = a `helpbook build` output): the worker, started directly as
//   the theme's search-ui.js starts it (wasm + hot bundle on init), then the
//   query (the index pages it loads) — search-browser.js's helpbook(). Files
//   under /search/. The UI script (search-ui.js) is not counted.
// pagefind (SITE = a site with pagefind/ in it): Pagefind's JS API,
//   `import('/pagefind/pagefind.js')` + `init()`, then `search(query)` and
//   `results[0].data()` (the first result's fragment) — search-browser.js's
//   pagefind(). Files under /pagefind/: pagefind.js, pagefind-entry.json, the
//   wasm, the language's .pf_meta, the index chunks and the fragment. The UI
//   scripts (pagefind-ui.js, pagefind-component-ui.js) are not counted.
// mdbook (SITE = an `mdbook build` output): its own page, index.html, loaded
//   as a reader would; then the search button is clicked, the query typed and
//   the first result element waited for. Counted: the scripts the page loads
//   only because search is on (elasticlunr, mark, searcher; mdBook has no
//   search API apart from searcher.js, which runs elasticlunr and renders the
//   results) and the search index it fetches when search opens
//   (searchindex*.js). The rest of the page (book.js, CSS, fonts, highlight)
//   is listed under "notCounted" but not counted.
//
// Prints one JSON object: per tool { bytes, requests, ms, files, ... }, and
// "errors" for a tool that could not be measured (the others still are).
'use strict';

const path = require('node:path');
const { CHROMIUM, CHROMIUM_ARGS, loadPlaywright, serve, since, helpbook, pagefind } = require('./search-browser.js');

const sum = (entries) => entries.reduce((total, e) => total + e.bytes, 0);
const list = (entries) => entries.map((e) => `${e.path} ${e.bytes}${e.encoding ? ' (gzip -9)' : ''}`);

// What `r` (a search-browser.js measurement) fetched under `prefix` up to
// its first result, checked against the server's log.
function upToFirstResult(tool, served, prefix, r, keystrokeBytes) {
  const entries = served.log.filter((e) => e.path.startsWith(prefix)).slice(0, r.focus.requests + r.keystroke.requests);
  const bytes = r.focus.bytes + keystrokeBytes;
  if (sum(entries) !== bytes) throw new Error(`${tool}: logged ${sum(entries)} bytes, measured ${bytes}`);
  return {
    bytes,
    requests: entries.length,
    ms: r.focus.ms + r.keystroke.ms,
    hits: r.keystroke.hits,
    top: r.keystroke.top,
    files: list(entries),
  };
}

async function measureHelpbook(browser, site, query) {
  const served = await serve(site);
  try {
    const r = await helpbook(browser, served, site, [query], 0);
    // Everything under /search/ up to the first result (the warm-up query
    // that follows finds its pages loaded already and fetches nothing).
    return upToFirstResult('helpbook', served, '/search/', r, r.keystroke.serverBytes);
  } finally {
    served.server.close();
  }
}

async function measurePagefind(browser, site, query) {
  const served = await serve(site);
  try {
    const r = await pagefind(browser, served, [query], 0);
    // Everything under /pagefind/ up to the first result's data (pagefind()
    // then loads the rest of the top 10: "tenResults", not counted here).
    return {
      ...upToFirstResult('pagefind', served, '/pagefind/', r, r.keystroke.bytes),
      tenResults: r.focus.bytes + r.tenResults.bytes,
    };
  } finally {
    served.server.close();
  }
}

// mdBook's search scripts (0.5 names them with a content hash: searcher-<hash>.js).
const MDBOOK_SEARCH = /^\/(elasticlunr|mark|searcher|searchindex)(-[0-9a-f]+)?(\.min)?\.js(on)?$/;

async function measureMdbook(browser, site, query) {
  const served = await serve(site);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${served.base}/index.html`, { waitUntil: 'load' });
    const loaded = served.log.length;
    // mdBook 0.5 ids, then 0.4's.
    const toggle = (await page.$('#mdbook-search-toggle')) ? '#mdbook-search-toggle' : '#search-toggle';
    const bar = toggle === '#mdbook-search-toggle' ? '#mdbook-searchbar' : '#searchbar';
    const results = toggle === '#mdbook-search-toggle' ? '#mdbook-searchresults li' : '#searchresults li';
    const started = Date.now();
    await page.click(toggle);
    await page.type(bar, query);
    await page.waitForSelector(results, { timeout: 120000 });
    const ms = Date.now() - started;
    const hits = await page.$$eval(results, (items) => items.length);
    const top = await page.$eval(results, (item) => (item.querySelector('a') || item).textContent.trim().slice(0, 80));
    const all = served.log.slice();
    const counted = all.filter((e) => MDBOOK_SEARCH.test(e.path));
    const after = since(all, loaded, '/');
    return {
      bytes: sum(counted),
      requests: counted.length,
      ms,
      hits,
      top,
      files: list(counted),
      // What opening search and typing fetched (the index); anything here
      // that is not in `files` would be a file this script does not count.
      afterOpening: after.files,
      notCounted: list(all.filter((e) => !MDBOOK_SEARCH.test(e.path))),
    };
  } finally {
    await context.close();
    served.server.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  let query = 'password';
  const sites = {};
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    const value = args[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--query') query = value;
    else if (['--helpbook', '--pagefind', '--mdbook'].includes(flag)) sites[flag.slice(2)] = path.resolve(value);
    else throw new Error(`unknown option ${flag}; usage: node bench/first-result.js [--query TEXT] [--helpbook SITE] [--pagefind SITE] [--mdbook SITE]`);
  }
  const measures = { helpbook: measureHelpbook, pagefind: measurePagefind, mdbook: measureMdbook };
  const { chromium } = loadPlaywright();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const result = { chromium: browser.version(), query };
  try {
    for (const [tool, site] of Object.entries(sites)) {
      try {
        result[tool] = await measures[tool](browser, site, query);
      } catch (error) {
        console.error(`${tool}: ${error && error.stack ? error.stack : error}`);
        result.errors = (result.errors || []).concat(`${tool}: ${String((error && error.message) || error).split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
