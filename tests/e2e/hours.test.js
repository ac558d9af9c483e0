// Hours and reply-by (hours.js) as readers meet them, with the browser's clock and time zone
// set: the demo's team works in Madrid, Monday to Friday 09:00-18:00 (book.toml
// `[support.hours]`). A reader in New York on Saturday evening sees the account recovery
// form's reply-by time (4 business hours) on Monday, in New York time; the live chat says
// when it opens, and "Open now" inside the team's hours; the Spanish page words it in
// Spanish; without JavaScript the build-time sentence is what shows. The expected instants
// are worked out here by hand (UTC), and only their wording is asked of the browser's Intl.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { PAGES, setup, newContext, withPage, open, screenshot } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

const T = { timeout: 60_000 };
const NEW_YORK = { timezoneId: 'America/New_York', locale: 'en-US' };

// Saturday 14 November 2026, 20:00 in New York (EST, UTC-5) = Sunday 02:00 in Madrid (CET).
const SATURDAY_EVENING = '2026-11-15T01:00:00Z';
// 4 business hours from then: Monday 16 November 09:00-13:00 Madrid = 12:00 UTC.
const RECOVERY_DUE = '2026-11-16T12:00:00Z';
// 2 business days: the close of the second open day after today, Tuesday 18:00 Madrid.
const EMAIL_DUE = '2026-11-17T17:00:00Z';
// The team opens on Monday 09:00 Madrid = 08:00 UTC.
const MONDAY_OPENING = '2026-11-16T08:00:00Z';

const RECOVERY = 'Account recovery form';
const EMAIL = 'Email support';
const LIVE = 'Business live chat';

/** The text of the reply-by (or "Open now") line of the channel card named `name`. */
async function cardLine(page, name) {
  const card = page.locator('.channel', { has: page.locator('.channel-name', { hasText: name }) });
  const line = card.locator('.hours-when');
  await line.waitFor({ state: 'visible' });
  return (await line.textContent()).trim();
}

/** `iso` as the page words it with `options` in the browser's own zone and the page's language. */
function words(page, iso, options) {
  return page.evaluate(([when, opts]) => new Intl.DateTimeFormat(document.documentElement.lang, opts).format(new Date(when)), [iso, options]);
}
const DAY_TIME = { weekday: 'long', hour: 'numeric', minute: '2-digit' };
const TIME = { hour: 'numeric', minute: '2-digit' };

async function at(ctx, iso) {
  await ctx.clock.setFixedTime(new Date(iso));
}

