// The HTML page of `helpbook insights`, opened from a file in Chromium with the network off:
// it needs nothing else (no request leaves the page), shows no console errors, has no
// horizontal scroll at 390px, and passes an axe-core WCAG 2.x A/AA audit with zero violations
// in both colour schemes at a phone and a desktop width. Two reports are checked: the one of
// the fixed events of tests/fixtures/insights/ (reader comments with markup and direction
// overrides), and the demo's from generated sample events (scripts/sample-events.py, needs
// python3: Arabic and Spanish queries, every troubleshooter).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { ROOT, newContext, withPage, screenshot } = require('./helpers');

const BIN = process.env.HELPBOOK_BIN || path.join(ROOT, 'target', 'release', 'helpbook');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const AXE = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// The fixed events are of May 2026; the sample events end on this day too.
const NOW = '1780000000'; // 2026-05-28

let dir;
let browser;
const reports = [];

function insights(args) {
  try {
    return execFileSync(BIN, ['insights', ...args, '--quiet', '--color', 'never'], {
      env: { ...process.env, SOURCE_DATE_EPOCH: NOW },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(`helpbook insights ${args.join(' ')} failed (exit ${e.status}):\n${e.stdout}${e.stderr}`);
  }
}

function hasPython() {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpbook-e2e-report-'));
  const fixture = path.join(ROOT, 'tests', 'fixtures', 'insights');
  const fixtureReport = path.join(dir, 'fixture.html');
  insights(['--root', fixture, '--events', path.join(fixture, 'events.jsonl'), '--since', '7d', '--format', 'html', '--out', fixtureReport]);
  reports.push(['fixture', fixtureReport]);
  if (hasPython()) {
    const events = path.join(dir, 'sample-events.jsonl');
    execFileSync('python3', [path.join(ROOT, 'scripts', 'sample-events.py'), '3000', events, '--seed', '7', '--end', '2026-05-28'], { stdio: 'ignore' });
    const demoReport = path.join(dir, 'demo.html');
    insights(['--root', ROOT, '--events', events, '--format', 'html', '--out', demoReport]);
    reports.push(['demo', demoReport]);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  if (browser) await browser.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens a report from its file with the network off, recording every request it makes. */
async function openReport(page, file) {
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto('file://' + file, { waitUntil: 'load' });
  return requests;
}

test('the report needs nothing from the network and shows no errors', async () => {
  const ctx = await newContext(browser, { offline: true });
  try {
    for (const [name, file] of reports) {
      await withPage(ctx, `report-${name}`, async (page) => {
        const requests = await openReport(page, file);
        assert.deepEqual(requests, [], `${name}: requests`);
        await assert.doesNotReject(page.locator('h1').waitFor());
        // Reader comments are text, not markup.
        if (name === 'fixture') {
          assert.equal(await page.locator('script').count(), 0);
          assert.ok(await page.getByText('<script>alert(1)</script> & more').count() >= 1);
        }
        // Every chart is followed by its table.
        assert.ok(await page.locator('table caption').count() >= 6, `${name}: tables`);
      });
    }
    assert.deepEqual(ctx.errors, [], `console/page errors:\n  ${ctx.errors.join('\n  ')}`);
  } finally {
    await ctx.close();
  }
});

test('the report fits a 390px phone without scrolling sideways', async () => {
  const ctx = await newContext(browser, { viewport: { width: 390, height: 844 } });
  try {
    for (const [name, file] of reports) {
      await withPage(ctx, `phone-${name}`, async (page) => {
        await openReport(page, file);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${name}: the page is ${width}px wide`);
      });
    }
  } finally {
    await ctx.close();
  }
});

for (const scheme of ['light', 'dark']) {
  test(`axe-core audit of the report (${AXE_TAGS.join(', ')}): zero violations, ${scheme} scheme`, async () => {
    const failures = [];
    let audited = 0;
    for (const width of [390, 1280]) {
      const ctx = await newContext(browser, { colorScheme: scheme, viewport: { width, height: width < 600 ? 844 : 800 } });
      try {
        for (const [name, file] of reports) {
          await withPage(ctx, `axe-report-${name}-${width}-${scheme}`, async (page) => {
            await openReport(page, file);
            // The tables behind the daily chart are audited open too.
            await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
            await screenshot(page, `report-${name}-${width}-${scheme}`);
            await page.addScriptTag({ path: AXE });
            const result = await page.evaluate((tags) => window.axe.run(document, {
              runOnly: { type: 'tag', values: tags },
              resultTypes: ['violations'],
            }), AXE_TAGS);
            audited++;
            for (const v of result.violations) {
              const nodes = v.nodes.slice(0, 5).map((n) => `      - ${n.target.join(' ')}: ${(n.failureSummary || '').split('\n').slice(0, 2).join(' / ')}`);
              failures.push(`  ${name} at ${width}px, ${scheme}: [${v.impact}] ${v.id}: ${v.help}\n${nodes.join('\n')}`);
            }
          });
        }
      } finally {
        await ctx.close();
      }
    }
    assert.equal(audited, reports.length * 2);
    assert.ok(failures.length === 0, `axe-core found accessibility violations:\n${failures.join('\n')}`);
  });
}
