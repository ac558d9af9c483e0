// Loading the search engine early: the home and search pages start it once they are idle
// (no focus, no keystroke), unless the reader asked to save data (navigator.connection.saveData,
// stubbed before the page's scripts run); the wasm module and the hot bundle load in parallel,
// not one after the other, and without waiting for the worker's own script (the page loads them
// and hands them to the worker). From a host that serves pre-compressed files (`helpbook serve`
// here), the module and the hot bundle arrive as their brotli copies and the engine runs
// from them (the worker takes the hot bundle as it arrives, no longer gzipped). A keystroke
// has the worker fetch the pages the search's first round reads at once, before the search
// itself is sent (once typing pauses).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { ROOT, PAGES, setup, newContext, withPage, open } = require('./helpers');

const BIN = process.env.HELPBOOK_BIN || path.join(ROOT, 'target', 'release', 'helpbook');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

const T = { timeout: 60_000 };
const HOT = /\/search\/[^/]+\/hot\.bin$/;
const WASM = /\/search\/[^/]+\.wasm$/;

/** Records the paths of the search files the context requests. */
function searchRequests(ctx) {
  const paths = [];
  ctx.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith('/search/') && p !== '/search/') paths.push(p);
  });
  return paths;
}

/** Makes navigator.connection report saveData: true, before any script of the page runs. */
async function saveData(ctx) {
  await ctx.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'connection', {
      configurable: true,
      get: () => ({ saveData: true, effectiveType: '4g', addEventListener() {}, removeEventListener() {} }),
    });
  });
}

test('the home page starts loading the search engine once idle, before any focus or keystroke', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'preload-home', async (page) => {
      const paths = searchRequests(ctx);
      const hot = page.waitForRequest((r) => HOT.test(new URL(r.url()).pathname), { timeout: 10_000 });
      await open(page, fx.url(PAGES.home));
      await hot;
      assert.ok(paths.some((p) => WASM.test(p)), `the wasm module was requested: ${paths}`);
      assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'nothing was focused');
    });
  } finally {
    await ctx.close();
  }
});

test('the search page without a query starts loading the engine once idle', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'preload-search', async (page) => {
      const hot = page.waitForRequest((r) => HOT.test(new URL(r.url()).pathname), { timeout: 10_000 });
      await open(page, fx.url('/search/'));
      await hot;
    });
  } finally {
    await ctx.close();
  }
});

test('with saveData, the home and search pages load no search file until a box is focused; then search works', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await saveData(ctx);
    await withPage(ctx, 'preload-save-data', async (page) => {
      const paths = searchRequests(ctx);
      for (const url of [PAGES.home, '/search/']) {
        await open(page, fx.url(url));
        assert.equal(await page.evaluate(() => navigator.connection.saveData), true, 'the stub is in place');
        await page.waitForTimeout(2500); // past the idle start's timeout (PRELOAD_TIMEOUT_MS)
        assert.deepEqual(paths, [], `${url}: no search file before a box is focused`);
      }
      // The search page's own box starts it on focus.
      const hot = page.waitForRequest((r) => HOT.test(new URL(r.url()).pathname));
      await page.locator('#search-page-q').focus();
      await hot;
      await page.keyboard.type('password');
      await page.locator('#search-results .search-result').first().waitFor();
    });
  } finally {
    await ctx.close();
  }
});

test('the hot bundle is requested while the wasm module is still loading (in parallel)', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    // The wasm answer is held until the hot bundle has been requested (at most 8 s): loading
    // the hot bundle only once the module is there would ask for it after that.
    let hotAsked;
    const hotSeen = new Promise((resolve) => { hotAsked = resolve; });
    ctx.on('request', (r) => { if (HOT.test(new URL(r.url()).pathname)) hotAsked(); });
    let parallel = null;
    await ctx.route(WASM, async (route) => {
      parallel = await Promise.race([hotSeen.then(() => true), new Promise((r) => setTimeout(() => r(false), 8_000))]);
      await route.continue();
    });
    await withPage(ctx, 'parallel-fetch', async (page) => {
      await open(page, fx.url(PAGES.home));
      await page.locator('#hero-search').click();
      await page.keyboard.type('password');
      await page.locator('#hero-search-listbox .search-option[data-rank]').first().waitFor({ timeout: 20_000 });
    });
    assert.equal(parallel, true, 'the hot bundle was requested before the wasm module arrived');
  } finally {
    await ctx.close();
  }
});

