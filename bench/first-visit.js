// The first search on a first visit, as a reader does it, in real Chromium:
// from the first keystroke to the first result on screen, with each engine's
// own search UI (its typing delay included), under network throttling.
//
//   node bench/first-visit.js [--helpbook [LABEL=]SITE]… [--pagefind [LABEL=]SITE]…
//        [--query TEXT] [--runs N] [--throttle none,4g,3g]
//        [--scenario now,focus] [--key-delay MS] [--h2] [--json FILE]
//
// helpbook (SITE = a `helpbook build` output): its home page, index.html,
//   with the theme's search-ui.js; the reader types into the home page's
//   search box (#hero-search, the dropdown) and the first result is the
//   first `.search-option[data-rank]` that is visible.
// pagefind (SITE = a site with pagefind/ in it, e.g. bench/run.sh's
//   Hugo + Pagefind build): Pagefind's own UI (pagefind-ui.js and its CSS,
//   `new PagefindUI({ element: "#search" })`, its defaults) on a page served
//   at /__pagefind-ui.html; the first result is the first
//   `.pagefind-ui__result-link` that is visible (the result's title, shown
//   once its fragment has loaded).
//
// Scenarios, each timed from the first keystroke (keydown, in the page) to
// the first animation frame after the first result is in the DOM and visible:
//   now    the page's load event, then the query is typed at once (the box
//          is clicked first, as a reader does)
//   focus  load, the box is clicked, then the query typed 1 s later
// The query is typed with --key-delay ms between keys (default 0).
//
// Throttling is Chromium's own (CDP Network.emulateNetworkConditions, on the
// page and on every worker the page starts; same rate up and down):
//   none   no throttling
//   4g     fast 4G: 60 ms round trip, 9 Mbit/s
//   3g     slow 3G: 400 ms round trip, 400 kbit/s
//
// Every run is a fresh browser context (empty cache). The median of --runs
// (default 5) is reported. Bytes and requests come from the server's log
// (bench/search-browser.js's static server: text and wasm gzip -9 when asked,
// a `<file>.br` copy instead when br is accepted, as nginx's brotli_static
// sends it (Chromium 156 asks for br from http://127.0.0.1 too), files the
// tool compressed itself as stored):
//   searchBytes     every file of the search (helpbook: /search/ and
//                   search-ui*.js; Pagefind: /pagefind/, the UI's files
//                   included) fetched from page load to the first result
//   afterKey        bytes and requests of the search's files whose request
//                   reached the server after the first keystroke
//   rounds          sequential request rounds after the keystroke: requests
//                   that reach the server within max(RTT/2, 15 ms) of the
//                   previous one are one round (parallel requests), a longer
//                   gap starts the next round (a request that waited for an
//                   answer)
//
// The server speaks HTTP/1.1 on http://127.0.0.1 (as bench/first-result.js's
// does: Chromium then opens at most six connections to it, so a round of more
// than six requests waits for free connections), or with --h2 HTTP/2 over
// TLS (a self-signed certificate), as CDNs and most static hosts serve sites:
// every request of a round in flight at once.
//
// Several sites of one engine may be measured in one run (`--helpbook
// before=SITE1 --helpbook after=SITE2`): rows are labelled.
//
// Prints a table on stderr and one JSON object on stdout (or to --json).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { CHROMIUM, CHROMIUM_ARGS, loadPlaywright, serve } = require('./search-browser.js');

const THROTTLES = {
  none: null,
  '4g': { latency: 60, bits: 9e6 },
  '3g': { latency: 400, bits: 400e3 },
};

