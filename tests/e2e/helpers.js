// Shared helpers of the browser end-to-end suite: build the demo help center with the
// release binary, serve it on 127.0.0.1, run a fake insights endpoint that records what
// pages send, drive Debian's Chromium with playwright-core. No dependencies beyond
// playwright-core and axe-core.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = process.env.HELPBOOK_BIN || path.join(ROOT, 'target', 'release', 'helpbook');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, 'artifacts');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const FAILURES = path.join(ARTIFACTS, 'failures');

// The demo's announcement banner is shown between its start and end dates, both at build
// time and in the browser (helpbook.js hides an expired banner). Pin both clocks to a day
// inside its window so every run renders (and audits) the same pages.
const FIXED_DATE = '2026-11-15T12:00:00Z';
const SOURCE_DATE_EPOCH = String(Date.parse(FIXED_DATE) / 1000);

// Every page kind of the default theme, with a representative URL in the demo.
const PAGES = {
  home: '/',
  category: '/account-access/',
  subcategory: '/business-creator/payouts/',
  article: '/account-access/reset-password/',
  longArticle: '/account-access/two-factor/',
  contact: '/contact/',
  search: '/search/?q=password',
  notFound: '/this/page/does-not-exist/',
  // Troubleshooting trees: a wizard's first step, one of its escalate steps with the answers
  // that lead there in `?a=` (tree.js fills in the summary and the request from them), a
  // troubleshooter's resolved step, and a tree's map of all steps.
  wizard: '/account-access/recover-your-account/',
  wizardEscalate: '/account-access/recover-your-account/confirm-identity/?a=1.2.2.1.1',
  troubleshooterResolved: '/messaging/fix-messages-not-sending/sent/',
  treeMap: '/account-access/recover-your-account/map/',
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

// ---------------------------------------------------------------- building

function helpbook(args) {
  if (!fs.existsSync(BIN)) {
    throw new Error(`helpbook binary not found at ${BIN}: run scripts/e2e.sh (it builds it) or set HELPBOOK_BIN`);
  }
  try {
    return execFileSync(BIN, [...args, '--quiet', '--color', 'never'], {
      env: { ...process.env, SOURCE_DATE_EPOCH },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(`helpbook ${args.join(' ')} failed (exit ${e.status}):\n${e.stdout}${e.stderr}`);
  }
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `helpbook-e2e-${prefix}-`));
}

/**
 * The demo's book.toml with its `[insights] endpoint` pointed at `endpoint` (a fake one on
 * loopback: tests never send to the collector the demo names), or without the `[insights]`
 * table when `endpoint` is null.
 */
function demoBookToml(endpoint) {
  const toml = fs.readFileSync(path.join(ROOT, 'book.toml'), 'utf8');
  const table = /^\[insights\]\r?\nendpoint = "[^"\n]*"\r?\n/m;
  assert.match(toml, table, "the demo's book.toml has an [insights] table with an endpoint");
  return toml.replace(table, endpoint == null ? '' : `[insights]\nendpoint = "${endpoint}"\n`);
}

/** A copy of the demo (book.toml + content/) in a temp folder, with `demoBookToml(endpoint)`. */
function copyDemo(prefix, endpoint) {
  const dir = tempDir(prefix);
  fs.writeFileSync(path.join(dir, 'book.toml'), demoBookToml(endpoint));
  fs.cpSync(path.join(ROOT, 'content'), path.join(dir, 'content'), { recursive: true });
  return dir;
}

/** Builds a copy of the demo (see `copyDemo`) into a temp folder. */
function buildDemo(endpoint) {
  const dir = copyDemo(endpoint == null ? 'plain' : 'site', endpoint);
  const dest = path.join(dir, 'site');
  helpbook(['build', '--root', dir, '--dest', dest]);
  return { dir, dest };
}

/**
 * Builds a small help center from `files` (relative path → text, including `book.toml`) and
 * returns the folder to serve: the site lands in it under `base` (the `site-url` path the
 * book.toml declares), so the base path is exercised as on a real host.
 */