test('typing fetches the pages the search reads first before the search is sent (prefetch)', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    // Every search message to the worker is held back until the test lets it go; the page
    // notes when the engine is ready. A page of the index fetched while the search is held
    // can only come from the prefetch a keystroke sends at once.
    await ctx.addInitScript(() => {
      const post = Worker.prototype.postMessage;
      window.__held = [];
      Worker.prototype.postMessage = function (message, transfer) {
        if (message && message.type === 'search') {
          window.__held.push(() => post.call(this, message, transfer));
          return undefined;
        }
        return post.call(this, message, transfer);
      };
      const Native = window.Worker;
      window.Worker = function (url, options) {
        const worker = new Native(url, options);
        worker.addEventListener('message', (e) => { if (e.data && e.data.type === 'ready') window.__ready = true; });
        return worker;
      };
      window.Worker.prototype = Native.prototype;
    });
    const pages = [];
    ctx.on('request', (r) => {
      if (/\/search\/[0-9a-f]+\/\d+\.bin$/.test(new URL(r.url()).pathname)) pages.push(r.url());
    });
    await withPage(ctx, 'prefetch', async (page) => {
      await open(page, fx.url(PAGES.home));
      await page.locator('#hero-search').click();
      await page.waitForFunction(() => window.__ready === true, null, { timeout: 20_000 });
      assert.deepEqual(pages, [], 'no page of the index before a keystroke');
      const fetched = ctx.waitForEvent('request', { predicate: (r) => /\/search\/[0-9a-f]+\/\d+\.bin$/.test(new URL(r.url()).pathname), timeout: 10_000 });
      await page.keyboard.type('password');
      await fetched;
      // The search itself, sent once typing paused, is still held.
      await page.waitForFunction(() => window.__held.length > 0, null, { timeout: 10_000 });
      const before = pages.length;
      await page.evaluate(() => window.__held.splice(0).forEach((send) => send()));
      const first = page.locator('#hero-search-listbox .search-option[data-rank]').first();
      await first.waitFor({ timeout: 20_000 });
      assert.match(await first.innerText(), /password/i);
      // The search fetched no page twice: what the prefetch asked for was shared.
      assert.equal(new Set(pages).size, pages.length, `pages fetched twice: ${pages.join(', ')}`);
      assert.ok(before > 0);
    });
  } finally {
    await ctx.close();
  }
});

test('the wasm module and the hot bundle are requested before the worker script has arrived', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    // The worker script is held until both are requested (at most 8 s): a worker that fetches
    // them itself asks for them only after its script has run.
    const asked = new Set();
    let both;
    const bothSeen = new Promise((resolve) => { both = resolve; });
    ctx.on('request', (r) => {
      const p = new URL(r.url()).pathname;
      if (HOT.test(p)) asked.add('hot');
      if (WASM.test(p)) asked.add('wasm');
      if (asked.size === 2) both();
    });
    let early = null;
    await ctx.route(/\/search\/helpbook-search\.[0-9a-f]+\.js$/, async (route) => {
      early = await Promise.race([bothSeen.then(() => true), new Promise((r) => setTimeout(() => r(false), 8_000))]);
      await route.continue();
    });
    await withPage(ctx, 'parcels', async (page) => {
      await open(page, fx.url(PAGES.article));
      await page.locator('#header-search').click();
      await page.keyboard.type('password');
      await page.locator('#header-search-listbox .search-option[data-rank]').first().waitFor({ timeout: 20_000 });
    });
    assert.equal(early, true, 'the wasm module and the hot bundle were requested before the worker script arrived');
  } finally {
    await ctx.close();
  }
});

/** `helpbook serve --port 0` on the demo; resolves with its origin and a stop function. */
function startServe() {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--root', ROOT, 'serve', '--port', '0', '--color', 'never'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`serve did not start: ${err}`)); }, 30_000);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Serving at (http:\/\/\S+?)\/? /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ origin: m[1], stop: () => child.kill() });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited (${code}): ${err}`)); });
  });
}

test('from a host that serves the brotli copies, the module and the hot bundle arrive brotli-compressed and search works', T, async () => {
  const served = await startServe();
  const ctx = await newContext(fx.browser);
  try {
    const encodings = [];
    const hotEncodings = [];
    ctx.on('response', async (r) => {
      const p = new URL(r.url()).pathname;
      if (WASM.test(p)) encodings.push((await r.allHeaders())['content-encoding'] || 'none');
      if (HOT.test(p)) hotEncodings.push((await r.allHeaders())['content-encoding'] || 'none');
    });
    // `serve` answers before its search index is built (on its own thread): wait for it, as
    // tests/serve.rs does, or the page may ask for the index too early and say search is
    // unavailable.
    for (let tries = 0; (await fetch(`${served.origin}/search/live/hot.bin`)).status !== 200; tries += 1) {
      assert.ok(tries < 200, 'the search index was built within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const page = await ctx.newPage();
    await page.goto(`${served.origin}/`);
    await page.locator('#hero-search').click();
    await page.keyboard.type('password');
    await page.locator('#hero-search-listbox .search-option[data-rank]').first().waitFor({ timeout: 30_000 });
    assert.ok(encodings.length > 0, 'the wasm module was fetched');
    assert.deepEqual([...new Set(encodings)], ['br'], `the module's Content-Encoding: ${encodings}`);
    assert.ok(hotEncodings.length > 0, 'the hot bundle was fetched');
    assert.deepEqual([...new Set(hotEncodings)], ['br'], `the hot bundle's Content-Encoding: ${hotEncodings}`);
  } finally {
    await ctx.close();
    served.stop();
  }
});