test('a reader in New York on Saturday 20:00 sees Monday\'s reply-by time in New York time', T, async () => {
  const ctx = await newContext(fx.browser, NEW_YORK);
  try {
    await at(ctx, SATURDAY_EVENING);
    await withPage(ctx, 'hours-new-york', async (page) => {
      await open(page, fx.url(PAGES.contact));
      const recovery = await cardLine(page, RECOVERY);
      assert.equal(recovery, `Expect a reply by ${await words(page, RECOVERY_DUE, DAY_TIME)} your time`);
      assert.match(recovery, /^Expect a reply by Monday 7:00\sAM your time$/, 'Monday 13:00 in Madrid is 7:00 AM in New York');
      assert.equal(await cardLine(page, EMAIL), `Expect a reply by ${await words(page, EMAIL_DUE, DAY_TIME)} your time`);
      assert.match(await cardLine(page, EMAIL), /Tuesday 12:00\sPM/);
      // The live chat is closed on the weekend: it opens on Monday at 09:00 Madrid time.
      const live = await cardLine(page, LIVE);
      assert.equal(live, `Opens Monday at ${await words(page, MONDAY_OPENING, TIME)} your time`);
      assert.match(live, /3:00\sAM/);
      // The build-time sentence stays, under the reader's own line.
      const text = await page.locator('.channel', { hasText: RECOVERY }).locator('.hours-text').textContent();
      assert.equal(text, 'Replies within 4 business hours, Monday to Friday 09:00–18:00 Madrid time');
      await screenshot(page, 'hours contact new york saturday');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('a live channel says "Opens at…" before the team\'s hours and "Open now" during them', T, async () => {
  const ctx = await newContext(fx.browser, NEW_YORK);
  try {
    // Monday 02:00 in New York = 08:00 in Madrid: opens today at 3:00 AM New York time.
    await at(ctx, '2026-11-16T07:00:00Z');
    await withPage(ctx, 'hours-live-before', async (page) => {
      await open(page, fx.url(PAGES.contact));
      assert.equal(await cardLine(page, LIVE), `Opens at ${await words(page, MONDAY_OPENING, TIME)} your time`);
      assert.equal(await page.locator('.channel', { hasText: LIVE }).locator('.hours-when.is-open').count(), 0);
    });
    // Monday 11:00 in Madrid.
    await at(ctx, '2026-11-16T10:00:00Z');
    await withPage(ctx, 'hours-live-open', async (page) => {
      await open(page, fx.url(PAGES.contact));
      assert.equal(await cardLine(page, LIVE), 'Open now');
      assert.equal(await page.locator('.channel', { hasText: LIVE }).locator('.hours-when.is-open').count(), 1);
      // 4 business hours from 11:00 Madrid: 15:00 Madrid, 9:00 AM in New York, the same day.
      assert.equal(await cardLine(page, RECOVERY), `Expect a reply by ${await words(page, '2026-11-16T14:00:00Z', DAY_TIME)} your time`);
    });
    // A holiday (Friday 25 December 2026) is closed: the chat opens on Monday the 28th.
    await at(ctx, '2026-12-25T10:00:00Z');
    await withPage(ctx, 'hours-live-holiday', async (page) => {
      await open(page, fx.url(PAGES.contact));
      assert.equal(await cardLine(page, LIVE), `Opens Monday at ${await words(page, '2026-12-28T08:00:00Z', TIME)} your time`);
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('the Spanish page words the reply-by time in Spanish; the band and the escalate step show it too', T, async () => {
  const ctx = await newContext(fx.browser, { timezoneId: 'America/New_York', locale: 'es-ES' });
  try {
    await at(ctx, SATURDAY_EVENING);
    await withPage(ctx, 'hours-spanish', async (page) => {
      await open(page, fx.url(`/es${PAGES.contact}`));
      const recovery = await cardLine(page, 'Formulario de recuperación de cuenta');
      assert.equal(recovery, `Espera una respuesta antes del ${await words(page, RECOVERY_DUE, DAY_TIME)} (tu hora)`);
      assert.match(recovery, /lunes/);
      assert.match(await cardLine(page, 'Chat para empresas'), /^Abre el lunes a las 3:00 \(tu hora\)$/);
      const text = await page.locator('.channel', { hasText: 'Formulario de recuperación de cuenta' }).locator('.hours-text').textContent();
      assert.equal(text, 'Responde en un plazo de 4 horas hábiles, de lunes a viernes 09:00–18:00, hora de Madrid');
      await screenshot(page, 'hours contact spanish');
    });
    await withPage(ctx, 'hours-band', async (page) => {
      await open(page, fx.url(`/es${PAGES.article}`));
      const band = page.locator('.help-cta-hours');
      await band.locator('.hours-when').waitFor({ state: 'visible' });
      assert.match(await band.locator('.hours-when').textContent(), /^Espera una respuesta antes del lunes.*\(tu hora\)$/);
      assert.equal(await band.locator('.hours-text').textContent(), 'Responde en un plazo de 4 horas hábiles, de lunes a viernes 09:00–18:00, hora de Madrid');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
  const en = await newContext(fx.browser, NEW_YORK);
  try {
    await at(en, SATURDAY_EVENING);
    await withPage(en, 'hours-escalate', async (page) => {
      await open(page, fx.url(PAGES.wizardEscalate));
      const request = page.locator('.support-request');
      await request.locator('.hours-when').waitFor({ state: 'visible' });
      assert.match(await request.locator('p').first().textContent(), /Expect a reply by Monday 7:00\sAM your time\. Replies within 4 business hours, Monday to Friday 09:00–18:00 Madrid time\./);
    });
    assert.deepEqual(en.errors, []);
  } finally {
    await en.close();
  }
});

test('without JavaScript the build-time sentence shows, and the reply-by line stays hidden', T, async () => {
  const ctx = await newContext(fx.browser, { ...NEW_YORK, javaScriptEnabled: false });
  try {
    await withPage(ctx, 'hours-no-js', async (page) => {
      await open(page, fx.url(PAGES.contact));
      const card = page.locator('.channel', { hasText: LIVE });
      assert.equal(await card.locator('.hours-text').textContent(), 'Open Monday to Friday 09:00–18:00 Madrid time');
      assert.equal(await card.locator('.hours-text').isVisible(), true);
      assert.equal(await card.locator('.hours-when').isHidden(), true);
      assert.equal(await page.locator('.channel', { hasText: 'Report a safety concern' }).locator('.channel-time').textContent(),
        'Response time: urgent reports reviewed around the clock', 'free text as before');
    });
  } finally {
    await ctx.close();
  }
});

test('screenshots: contact cards on a phone and a desktop, light and dark', T, async () => {
  const dir = '/tmp/shots-hours';
  fs.mkdirSync(dir, { recursive: true });
  for (const [w, h] of [[390, 844], [1280, 900]]) {
    for (const colorScheme of ['light', 'dark']) {
      const ctx = await newContext(fx.browser, { ...NEW_YORK, viewport: { width: w, height: h }, colorScheme });
      try {
        await at(ctx, '2026-11-16T10:00:00Z');
        await withPage(ctx, `hours-shot-${w}-${colorScheme}`, async (page) => {
          await open(page, fx.url(PAGES.contact));
          await page.locator('.hours-when').first().waitFor({ state: 'visible' });
          const list = page.locator('.channel-list');
          await list.scrollIntoViewIfNeeded();
          await list.screenshot({ path: path.join(dir, `contact-${w}-${colorScheme}.png`) });
          await open(page, fx.url('/ar/contact/'));
          await page.locator('.hours-when').first().waitFor({ state: 'visible' });
          await page.locator('.channel-list').screenshot({ path: path.join(dir, `contact-ar-${w}-${colorScheme}.png`) });
        });
        assert.deepEqual(ctx.errors, []);
      } finally {
        await ctx.close();
      }
    }
  }
});
