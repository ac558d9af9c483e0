// What a browser downloads for a first search, and query latency, in real
// Chromium (playwright-core, Debian's /usr/bin/chromium) against a built site
// served on 127.0.0.1 by a tiny static server in this process.
//
//   node bench/search-browser.js <site> <queries file> [--iterations N]
//        [--no-helpbook] [--pagefind]
//
// The server compresses text and wasm with gzip -9 when the browser asks
// (like a static host); files already compressed (helpbook's .bin pages,
// Pagefind's index, fragments and wasm) go out as stored. A file with a
// pre-compressed copy beside it (`<file>.br`: helpbook's engine) goes out as
// that copy when the browser accepts br, as nginx's `brotli_static` or
// Caddy's `precompressed` send it (Pagefind writes no such copies: its files
// are gzipped inside, so it gains nothing from this). It counts the body
// bytes it sends per request: those are the transfer sizes summed below.
// Every measurement starts in a fresh browser context (empty cache) on a blank
// page, so only the search files are fetched.
//
// helpbook: the worker (search/helpbook-search.<hash>.js) is started directly
//   with the init and search messages documented in search/js/helpbook-search.js.
//   "focus" = init (wasm + hot bundle), "keystroke" = the first query.
// Pagefind: `import('/pagefind/pagefind.js')` + `init()` ("focus"), then
//   `search(q)` and `results[0].data()` ("keystroke"), then data() of the
//   rest of the top 10 ("10 results").
// Latency: every query once (warm-up), then each query `iterations` times;
//   helpbook = round trip to the worker (10 results with excerpts),
//   Pagefind = search() + data() of the top 10 results.
//
// Prints one JSON object.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const http2 = require('node:http2');
const os = require('node:os');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const zlib = require('node:zlib');

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

function loadPlaywright() {
  const candidates = [
    process.env.PLAYWRIGHT_CORE,
    path.join(ROOT, 'tests', 'e2e', 'node_modules', 'playwright-core'),
    'playwright-core',
  ].filter(Boolean);
  for (const candidate of candidates) {
    try {
      return require(candidate);
    } catch (_) {
      // next
    }
  }
  throw new Error('playwright-core not found: set PLAYWRIGHT_CORE or run npm ci in tests/e2e');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.wasm', '.txt', '.xml']);
const BLANK = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body></body></html>';

/** A throwaway self-signed certificate for 127.0.0.1 (openssl), for HTTP/2. */
function certificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpbook-bench-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A static server for `site` that logs every response's body size and the
 * time (Date.now()) its request arrived, `at`. `pages` maps extra paths to
 * HTML served as is (not logged), e.g. a page around a search UI. With
 * `{ h2: true }` it speaks HTTP/2 over TLS (a self-signed certificate: the
 * browser needs --ignore-certificate-errors), as CDNs do: no limit of six
 * connections per host, every request of a round in flight at once.
 */
function serve(site, pages = {}, { h2 = false } = {}) {
  const log = [];
  const gzipped = new Map();
  const handler = (req, res) => {
    const at = Date.now();
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname = decodeURIComponent(url.pathname);
    if (pathname === '/__bench.html' || Object.prototype.hasOwnProperty.call(pages, pathname)) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(pathname === '/__bench.html' ? BLANK : pages[pathname]);
      return;
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.join(site, path.normalize(pathname));
    if (!file.startsWith(site + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      log.push({ path: pathname, status: 404, bytes: 9, at });
      return;
    }
    const ext = path.extname(file);
    let body = fs.readFileSync(file);
    const headers = {
      'content-type': TYPES[ext] || 'application/octet-stream',
      // Like a CDN: repeat fetches in one session come from the HTTP cache.
      'cache-control': 'public, max-age=3600',
    };
    let encoding = null;
    const accept = req.headers['accept-encoding'] || '';
    if (/\bbr\b/.test(accept) && fs.existsSync(`${file}.br`)) {
      // A pre-compressed copy beside the file (helpbook's engine), as nginx's
      // brotli_static or Caddy's precompressed would send it.
      body = fs.readFileSync(`${file}.br`);
      headers['content-encoding'] = 'br';
      headers.vary = 'accept-encoding';
      encoding = 'br';
    } else if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(accept)) {
      if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(body, { level: 9 }));
      body = gzipped.get(file);
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
      encoding = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
    log.push({ path: pathname, status: 200, bytes: body.length, encoding, at });
  };
  const server = h2 ? http2.createSecureServer({ ...certificate(), allowHTTP1: true }, handler) : http.createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, log, base: `${h2 ? 'https' : 'http'}://127.0.0.1:${server.address().port}` });
    });
  });
}

