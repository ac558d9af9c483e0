// Insights: the exact events pages send to `[insights] endpoint` (a fake endpoint on another
// loopback port records every request): searches settled on and the result opened, a "No" vote
// with a reason and a comment, a wizard walked to an escalate step, a troubleshooter left
// midway, support channels opened (in English and Spanish); how they travel (text/plain
// beacons, no preflight, no cookies, batches of version 1); nothing at all with Global Privacy
// Control or Do Not Track, and no script and nothing sent without `[insights]`. The events the
// tests expect are in expected-events.json, which `cargo test` also runs through the
// collector's parser (tests/insights_events.rs), so pages send what the collector accepts.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { ROOT, PAGES, setup, newContext, withPage, open } = require('./helpers');

const EXPECTED = JSON.parse(fs.readFileSync(path.join(__dirname, 'expected-events.json'), 'utf8'));
const SCRUB = JSON.parse(fs.readFileSync(path.join(__dirname, 'scrub-queries.json'), 'utf8'));
const { scrubQuery } = require(path.join(ROOT, 'themes', 'default', 'static', 'insights.js'));

let fx;
before(async () => { fx = await setup({ plain: true }); });
after(async () => { if (fx) await fx.close(); });

const T = { timeout: 60_000 };

// The support channels' own sites are not on loopback: answer for them.
async function contextWithChannels(options) {
  const ctx = await newContext(fx.browser, options);
  await ctx.route('https://murmur.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Form</title>' }));
  return ctx;
}

/** Leaves the page (pagehide, visibility hidden): what waits is sent. */
async function leave(page) {
  await page.goto('about:blank');
}

/**
 * Runs `walk(page)` on a fresh page, leaves it, and returns every event posted meanwhile once
 * `count` have arrived and nothing more came for a moment (so an extra event fails the test).
 */
async function eventsOf(ctx, name, count, walk) {
  const from = fx.endpoint.received.length;
  await withPage(ctx, name, async (page) => {
    await walk(page);
    await leave(page);
  });
  await fx.endpoint.waitForEvents(count, from);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { events: fx.endpoint.events(from), requests: fx.endpoint.received.slice(from) };
}

/** Types `text` into the box `selector` a key at a time, as a reader does. */
async function typeQuery(page, selector, text) {
  await page.locator(selector).click();
  await page.locator(selector).pressSequentially(text, { delay: 40 });
}

/** Waits until the dropdown under `selector` shows results for `query`. */
async function dropdownFor(page, selector, query) {
  await page.locator(`${selector}-listbox .search-option-all`).filter({ hasText: `“${query}”` }).waitFor();
}

const SETTLE_MS = 1000; // longer than the typing pause search-ui.js waits (700 ms)

function assertTransport(requests) {
  assert.ok(requests.length > 0, 'at least one request');
  for (const r of requests) {
    const detail = JSON.stringify({ ...r, body: r.body.slice(0, 200) });
    assert.equal(r.method, 'POST', `no CORS preflight, only POSTs: ${detail}`);
    assert.equal(r.path, '/events', detail);
    assert.match(r.contentType, /^text\/plain/, `sent as text/plain (a CORS simple request): ${detail}`);
    assert.equal(r.cookie, '', `no cookies: ${detail}`);
    assert.ok(r.json && r.json.version === 1 && Array.isArray(r.json.events), `a batch of version 1: ${detail}`);
    assert.deepEqual(Object.keys(r.json).sort(), ['events', 'version'], `nothing else in a batch: ${detail}`);
    assert.ok(r.json.events.length >= 1 && r.json.events.length <= 50, detail);
  }
}

// ---------------------------------------------------------------- search

test('search: each settled query once, with the result opened (rank from 1, its path) or none when the reader leaves', T, async () => {
  const ctx = await contextWithChannels();
  try {
    const { events, requests } = await eventsOf(ctx, 'insights-search', 3, async (page) => {
      await open(page, fx.url(PAGES.home));
      // Typed a key at a time: one event for what the reader settled on, none per keystroke.
      await typeQuery(page, '#hero-search', 'hacked');
      await dropdownFor(page, '#hero-search', 'hacked');
      await page.waitForTimeout(SETTLE_MS);
      await page.locator('#hero-search').fill('');
      await typeQuery(page, '#hero-search', 'reset password');
      await dropdownFor(page, '#hero-search', 'reset password');
      await page.waitForTimeout(SETTLE_MS);
      const first = page.locator('#hero-search-listbox a.search-option').first();
      assert.equal(new URL(await first.getAttribute('href'), fx.base).pathname, '/account-access/reset-password/');
      const shown = await page.locator('#hero-search-listbox a.search-option:not(.search-option-sub):not(.search-option-all)').count();
      assert.equal(shown, EXPECTED.search[1].results, 'the count sent is the results shown');
      await Promise.all([page.waitForURL('**/account-access/reset-password/'), first.click()]);
      // On the article, a search in the header box that finds nothing, and the reader leaves.
      await typeQuery(page, '#header-search', 'zzqqxx');
      await page.locator('#header-search-popup .search-empty-lead').filter({ hasText: 'zzqqxx' }).waitFor();
      await page.waitForTimeout(SETTLE_MS);
    });
    assert.deepEqual(events, EXPECTED.search);
    assertTransport(requests);
  } finally {
    await ctx.close();
  }
});