function buildFixture(name, files, { base = '/' } = {}) {
  const dir = tempDir(name);
  const src = path.join(dir, 'src');
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(src, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  const www = path.join(dir, 'www');
  const dest = path.join(www, ...base.split('/').filter(Boolean));
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  helpbook(['build', '--root', src, '--dest', dest]);
  return { dir, www, dest };
}

/** The `[[support.channels]]` tables of the demo's book.toml (flat string and boolean keys only). */
function supportChannels() {
  const toml = fs.readFileSync(path.join(ROOT, 'book.toml'), 'utf8');
  const channels = [];
  let current = null;
  for (const raw of toml.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      current = line === '[[support.channels]]' ? {} : null;
      if (current) channels.push(current);
      continue;
    }
    const m = current && line.match(/^([A-Za-z0-9_-]+)\s*=\s*"((?:[^"\\]|\\.)*)"/);
    if (m) current[m[1]] = JSON.parse(`"${m[2]}"`);
    const b = current && line.match(/^([A-Za-z0-9_-]+)\s*=\s*(true|false)\s*(#.*)?$/);
    if (b) current[b[1]] = b[2] === 'true';
  }
  return channels;
}

// ---------------------------------------------------------------- servers

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, port, origin: `http://127.0.0.1:${port}`, close: () => closeServer(server) });
    });
  });
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A static file server like any static host: directory → index.html, 404.html for the rest. */
function serveStatic(root) {
  const server = http.createServer((req, res) => {
    const send = (status, file, headers = {}) => {
      const body = fs.readFileSync(file);
      res.writeHead(status, {
        'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => {
      const page = path.join(root, '404.html');
      if (fs.existsSync(page)) return send(404, page);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('not found');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      return res.end();
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    const file = path.join(root, pathname);
    if (pathname.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) return notFound();
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound();
    }
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const q = req.url.indexOf('?');
        res.writeHead(301, { Location: `${pathname}/${q >= 0 ? req.url.slice(q) : ''}` });
        return res.end();
      }
      const index = path.join(file, 'index.html');
      return fs.existsSync(index) ? send(200, index) : notFound();
    }
    return send(200, file);
  });
  return listen(server);
}

/**
 * A fake insights endpoint (on its own loopback port, so pages post across origins as to a
 * real collector): records every request and answers 204, with CORS headers for a preflight
 * (pages should never need one). `received` holds `{method, path, contentType, origin,
 * cookie, body, json}` per request; `events(from)` every event posted since request `from`.
 */
async function insightsEndpoint() {
  const received = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json = null;
      try { json = JSON.parse(body); } catch { json = null; }
      received.push({
        method: req.method,
        path: req.url,
        contentType: req.headers['content-type'] || '',
        origin: req.headers.origin || '',
        cookie: req.headers.cookie || '',
        body,
        json,
      });
      waiters.splice(0).forEach((w) => w());
      res.writeHead(204, {
        'Access-Control-Allow-Origin': req.headers.origin || '*',
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type',
      });
      res.end();
    });
  });
  const s = await listen(server);
  const posts = (from) => received.slice(from).filter((r) => r.method === 'POST');
  return {
    ...s,
    url: `${s.origin}/events`,
    received,
    /** Every event in the batches posted since request number `from`, in order. */
    events(from = 0) {
      return posts(from).flatMap((r) => (r.json && Array.isArray(r.json.events) ? r.json.events : []));
    },
    /**
     * Resolves with the events posted since request `from` once there are at least `count`,
     * or rejects after `timeout` ms saying what arrived.
     */
    async waitForEvents(count, from = 0, timeout = 5000) {
      const deadline = Date.now() + timeout;
      while (this.events(from).length < count) {
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(`the insights endpoint received ${this.events(from).length} of ${count} events within ${timeout} ms:\n${JSON.stringify(this.events(from), null, 2)}`);
        }
        await new Promise((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => { clearTimeout(t); resolve(); });
        });
      }
      return this.events(from);
    },
  };
}