/** Bytes and requests logged since `mark` under `prefix`. */
function since(log, mark, prefix) {
  const entries = log.slice(mark).filter((e) => e.path.startsWith(prefix));
  return {
    bytes: entries.reduce((sum, e) => sum + e.bytes, 0),
    requests: entries.length,
    files: entries.map((e) => `${e.path} ${e.bytes}`),
  };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 100) / 100;
  return { samples: sorted.length, medianMs: r(quantile(sorted, 0.5)), p95Ms: r(quantile(sorted, 0.95)) };
}

async function helpbook(browser, served, site, queries, iterations) {
  const manifest = JSON.parse(fs.readFileSync(path.join(site, 'search', 'index.json'), 'utf8'));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${served.base}/__bench.html`);
  const urls = {
    worker: `/${manifest.worker}`,
    wasmUrl: `/${manifest.wasm}`,
    hotUrl: `/${manifest.hot}`,
    dirUrl: `/${manifest.dir}`,
  };
  const mark0 = served.log.length;
  const ready = await page.evaluate(async (urls) => {
    const worker = new Worker(urls.worker);
    let next = 0;
    const waiting = new Map();
    worker.onmessage = (event) => {
      const message = event.data;
      const key = message.type === 'ready' || message.id === undefined ? 'init' : message.id;
      const pending = waiting.get(key);
      if (!pending) return;
      waiting.delete(key);
      if (message.type === 'error') pending.reject(new Error(message.message));
      else pending.resolve(message);
    };
    const ask = (key, message) =>
      new Promise((resolve, reject) => {
        waiting.set(key, { resolve, reject });
        worker.postMessage(message);
      });
    window.__hbSearch = (text) => {
      const id = ++next;
      return ask(id, { type: 'search', id, text, limit: 10 });
    };
    const started = performance.now();
    const message = await ask('init', { type: 'init', wasmUrl: urls.wasmUrl, hotUrl: urls.hotUrl, dirUrl: urls.dirUrl });
    return { ms: performance.now() - started, info: message.info };
  }, urls);
  const focus = since(served.log, mark0, '/search/');
  const mark1 = served.log.length;
  const first = await page.evaluate(async (text) => {
    const started = performance.now();
    const found = await window.__hbSearch(text);
    return {
      ms: performance.now() - started,
      rounds: found.rounds,
      bytes: found.bytes,
      hits: found.results.results.length,
      top: found.results.results[0] ? found.results.results[0].title : '',
    };
  }, queries[0]);
  const keystroke = since(served.log, mark1, '/search/');

  const latency = await page.evaluate(async ({ queries, iterations }) => {
    for (const text of queries) await window.__hbSearch(text);
    const samples = [];
    for (const text of queries) {
      for (let n = 0; n < iterations; n += 1) {
        const started = performance.now();
        const found = await window.__hbSearch(text);
        samples.push(performance.now() - started);
        if (found.rounds !== 0) throw new Error(`${text}: still loading pages when warm`);
      }
    }
    return samples;
  }, { queries, iterations });
  await context.close();
  return {
    focus: { ms: Math.round(ready.ms), openMs: Math.round(ready.info.openMs), bytes: focus.bytes, requests: focus.requests, files: focus.files },
    keystroke: { ...first, ms: Math.round(first.ms), serverBytes: keystroke.bytes, requests: keystroke.requests },
    latency: summary(latency),
  };
}

async function pagefind(browser, served, queries, iterations) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${served.base}/__bench.html`);
  const mark0 = served.log.length;
  const initMs = await page.evaluate(async () => {
    const started = performance.now();
    window.__pf = await import('/pagefind/pagefind.js');
    await window.__pf.init();
    return performance.now() - started;
  });
  const focus = since(served.log, mark0, '/pagefind/');
  const mark1 = served.log.length;
  const first = await page.evaluate(async (text) => {
    const started = performance.now();
    const search = await window.__pf.search(text);
    const data = await search.results[0].data();
    return { ms: performance.now() - started, hits: search.results.length, top: data.meta.title };
  }, queries[0]);
  const keystroke = since(served.log, mark1, '/pagefind/');
  const mark2 = served.log.length;
  await page.evaluate(async (text) => {
    const search = await window.__pf.search(text);
    await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  }, queries[0]);
  const ten = since(served.log, mark2, '/pagefind/');

  const run = await page.evaluate(async ({ queries, iterations }) => {
    const once = async (text) => {
      const search = await window.__pf.search(text);
      const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
      return { hits: search.results.length, top: data[0] ? data[0].meta.title : '' };
    };
    const tops = [];
    for (const text of queries) tops.push({ text, ...(await once(text)) });
    const samples = [];
    for (const text of queries) {
      for (let n = 0; n < iterations; n += 1) {
        const started = performance.now();
        await once(text);
        samples.push(performance.now() - started);
      }
    }
    return { tops, samples };
  }, { queries, iterations });
  await context.close();
  return {
    focus: { ms: Math.round(initMs), bytes: focus.bytes, requests: focus.requests, files: focus.files },
    keystroke: { ...first, ms: Math.round(first.ms), bytes: keystroke.bytes, requests: keystroke.requests, files: keystroke.files },
    tenResults: { bytes: keystroke.bytes + ten.bytes, requests: keystroke.requests + ten.requests },
    latency: summary(run.samples),
    queries: run.tops,
  };
}