test('search page: a section link opened counts with its page\'s rank; the query is scrubbed', T, async () => {
  const ctx = await contextWithChannels();
  try {
    const { events } = await eventsOf(ctx, 'insights-search-page', 3, async (page) => {
      await open(page, fx.url('/search/?q=two%20factor'));
      await page.locator('#search-results .search-summary:not(.search-loading)').waitFor();
      await page.waitForTimeout(SETTLE_MS);
      // A reader types their own address: "[email]" is sent, never the address.
      await page.locator('#search-page-q').fill('jane.doe@example.com');
      await page.locator('#search-results .search-summary:not(.search-loading)').filter({ hasText: 'jane.doe@example.com' }).waitFor();
      await page.waitForTimeout(SETTLE_MS);
      await page.locator('#search-page-q').fill('backup codes');
      await page.locator('#search-results .search-summary').filter({ hasText: 'backup codes' }).waitFor();
      // The fourth result's first section (its own link is the page's).
      const link = page.locator('#search-results li.search-result').nth(3).locator('ul.search-result-sections a').first();
      const href = new URL(await link.getAttribute('href'), fx.base);
      assert.equal(href.pathname + href.hash, EXPECTED.searchPage[2].opened.url);
      await Promise.all([page.waitForURL(`**${EXPECTED.searchPage[2].opened.url.split('#')[0]}*`), link.click()]);
    });
    assert.deepEqual(events, EXPECTED.searchPage);
  } finally {
    await ctx.close();
  }
});

test('the query rules match the collector\'s (scrub_query): shared cases', () => {
  assert.ok(SCRUB.length >= 8);
  for (const [query, expected] of SCRUB) {
    assert.equal(scrubQuery(query), expected, JSON.stringify(query));
  }
});

// ---------------------------------------------------------------- votes

