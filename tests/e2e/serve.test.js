// `helpbook serve` in a real browser: a saved article reloads its open page in place of the
// stale one, keeping the scroll position; a page that did not change is left alone; a save
// with an error shows the error over the page (file:line, as in the terminal) and fixing it
// clears the overlay and shows the new page. Runs the release binary on a copy of the demo.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { ROOT, setup, newContext, withPage, copyDemo, screenshot } = require('./helpers');

const AXE = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core on the error overlay alone: its violations, one line each. */
async function auditOverlay(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run({ include: [['#helpbook-errors']] }, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }), AXE_TAGS);
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.failureSummary).join(' | ')}`);
}

const BIN = process.env.HELPBOOK_BIN || path.join(ROOT, 'target', 'release', 'helpbook');
const T = { timeout: 60_000 };

let fx;
let server;
let dir;
let origin;
const log = [];

before(async () => {
  fx = await setup();
  // A copy of the demo whose pages send their events to the fake endpoint, not the demo's.
  dir = copyDemo('serve', fx.endpoint.url);
  server = spawn(BIN, ['--root', dir, 'serve', '--port', '0', '--color', 'never'], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.on('data', (d) => log.push(String(d)));
  const line = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log.join('')}`)), 30_000);
    readline.createInterface({ input: server.stdout }).once('line', (l) => { clearTimeout(timer); resolve(l); });
    server.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${log.join('')}`)));
  });
  origin = line.match(/http:\/\/127\.0\.0\.1:\d+/)[0];
});

after(async () => {
  if (server) server.kill();
  if (fx) await fx.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function edit(rel, from, to) {
  const file = path.join(dir, rel);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${rel} contains ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

/** Waits until the page has the live-reload connection (the first status arrived). */
async function connected(page) {
  await page.waitForFunction(() => window.__helpbookLive === true);
  // The event stream delivers the current status on connect; give it a moment.
  await page.waitForTimeout(300);
}

test('saving an article reloads its open page at the same scroll position', T, async () => {
  const ctx = await newContext(fx.browser, { viewport: { width: 390, height: 700 } });
  try {
    await withPage(ctx, 'serve-reload', async (page) => {
      await page.goto(`${origin}/account-access/two-factor/`);
      await connected(page);
      await page.evaluate(() => { window.__notReloaded = true; window.scrollTo(0, 900); });
      const y = await page.evaluate(() => window.scrollY);
      assert.ok(y > 500, `the page scrolled (${y})`);
      edit('content/account-access/two-factor.md', '\n## ', '\nZebracorn sentence added while writing.\n\n## ');
      await page.waitForFunction(() => document.body.textContent.includes('Zebracorn sentence'), null, { timeout: 10_000 });
      assert.equal(await page.evaluate(() => window.__notReloaded), undefined, 'the page was reloaded');
      // Where the reader was, give or take the lines the edit added above it (the browser may
      // keep the same text in view rather than the same offset): not back at the top.
      await page.waitForFunction((want) => Math.abs(window.scrollY - want) < 100, y, { timeout: 5_000 });
    });
  } finally {
    await ctx.close();
  }
});

test('a page the save did not change is not reloaded', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'serve-other', async (page) => {
      await page.goto(`${origin}/messaging/unsend-a-message/`);
      await connected(page);
      await page.evaluate(() => { window.__stay = true; });
      edit('content/privacy-safety/block-mute-restrict.md', '\n## ', '\nAnother zebracorn.\n\n## ');
      // Wait for the rebuild to be announced, then check this page stayed.
      const res = await fetch(`${origin}/privacy-safety/block-mute-restrict/`);
      assert.equal(res.status, 200);
      await page.waitForTimeout(1500);
      assert.equal(await page.evaluate(() => window.__stay), true);
    });
  } finally {
    await ctx.close();
  }
});

test('an error shows over the page, readable in light and dark, until the file is fixed', T, async () => {
  const ctx = await newContext(fx.browser);
  const dark = await newContext(fx.browser, { colorScheme: 'dark', viewport: { width: 390, height: 844 } });
  try {
    await withPage(ctx, 'serve-error', async (page) => {
      await page.goto(`${origin}/messaging/disappearing-messages/`);
      await connected(page);
      edit('content/messaging/disappearing-messages.md', 'title = "', 'title = ');
      const overlay = page.locator('#helpbook-errors');
      await overlay.waitFor({ timeout: 10_000 });
      const text = await overlay.innerText();
      assert.match(text, /1 error/);
      assert.match(text, /content\/messaging\/disappearing-messages\.md:2/);
      assert.match(text, /front matter is not valid TOML/);
      assert.equal(await overlay.getAttribute('role'), 'alert');
      // Readable over the theme's own styles (its `pre` has a light background): axe on the
      // overlay, light scheme.
      await screenshot(page, 'serve-error-overlay-1280-light');
      assert.deepEqual(await auditOverlay(page), [], 'the overlay in the light scheme');
      // The same error in a dark-scheme tab on a phone.
      await withPage(dark, 'serve-error-dark', async (other) => {
        await other.goto(`${origin}/messaging/disappearing-messages/`);
        await other.locator('#helpbook-errors').waitFor({ timeout: 10_000 });
        const colors = await other.evaluate(() => {
          const style = getComputedStyle(document.getElementById('helpbook-errors'));
          return [style.color, style.backgroundColor];
        });
        assert.deepEqual(colors, ['rgb(243, 243, 243)', 'rgb(20, 20, 24)'], 'dark overlay colours');
        await screenshot(other, 'serve-error-overlay-390-dark');
        assert.deepEqual(await auditOverlay(other), [], 'the overlay in the dark scheme');
      });
      // The server keeps running and keeps the last good page.
      const res = await fetch(`${origin}/messaging/disappearing-messages/`);
      assert.equal(res.status, 200);
      // Fixed, with a new title: the overlay goes and the new page shows.
      edit('content/messaging/disappearing-messages.md', 'title = ', 'title = "Fixed: ');
      await page.waitForFunction(() => document.querySelector('h1') && document.querySelector('h1').textContent.startsWith('Fixed:'), null, { timeout: 10_000 });
      assert.equal(await page.locator('#helpbook-errors').count(), 0);
    });
  } finally {
    await ctx.close();
    await dark.close();
  }
  const terminal = log.join('');
  assert.ok(terminal.includes('disappearing-messages.md:2'), 'the terminal shows the error too');
  assert.match(terminal, /Fixed: the site builds again/, `the terminal says the error is fixed:\n${terminal}`);
});