/** Pagefind's files as stored (its index, fragments and wasm are gzipped already). */
function pagefindSizes(site) {
  const dir = path.join(site, 'pagefind');
  const entry = JSON.parse(fs.readFileSync(path.join(dir, 'pagefind-entry.json'), 'utf8'));
  const sizeOf = (file) => fs.statSync(file).size;
  const walk = (sub) => {
    const folder = path.join(dir, sub);
    if (!fs.existsSync(folder)) return { files: 0, bytes: 0 };
    const names = fs.readdirSync(folder);
    return { files: names.length, bytes: names.reduce((sum, n) => sum + sizeOf(path.join(folder, n)), 0) };
  };
  const meta = fs.readdirSync(dir).filter((n) => n.endsWith('.pf_meta'));
  const metaBytes = meta.reduce((sum, n) => sum + sizeOf(path.join(dir, n)), 0);
  const index = walk('index');
  const fragment = walk('fragment');
  const filter = walk('filter');
  const languages = Object.values(entry.languages || {});
  const wasmName = `wasm.${(languages[0] && languages[0].wasm) || 'unknown'}.pagefind`;
  const wasmStored = fs.readFileSync(path.join(dir, wasmName));
  const gz9 = (name) => zlib.gzipSync(fs.readFileSync(path.join(dir, name)), { level: 9 }).length;
  const js = ['pagefind.js', 'pagefind-worker.js'].filter((n) => fs.existsSync(path.join(dir, n)));
  return {
    version: entry.version,
    pages: languages.reduce((sum, l) => sum + (l.page_count || 0), 0),
    indexGz: index.bytes + fragment.bytes + filter.bytes + metaBytes,
    indexChunks: index,
    fragments: fragment,
    filters: filter,
    metaBytes,
    wasm: { name: wasmName, gz: wasmStored.length, raw: zlib.gunzipSync(wasmStored).length },
    js: js.map((name) => ({ name, raw: sizeOf(path.join(dir, name)), gz: gz9(name) })),
  };
}

async function main() {
  const args = process.argv.slice(2);
  const positional = [];
  let iterations = 20;
  let withHelpbook = true;
  let withPagefind = false;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--iterations') iterations = Number(args[++i]);
    else if (args[i] === '--no-helpbook') withHelpbook = false;
    else if (args[i] === '--pagefind') withPagefind = true;
    else positional.push(args[i]);
  }
  const [siteArg, queriesFile] = positional;
  if (!siteArg || !queriesFile) {
    console.error('usage: node bench/search-browser.js <site> <queries file> [--iterations N] [--no-helpbook] [--pagefind]');
    process.exit(2);
  }
  const site = path.resolve(siteArg);
  const queries = fs
    .readFileSync(queriesFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  const { chromium } = loadPlaywright();
  const served = await serve(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const result = { chromium: browser.version() };
    // One failing engine (say, a module that cannot read this index) leaves the other measured.
    const attempt = async (name, run) => {
      try {
        result[name] = await run();
      } catch (error) {
        console.error(`${name}: ${error && error.stack ? error.stack : error}`);
        result.errors = (result.errors || []).concat(`${name}: ${String((error && error.message) || error).split('\n')[0]}`);
      }
    };
    if (withHelpbook) await attempt('helpbook', () => helpbook(browser, served, site, queries, iterations));
    if (withPagefind) {
      await attempt('pagefind', async () => ({
        sizes: pagefindSizes(site),
        ...(await pagefind(browser, served, queries, iterations)),
      }));
    }
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await browser.close();
    served.server.close();
  }
}

// bench/first-result.js reuses the server and the two measurements.
module.exports = { CHROMIUM, CHROMIUM_ARGS, loadPlaywright, serve, since, helpbook, pagefind };

if (require.main === module) {
  main().catch((error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(1);
  });
}