const PAGEFIND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Search</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script>
</head><body><main><h1>Search</h1><div id="search"></div></main>
<script>window.addEventListener('DOMContentLoaded', () => { new PagefindUI({ element: '#search' }); });</script>
</body></html>`;

const ENGINES = {
  helpbook: {
    url: '/index.html',
    box: '#hero-search',
    result: '.search-option[data-rank]',
    counted: (p) => p.startsWith('/search/') || /\/search-ui[^/]*\.js$/.test(p),
  },
  pagefind: {
    url: '/__pagefind-ui.html',
    box: '.pagefind-ui__search-input',
    result: '.pagefind-ui__result-link',
    counted: (p) => p.startsWith('/pagefind/'),
  },
};

// In the page before anything else: the time of the first keystroke and of
// the first frame after a result shows.
function watcher(selector) {
  const fv = { key: null, shown: null };
  window.__fv = fv;
  document.addEventListener('keydown', () => { if (fv.key === null) fv.key = performance.now(); }, true);
  const check = () => {
    if (fv.shown !== null || fv.key === null || fv.pending) return;
    const el = document.querySelector(selector);
    if (el && el.getClientRects().length > 0) {
      fv.pending = true;
      requestAnimationFrame(() => { fv.shown = performance.now(); });
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

async function throttle(session, conditions) {
  if (!conditions) return;
  await session.send('Network.enable');
  await session.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: conditions.latency,
    downloadThroughput: conditions.bits / 8,
    uploadThroughput: conditions.bits / 8,
  });
}

function rounds(entries, rtt) {
  const gap = Math.max(rtt / 2, 15);
  let count = 0;
  let last = -Infinity;
  for (const e of [...entries].sort((a, b) => a.at - b.at)) {
    if (e.at - last > gap) count += 1;
    last = e.at;
  }
  return count;
}

async function once(browser, served, engine, query, scenario, conditions, keyDelay) {
  const spec = ENGINES[engine];
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    await throttle(session, conditions);
    await page.addInitScript(watcher, spec.result);
    const mark = served.log.length;
    await page.goto(served.base + spec.url, { waitUntil: 'load', timeout: 180000 });
    await page.click(spec.box);
    if (scenario === 'focus') await page.waitForTimeout(1000);
    const keyAt = Date.now();
    await page.keyboard.type(query, { delay: keyDelay });
    await page.waitForFunction(() => window.__fv && window.__fv.shown !== null, null, { timeout: 180000, polling: 50 });
    const fv = await page.evaluate(() => window.__fv);
    const log = served.log.slice(mark).filter((e) => spec.counted(e.path));
    const after = log.filter((e) => e.at >= keyAt);
    return {
      ms: Math.round(fv.shown - fv.key),
      searchBytes: log.reduce((s, e) => s + e.bytes, 0),
      searchRequests: log.length,
      afterKeyBytes: after.reduce((s, e) => s + e.bytes, 0),
      afterKeyRequests: after.length,
      rounds: rounds(after, conditions ? conditions.latency : 0),
      files: after.map((e) => `${e.path} ${e.bytes} +${e.at - keyAt} ms`),
    };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

async function main() {
  const args = process.argv.slice(2);
  const opts = { query: 'password', runs: 5, throttle: 'none,4g,3g', scenario: 'now,focus', keyDelay: 0, json: '', h2: false };
  const sites = {};
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    if (flag === '--h2') {
      opts.h2 = true;
      continue;
    }
    const value = args[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--helpbook' || flag === '--pagefind') {
      // `--helpbook before=SITE --helpbook SITE`: several sites of one engine,
      // each row labelled (the label defaults to the engine's name).
      const at = value.indexOf('=');
      const label = at > 0 ? value.slice(0, at) : flag.slice(2);
      if (label in sites) throw new Error(`two sites labelled ${label}`);
      sites[label] = { engine: flag.slice(2), site: path.resolve(at > 0 ? value.slice(at + 1) : value) };
    }
    else if (flag === '--query') opts.query = value;
    else if (flag === '--runs') opts.runs = Number(value);
    else if (flag === '--throttle') opts.throttle = value;
    else if (flag === '--scenario') opts.scenario = value;
    else if (flag === '--key-delay') opts.keyDelay = Number(value);
    else if (flag === '--json') opts.json = value;
    else throw new Error(`unknown option ${flag}`);
  }
  const { chromium } = loadPlaywright();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(opts.h2 ? ['--ignore-certificate-errors'] : [])] });
  const result = { chromium: browser.version(), query: opts.query, runs: opts.runs, keyDelay: opts.keyDelay, http: opts.h2 ? 'HTTP/2 (TLS)' : 'HTTP/1.1', rows: [] };
  try {
    for (const [label, { engine, site }] of Object.entries(sites)) {
      const served = await serve(site, engine === 'pagefind' ? { '/__pagefind-ui.html': PAGEFIND_PAGE } : {}, { h2: opts.h2 });
      try {
        for (const name of opts.throttle.split(',')) {
          if (!(name in THROTTLES)) throw new Error(`unknown throttle ${name}`);
          for (const scenario of opts.scenario.split(',')) {
            const runs = [];
            for (let n = 0; n < opts.runs; n += 1) {
              runs.push(await once(browser, served, engine, opts.query, scenario, THROTTLES[name], opts.keyDelay));
            }
            const row = {
              engine, label, site, throttle: name, scenario,
              ms: median(runs.map((r) => r.ms)),
              searchBytes: median(runs.map((r) => r.searchBytes)),
              afterKeyBytes: median(runs.map((r) => r.afterKeyBytes)),
              afterKeyRequests: median(runs.map((r) => r.afterKeyRequests)),
              rounds: median(runs.map((r) => r.rounds)),
              runs,
            };
            result.rows.push(row);
            process.stderr.write(`${label} ${name} ${scenario}: ${row.ms} ms (${runs.map((r) => r.ms).join(' ')})\n`);
          }
        }
      } finally {
        served.server.close();
      }
    }
  } finally {
    await browser.close();
  }
  const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;
  const lines = [['site', 'throttle', 'scenario', 'first result', 'search bytes', 'after key', 'requests', 'rounds']];
  for (const r of result.rows) {
    lines.push([r.label, r.throttle, r.scenario, `${(r.ms / 1000).toFixed(2)} s`, kib(r.searchBytes), kib(r.afterKeyBytes), String(r.afterKeyRequests), String(r.rounds)]);
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  process.stderr.write(lines.map((l) => l.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n') + '\n');
  const text = JSON.stringify(result, null, 1) + '\n';
  if (opts.json) fs.writeFileSync(opts.json, text);
  else process.stdout.write(text);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