// ---------------------------------------------------------------- browser

function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A new context with deterministic defaults (fixed clock, reduced motion, light scheme,
 * desktop viewport) and a record of console errors and page errors.
 */
async function newContext(browser, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
    locale: 'en-US',
    timezoneId: 'UTC',
    ...options,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  if (options.javaScriptEnabled !== false) {
    await context.clock.setFixedTime(new Date(FIXED_DATE));
  }
  context.errors = [];
  context.on('page', (page) => watchPage(page, context.errors));
  return context;
}

function watchPage(page, errors) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const resource = loc && loc.url ? loc.url.split('#')[0] : '';
      if (/^Failed to load resource/.test(msg.text())) {
        // The not-found page itself is served with status 404 (checked by the tests), and
        // Chromium asks every origin for /favicon.ico, which the theme does not ship.
        if (resource === page.url().split('#')[0] || new URL(resource, 'http://x').pathname === '/favicon.ico') return;
      }
      errors.push(`console.error on ${page.url()}: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`page error on ${page.url()}: ${err.stack || err.message}`));
}

/** Runs `fn(page)` in a fresh page; on failure saves a screenshot into artifacts/failures/. */
async function withPage(context, name, fn) {
  const page = await context.newPage();
  try {
    return await fn(page);
  } catch (e) {
    try {
      fs.mkdirSync(FAILURES, { recursive: true });
      const file = path.join(FAILURES, `${slug(name)}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 5000 });
      e.message += `\n  (page ${page.url()}; screenshot: ${path.relative(ROOT, file)})`;
    } catch {
      /* the page may be gone */
    }
    throw e;
  } finally {
    await page.close().catch(() => {});
  }
}

async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${slug(name)}.png`), fullPage: true, animations: 'disabled' });
}

function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Navigates and checks the HTTP status (the 404 page is the only expected non-200). */
async function open(page, url, expectedStatus = 200) {
  const response = await page.goto(url, { waitUntil: 'load' });
  assert.ok(response, `no response for ${url}`);
  assert.equal(response.status(), expectedStatus, `HTTP status of ${url}`);
  return response;
}

// ---------------------------------------------------------------- the usual fixture

/**
 * Builds the demo as it ships (with `[insights]`, pointed at a fake endpoint: `fx.endpoint`),
 * serves it (`fx.url(path)`), launches Chromium. `plain: true` also serves a build of the demo
 * without `[insights]` (`fx.plainUrl(path)`).
 */
async function setup({ plain = false } = {}) {
  const cleanups = [];
  const fixture = {};
  try {
    const endpoint = await insightsEndpoint();
    cleanups.push(endpoint.close);
    fixture.endpoint = endpoint;
    const demo = buildDemo(endpoint.url);
    cleanups.push(() => fs.rmSync(demo.dir, { recursive: true, force: true }));
    const site = await serveStatic(demo.dest);
    cleanups.push(site.close);
    fixture.base = site.origin;
    fixture.url = (p) => new URL(p, site.origin).href;
    if (plain) {
      const plainDemo = buildDemo(null);
      cleanups.push(() => fs.rmSync(plainDemo.dir, { recursive: true, force: true }));
      const plainSite = await serveStatic(plainDemo.dest);
      cleanups.push(plainSite.close);
      fixture.plainUrl = (p) => new URL(p, plainSite.origin).href;
    }
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    fixture.browser = browser;
  } catch (e) {
    await runCleanups(cleanups);
    throw e;
  }
  fixture.close = () => runCleanups(cleanups);
  return fixture;
}

async function runCleanups(cleanups) {
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch {
      /* keep cleaning */
    }
  }
}

module.exports = {
  ROOT,
  PAGES,
  FIXED_DATE,
  CHROMIUM,
  CHROMIUM_ARGS,
  helpbook,
  setup,
  newContext,
  withPage,
  open,
  screenshot,
  supportChannels,
  buildFixture,
  serveStatic,
  insightsEndpoint,
  copyDemo,
};