test('vote: "No" with a reason and a comment', T, async () => {
  const ctx = await contextWithChannels();
  try {
    const from = fx.endpoint.received.length;
    await withPage(ctx, 'insights-vote', async (page) => {
      await open(page, fx.url(PAGES.article));
      const vote = page.locator('[data-vote]');
      await vote.getByRole('button', { name: 'No' }).click();
      await vote.getByRole('radio', { name: "It didn't answer my question" }).check();
      await vote.getByRole('textbox', { name: /Tell us more/ }).fill('  The reset email never arrives, even in spam.  ');
      await vote.getByRole('button', { name: 'Send' }).click();
      // Sent at once, while the reader is still on the page.
      assert.deepEqual(await fx.endpoint.waitForEvents(1, from), EXPECTED.voteNo);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(fx.endpoint.events(from), EXPECTED.voteNo, 'nothing more when the page is left');
    assertTransport(fx.endpoint.received.slice(from));
  } finally {
    await ctx.close();
  }
});

// ---------------------------------------------------------------- troubleshooters and wizards

/** Clicks the answer with index `i` (as `?a=` counts) and waits for tree.js to show `next`. */
async function answer(page, i, next) {
  await page.locator(`a.choice[data-choice="${i}"]`).click();
  await page.locator(`[data-tree-node="${next}"]`).waitFor();
}

test('wizard: walked to an escalate step sends start and escalate, with the answers', T, async () => {
  const ctx = await contextWithChannels();
  try {
    const { events } = await eventsOf(ctx, 'insights-wizard', 2, async (page) => {
      await open(page, fx.url(PAGES.wizard));
      await answer(page, 1, 'what-happened');
      await answer(page, 2, 'code-method');
      await answer(page, 2, 'send-login-code');
      await answer(page, 1, 'code-checks');
      await answer(page, 1, 'confirm-identity');
      assert.equal(new URL(page.url()).search, '?a=1.2.2.1.1');
    });
    assert.deepEqual(events, EXPECTED.wizardEscalate);
  } finally {
    await ctx.close();
  }
});

test('troubleshooter: leaving midway sends leave once, at the step on screen, with the answers', T, async () => {
  const ctx = await contextWithChannels();
  try {
    const { events } = await eventsOf(ctx, 'insights-leave', 2, async (page) => {
      await open(page, '' + fx.url('/messaging/fix-messages-not-sending/'));
      await answer(page, 0, 'connection');
      await answer(page, 1, 'update-restart');
      // Back one step: the reader leaves at the step they were shown last.
      await page.locator('[data-tree-back]').click();
      await page.locator('[data-tree-node="connection"]').waitFor();
    });
    assert.deepEqual(events, EXPECTED.troubleshooterLeave);
  } finally {
    await ctx.close();
  }
});

test('troubleshooter: a resolved end and "Yes" on it; no leave after the end', T, async () => {
  const ctx = await contextWithChannels();
  try {
    const { events } = await eventsOf(ctx, 'insights-resolved', 3, async (page) => {
      await open(page, fx.url('/messaging/fix-messages-not-sending/'));
      await answer(page, 0, 'connection');
      await answer(page, 0, 'sent');
      // tree.js swapped the step in: its "Was this helpful?" works like an article's.
      await page.locator('[data-vote]').getByRole('button', { name: 'Yes' }).click();
    });
    assert.deepEqual(events, EXPECTED.troubleshooterResolved);
  } finally {
    await ctx.close();
  }
});

// ---------------------------------------------------------------- contact

test('contact: a channel opened, by its book.toml name, from the contact page, a Spanish page and an escalate step', T, async () => {
  const ctx = await contextWithChannels();
  try {
    const { events } = await eventsOf(ctx, 'insights-contact', 3, async (page) => {
      await open(page, fx.url(PAGES.contact));
      await Promise.all([
        page.waitForURL('https://murmur.example/**'),
        page.getByRole('link', { name: /Account recovery form/ }).click(),
      ]);
      // The Spanish page names the channel in Spanish; the event keeps its book.toml name.
      await open(page, fx.url('/es/contact/'));
      await Promise.all([
        page.waitForURL('https://murmur.example/**'),
        page.getByRole('link', { name: /Reportar un problema de seguridad/ }).click(),
      ]);
      // The escalate step's pre-filled request goes to the wizard's channel.
      await open(page, fx.url(PAGES.wizardEscalate));
      await page.locator('textarea[data-request-text]:not([readonly])').waitFor();
      await Promise.all([
        page.waitForURL('https://murmur.example/**'),
        page.locator('a[data-request-send]').click(),
      ]);
    });
    assert.deepEqual(events, EXPECTED.contact);
  } finally {
    await ctx.close();
  }
});

// ---------------------------------------------------------------- nothing sent

/** Everything that sends an event, on the site at `url(path)`. */
async function doEverything(page, url) {
  await open(page, url(PAGES.home));
  await typeQuery(page, '#hero-search', 'reset password');
  await dropdownFor(page, '#hero-search', 'reset password');
  await page.waitForTimeout(SETTLE_MS);
  await Promise.all([
    page.waitForURL('**/account-access/reset-password/'),
    page.locator('#hero-search-listbox a.search-option').first().click(),
  ]);
  await open(page, url('/messaging/fix-messages-not-sending/'));
  await answer(page, 0, 'connection');
  await open(page, url(PAGES.contact));
  await Promise.all([
    page.waitForURL('https://murmur.example/**'),
    page.getByRole('link', { name: /Account recovery form/ }).click(),
  ]);
  await open(page, url(PAGES.article));
}

for (const [signal, init] of [
  ['Global Privacy Control', () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })],
  ['Do Not Track', () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' })],
]) {
  test(`${signal}: nothing at all is sent, and no vote widget is shown`, T, async () => {
    const ctx = await contextWithChannels();
    await ctx.addInitScript(init);
    try {
      const from = fx.endpoint.received.length;
      await withPage(ctx, `insights-${signal}`, async (page) => {
        await doEverything(page, fx.url);
        assert.equal(await page.locator('script[src*="insights.js"]').count(), 1, 'the script is there');
        assert.equal(await page.locator('[data-vote]').isHidden(), true, 'no widget that would send nothing');
        await leave(page);
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(fx.endpoint.received.slice(from), [], 'nothing reached the endpoint');
      assert.deepEqual(ctx.errors, [], 'console/page errors');
    } finally {
      await ctx.close();
    }
  });
}

test('without [insights]: no extra script, no widget, no request beyond the site', T, async () => {
  const ctx = await contextWithChannels();
  const elsewhere = [];
  let site = null;
  ctx.on('request', (request) => {
    const url = new URL(request.url());
    if (!site) return;
    if (url.origin !== site && url.origin !== 'https://murmur.example') elsewhere.push(`${request.method()} ${request.url()}`);
  });
  try {
    const from = fx.endpoint.received.length;
    await withPage(ctx, 'insights-plain', async (page) => {
      site = new URL(fx.plainUrl('/')).origin;
      await doEverything(page, fx.plainUrl);
      assert.equal(await page.locator('script[src*="insights"]').count(), 0, 'no insights script');
      assert.equal(await page.locator('[data-vote]').count(), 0, 'no vote widget');
      const scripts = await page.locator('script[src]').evaluateAll((els) => els.map((s) => new URL(s.src).pathname));
      // hours.js: the "Still need help?" band's reply-by line (the demo's channels have `reply-within`);
      // status.js: the demo's [status] live (known issues without a rebuild), not insights.
      assert.deepEqual(scripts, ['/static/helpbook.js', '/static/search-ui.js', '/static/hours.js', '/static/status.js'], 'the scripts an article loads');
      await leave(page);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(elsewhere, [], 'requests to anywhere but the site');
    assert.deepEqual(fx.endpoint.received.slice(from), [], 'nothing reached the endpoint');
    assert.deepEqual(ctx.errors, [], 'console/page errors');
  } finally {
    await ctx.close();
  }
});
