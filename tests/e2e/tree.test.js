// Troubleshooting trees: the recovery wizard walked with the keyboard only (steps swapped in
// place, history, focus, the live region, real step numbers, the "Your answers" summary with
// "Change", the pre-filled support request and Copy), answers restored from `?a=` on reload,
// the same walk without JavaScript (every step a plain page), a troubleshooter to a resolved
// end, the map pages, and nothing ever moving on by itself (WCAG 3.2.2).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, newContext, withPage, open, supportChannels } = require('./helpers');

let fx;
before(async () => { fx = await setup(); });
after(async () => { if (fx) await fx.close(); });

// A stuck browser fails its test instead of hanging the suite.
const T = { timeout: 60_000 };

const WIZARD = '/account-access/recover-your-account/';
const WIZARD_TITLE = 'Get back into your account';
const MESSAGES = '/messaging/fix-messages-not-sending/';
const MESSAGES_TITLE = "My messages won't send";
const SITE_TITLE = 'Murmur Help Center';
// The wizard's front matter sends requests to this channel (`support-channel`).
const REQUEST_CHANNEL = 'Account recovery form';

// Two walks through the wizard, as [question shown, answer chosen] and the step they end at.
// Labels come out of smart punctuation with typographic apostrophes (’).
// 1. No login code: longer than the shortest way to its end, so the real step number (6)
//    differs from the one printed on the static page (4).
const CODE_WALK = {
  steps: [
    ['start', 'Are you still logged in to Murmur anywhere?', 'No, I’m locked out everywhere'],
    ['what-happened', 'What happened?', 'I can’t get a login code'],
    ['code-method', 'Which of these can you still use?', 'I can still get texts or email'],
    ['send-login-code', 'Get a code by text or email', 'No, nothing arrived'],
    ['code-checks', 'Check these, then ask for a new code', 'Still nothing arrives'],
  ],
  end: ['confirm-identity', 'Confirm it’s you'],
};
// 2. Disabled account: the shortest way to its end, walked without JavaScript.
const DISABLED_WALK = {
  steps: [
    ['start', 'Are you still logged in to Murmur anywhere?', 'No, I’m locked out everywhere'],
    ['what-happened', 'What happened?', 'My account was disabled'],
    ['disabled', 'What does the message say when you log in?', 'It says my account is disabled'],
  ],
  end: ['disabled-appeal', 'Appeal the decision'],
};

// ---------------------------------------------------------------- helpers

const h1Text = (page) => page.locator('h1').first().innerText().then((t) => t.trim());

/** The JSON tree.js reads (`script[data-tree-data]`, present on every step page). */
async function treeData(page) {
  const data = JSON.parse(await page.locator('script[data-tree-data]').textContent());
  data.byId = Object.fromEntries(data.nodes.map((n) => [n.id, n]));
  return data;
}

/** The index of the answer labelled `label` at step `id` (what `?a=` records). */
function choiceIndex(data, id, label) {
  const i = data.byId[id].choices.findIndex((c) => c.label === label);
  assert.ok(i >= 0, `step ${id} has an answer "${label}": ${JSON.stringify(data.byId[id].choices.map((c) => c.label))}`);
  return i;
}

/**
 * Presses Tab until the focused element is the answer labelled `label`, like a keyboard user
 * (no clicks, no .focus()). Fails with the list of tab stops passed when it never gets there.
 */
async function tabToAnswer(page, label, max = 80) {
  const stops = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate((wanted) => {
      const el = document.activeElement;
      const l = el && el.matches('a.choice') && el.querySelector('.choice-label');
      return {
        hit: Boolean(l && l.textContent === wanted),
        label: el ? `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} "${(el.innerText || '').trim().slice(0, 30)}"` : 'none',
      };
    }, label);
    if (f.hit) return;
    stops.push(f.label);
  }
  assert.fail(`Tab never reached the answer "${label}"; tab stops: ${stops.join(' | ')}`);
}

/** Waits until the step shown in place is `question` and focus is on its heading. */
async function swappedTo(page, question) {
  await page.waitForFunction((q) => {
    const h = document.querySelector('[data-tree-swap] h1#step-question');
    return h && h.textContent.trim() === q && document.activeElement === h;
  }, question);
}

/** The state of the step on screen, as tree.js left it. */
function stepState(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    const answers = q('[data-tree-answers]');
    return {
      marker: window.__marker,
      node: q('[data-tree-node]') && q('[data-tree-node]').getAttribute('data-tree-node'),
      h1: q('h1#step-question').textContent.trim(),
      focusOnH1: document.activeElement === q('h1#step-question'),
      title: document.title,
      progress: q('[data-tree-progress-text]') && q('[data-tree-progress-text]').textContent.trim(),
      step: q('[data-tree-progress-text]') && Number(/\d+/.exec(q('[data-tree-progress-text]').textContent)[0]),
      bar: q('[data-tree-bar]') && parseFloat(q('[data-tree-bar]').style.width),
      status: q('[data-tree-status]').textContent,
      crumb: q('.breadcrumbs [aria-current=page]') && q('.breadcrumbs [aria-current=page]').textContent.trim(),
      answersShown: Boolean(answers && !answers.hidden),
      answers: [...document.querySelectorAll('[data-tree-answers-list] .answers-row')].map((row) => ({
        question: row.querySelector('dt').textContent,
        answer: row.querySelector('dd').textContent,
        change: row.querySelector('a[data-tree-change]') && row.querySelector('a[data-tree-change]').getAttribute('href'),
      })),
      headingOnScreen: (() => {
        const r = q('h1#step-question').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      })(),
      headingBox: `top ${Math.round(q('h1#step-question').getBoundingClientRect().top)}, bottom ${Math.round(q('h1#step-question').getBoundingClientRect().bottom)}, scrollY ${Math.round(scrollY)}, innerHeight ${innerHeight}`,
    };
  });
}

/**
 * Checks a wizard step reached in place with JavaScript: `answered` is the list of
 * [step id, question, label] chosen so far, `trail` their indices.
 */
async function assertWizardStep(page, data, { id, question, answered, trail }) {
  const node = data.byId[id];
  const step = answered.length + 1;
  // The real step number; "of N" only at an end, where it is exact (no guessed total).
  const progress = node.end ? `Step ${step} of ${step}` : `Step ${step}`;
  // The live region is emptied, then filled 50 ms later (so the same text is read again).
  await page.waitForFunction((t) => document.querySelector('[data-tree-status]').textContent === t, `${progress}: ${question}`);
  const s = await stepState(page);
  const where = `at "${question}"`;
  const url = new URL(page.url());
  assert.equal(url.pathname, node.url, `${where}: the URL is the step's own page`);
  assert.equal(url.search, trail.length ? `?a=${trail.join('.')}` : '', `${where}: the answers are kept in the URL`);
  assert.equal(s.marker, 1, `${where}: no full page load (the window kept its marker)`);
  assert.equal(s.node, id);
  assert.equal(s.h1, question, `${where}: the heading is the question`);
  assert.ok(s.focusOnH1, `${where}: focus moved to the new question`);
  assert.ok(s.headingOnScreen, `${where}: the new question is scrolled into view (${s.headingBox})`);
  assert.equal(s.title, `${progress}: ${question} · ${WIZARD_TITLE} · ${SITE_TITLE}`, `${where}: the title`);
  assert.equal(s.step, step, `${where}: step number = answers + 1`);
  assert.equal(s.progress, progress, `${where}: the progress line`);
  if (node.end) assert.equal(s.bar, 100, `${where}: the bar is full at an end`);
  // Short breadcrumbs: the tree's title, never the question (the page's heading).
  assert.equal(s.crumb, data.title, `${where}: the breadcrumb names the tree`);
  assert.equal(s.answersShown, answered.length > 0, `${where}: "Your answers" shown once there are answers`);
  assert.deepEqual(s.answers.map((a) => [a.question, a.answer]), answered.map(([, q, l]) => [q, l]), `${where}: the answers summary`);
  // Each "Change" returns to its question with the answers before it.
  assert.deepEqual(s.answers.map((a) => a.change),
    answered.map(([sid], i) => data.byId[sid].url + (i ? `?a=${trail.slice(0, i).join('.')}` : '')), `${where}: "Change" links`);
  // The answers on the page carry the trail, so opening one in a new tab keeps it.
  const hrefs = await page.locator('[data-tree-swap] a.choice[data-to]').evaluateAll((els) => els.map((a) => [a.dataset.to, a.dataset.choice, a.getAttribute('href')]));
  for (const [to, i, href] of hrefs) {
    assert.equal(href, `${data.byId[to].url}?a=${[...trail, Number(i)].join('.')}`, `${where}: the answer link to ${to}`);
  }
  return s;
}

/** Records every full page load (document request) of a page from now on. */
function countDocumentLoads(page) {
  const loads = [];
  page.on('request', (r) => { if (r.resourceType() === 'document' && r.frame() === page.mainFrame()) loads.push(r.url()); });
  return loads;
}

// ---------------------------------------------------------------- tests

test('wizard, keyboard only: steps swap in place with focus, title, live region and real step numbers; Back/Forward; the request is pre-filled and copied; "Change" drops later answers', T, async () => {
  const ctx = await newContext(fx.browser, {
    viewport: { width: 390, height: 844 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  try {
    await withPage(ctx, 'tree-wizard-keyboard', async (page) => {
      await open(page, fx.url(WIZARD));
      const data = await treeData(page);
      assert.equal(data.kind, 'wizard');
      assert.equal(data.start, 'start');
      // A full page load would lose this; an in-place swap keeps it.
      await page.evaluate(() => { window.__marker = 1; });
      const loads = countDocumentLoads(page);

      const start = await stepState(page);
      assert.equal(start.h1, CODE_WALK.steps[0][1]);
      assert.match(start.title, /^Step 1: /);
      assert.equal(start.step, 1);
      assert.equal(start.answersShown, false, 'no answers yet');
      assert.equal(new URL(page.url()).search, '', 'the start page keeps its plain URL');

      // Answer every question with Tab and Enter.
      const answered = [];
      const trail = [];
      const walk = [...CODE_WALK.steps.slice(1).map(([id, q]) => [id, q]), CODE_WALK.end];
      for (const [i, [fromId, , label]] of CODE_WALK.steps.entries()) {
        const index = choiceIndex(data, fromId, label);
        await tabToAnswer(page, label);
        assert.equal(await page.evaluate(() => document.activeElement.dataset.choice), String(index), `the link's data-choice is the answer's index`);
        await page.keyboard.press('Enter');
        answered.push(CODE_WALK.steps[i]);
        trail.push(index);
        const [id, question] = walk[i];
        await swappedTo(page, question);
        await assertWizardStep(page, data, { id, question, answered, trail });
      }
      assert.deepEqual(loads, [], 'no page was loaded in full on the way');
      const endUrl = page.url();
      const [endId, endQuestion] = CODE_WALK.end;

      // The end: step 6 of 6 (the static page, reached the shortest way, says 4 of 4).
      const end = await stepState(page);
      assert.match(end.title, /^Step 6 of 6: Confirm it’s you · /);
      assert.equal(await page.locator('[data-tree-node]').evaluate((el) => el.classList.contains('tree-escalate')), true);
      // The in-page Back link goes to the step actually answered last, with its answers.
      const back = page.locator('[data-tree-swap] a[data-tree-back]');
      assert.equal(await back.getAttribute('href'), `${data.byId['code-checks'].url}?a=${trail.slice(0, -1).join('.')}`);
      assert.equal((await back.locator('.visually-hidden').textContent()), ': Check these, then ask for a new code');

      // Browser Back: the previous question, in place, with its URL, title and focus.
      await page.goBack();
      const [prevId, prevQuestion] = walk[walk.length - 2];
      await swappedTo(page, prevQuestion);
      await assertWizardStep(page, data, { id: prevId, question: prevQuestion, answered: answered.slice(0, -1), trail: trail.slice(0, -1) });
      // And Forward again.
      await page.goForward();
      await swappedTo(page, endQuestion);
      await assertWizardStep(page, data, { id: endId, question: endQuestion, answered, trail });
      assert.equal(page.url(), endUrl);
      assert.deepEqual(loads, [], 'Back and Forward stay in place');

      // The support request, written with the answers.
      const channel = supportChannels().find((c) => c.name === REQUEST_CHANNEL);
      assert.ok(channel, `book.toml has the "${REQUEST_CHANNEL}" channel`);
      const area = page.locator('textarea[data-request-text]');
      assert.equal(await area.getAttribute('readonly'), null, 'the request can be edited');
      const text = await area.inputValue();
      const answersBlock = 'My answers:\n' + answered.map(([, q, l], i) => `${i + 1}. ${q}\n   ${l}\n`).join('');
      assert.ok(text.includes(answersBlock), `the request lists every answer:\n${text}`);
      assert.ok(text.includes(`Where I ended up: ${endQuestion}`), text);
      assert.equal(await page.locator('[data-request-js-only]').isVisible(), true, '"and what you answered" is shown');
      const subject = `${WIZARD_TITLE}: ${endQuestion}`;
      const send = page.locator('a[data-request-send]');
      const href = await send.getAttribute('href');
      const sendUrl = new URL(href);
      assert.equal(`${sendUrl.origin}${sendUrl.pathname}`, channel.url, 'the request goes to the tree\'s channel');
      assert.equal(sendUrl.searchParams.get('subject'), subject);
      assert.equal(sendUrl.searchParams.get('body'), text, 'the body is the request text');
      for (const [, , label] of answered) {
        assert.ok(href.includes(encodeURIComponent(label)), `the link carries "${label}" URL-encoded`);
      }
      // Editing the text updates the link.
      await area.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('My username is @alex.');
      const edited = await area.inputValue();
      assert.ok(edited.endsWith('My username is @alex.'), edited);
      assert.equal(new URL(await send.getAttribute('href')).searchParams.get('body'), edited, 'the link follows edits');

      // Copy: the subject and the text on the clipboard, and a status message.
      const copy = page.locator('button[data-request-copy]');
      assert.equal(await copy.isVisible(), true, 'Copy is offered with JavaScript');
      await copy.focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-request-status]').filter({ hasText: `Copied. Paste it into your message to ${REQUEST_CHANNEL}.` }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `Subject: ${subject}\n\n${edited}`);

      // "Change" the second answer: back to that question, later answers dropped.
      const change = page.locator('[data-tree-answers-list] .answers-row').nth(1).locator('a[data-tree-change]');
      assert.equal((await change.innerText()).replace(/\s+/g, ' ').trim(), `Change your answer to: ${walk[0][1]}`, 'each Change link names its question');
      await change.focus();
      await page.keyboard.press('Enter');
      await swappedTo(page, walk[0][1]);
      await assertWizardStep(page, data, { id: walk[0][0], question: walk[0][1], answered: answered.slice(0, 1), trail: trail.slice(0, 1) });
      // The change is a new history entry: Back returns to the end with every answer.
      await page.goBack();
      await swappedTo(page, endQuestion);
      await assertWizardStep(page, data, { id: endId, question: endQuestion, answered, trail });
      assert.deepEqual(loads, [], 'no page was loaded in full');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('wizard: a reload (or a shared link) with ?a= restores the answers; a trail that does not lead here is dropped; Start over clears them', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'tree-wizard-reload', async (page) => {
      await open(page, fx.url(WIZARD));
      const data = await treeData(page);
      const trail = CODE_WALK.steps.map(([id, , label]) => choiceIndex(data, id, label));
      const [endId, endQuestion] = CODE_WALK.end;
      const deep = `${data.byId[endId].url}?a=${trail.join('.')}`;

      await open(page, fx.url(deep));
      await page.evaluate(() => { window.__marker = 1; });
      const check = async () => {
        const s = await stepState(page);
        assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, deep, 'the URL keeps the answers');
        assert.equal(s.h1, endQuestion);
        assert.equal(s.step, 6, 'the real step number, from the answers');
        assert.equal(s.progress, 'Step 6 of 6');
        assert.match(s.title, /^Step 6 of 6: /);
        assert.equal(s.answersShown, true, '"Your answers" is shown');
        assert.deepEqual(s.answers.map((a) => [a.question, a.answer]), CODE_WALK.steps.map(([, q, l]) => [q, l]));
        assert.match(await page.locator('textarea[data-request-text]').inputValue(), /My answers:\n1\. Are you still logged in/);
      };
      await check();
      await page.reload();
      assert.equal(await page.evaluate(() => window.__marker), undefined, 'that was a real reload');
      await check();

      // A trail that leads somewhere else is not shown as this step's answers.
      await open(page, fx.url(`${data.byId[endId].url}?a=0.0`));
      const wrong = await stepState(page);
      assert.equal(new URL(page.url()).search, '', 'the stray ?a= is removed from the URL');
      assert.equal(wrong.answersShown, false);
      assert.equal(wrong.step, 4, 'the printed step number stays');
      assert.doesNotMatch(await page.locator('textarea[data-request-text]').inputValue(), /My answers:/);

      // Start over: the first question, no answers, a plain URL.
      await open(page, fx.url(deep));
      await page.evaluate(() => { window.__marker = 1; });
      await page.locator('[data-tree-swap] a[data-tree-restart]').click();
      await swappedTo(page, CODE_WALK.steps[0][1]);
      await assertWizardStep(page, data, { id: 'start', question: CODE_WALK.steps[0][1], answered: [], trail: [] });
      assert.equal(await page.locator('[data-tree-swap] a[data-tree-restart]').count(), 0, 'no "Start over" on the first step');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('wizard without JavaScript: every step is its own page with the printed step, Back and Start over links; the escalate page lists channels and a read-only request', T, async () => {
  const ctx = await newContext(fx.browser, { javaScriptEnabled: false });
  try {
    await withPage(ctx, 'tree-wizard-nojs', async (page) => {
      await open(page, fx.url(WIZARD));
      const data = await treeData(page); // the JSON is in the page whether or not it runs
      const pages = [...DISABLED_WALK.steps.map(([id, q]) => [id, q]), DISABLED_WALK.end];
      const checkStatic = async (i) => {
        const [id, question] = pages[i];
        const node = data.byId[id];
        // The shortest way here, so the printed numbers are the real ones.
        const step = i + 1;
        const progress = node.end ? `Step ${step} of ${step}` : `Step ${step}`;
        assert.equal(new URL(page.url()).pathname, node.url);
        assert.equal(new URL(page.url()).search, '', 'no answers in the URL without JavaScript');
        assert.equal(await h1Text(page), question);
        assert.equal(await page.title(), `${progress}: ${question} · ${WIZARD_TITLE} · ${SITE_TITLE}`);
        assert.equal((await page.locator('[data-tree-progress-text]').innerText()).trim(), progress);
        assert.equal(await page.locator('[data-tree-answers]').isVisible(), false, 'no answers summary');
        const backLink = page.locator('a[data-tree-back]');
        if (i === 0) {
          assert.equal(await backLink.count(), 0, 'no Back on the first step');
        } else {
          assert.equal(await backLink.getAttribute('href'), data.byId[pages[i - 1][0]].url, 'Back points to the step before');
          assert.equal(await page.locator('a[data-tree-restart]').getAttribute('href'), WIZARD);
        }
      };

      for (const [i, [, , label]] of DISABLED_WALK.steps.entries()) {
        await checkStatic(i);
        const link = page.locator('a.choice').filter({ has: page.locator('.choice-label', { hasText: label }) });
        assert.equal(await link.count(), 1, `one answer "${label}"`);
        const to = data.byId[pages[i + 1][0]].url;
        assert.equal(await link.getAttribute('href'), to);
        await Promise.all([page.waitForURL(fx.url(to)), link.click()]);
      }
      await checkStatic(pages.length - 1);

      // The escalate page: the request as printed, and every channel with its response time.
      const [, endQuestion] = DISABLED_WALK.end;
      const area = page.locator('textarea[data-request-text]');
      assert.equal(await area.getAttribute('readonly'), '', 'the request is read-only');
      const text = await area.inputValue();
      assert.ok(text.includes(`Where I ended up: ${endQuestion}`), text);
      assert.doesNotMatch(text, /My answers:/);
      assert.equal(await page.locator('[data-request-js-only]').isVisible(), false);
      const channel = supportChannels().find((c) => c.name === REQUEST_CHANNEL);
      const send = new URL(await page.locator('a[data-request-send]').getAttribute('href'));
      assert.equal(`${send.origin}${send.pathname}`, channel.url);
      assert.deepEqual([...send.searchParams.keys()], ['subject'], 'only a subject without JavaScript');
      assert.equal(send.searchParams.get('subject'), `${WIZARD_TITLE}: ${endQuestion}`);
      assert.equal(await page.locator('button[data-request-copy]').isVisible(), false, 'no Copy button');
      const channels = await page.locator('.channel-list .channel').evaluateAll((els) => els.map((el) => ({
        name: el.querySelector('.channel-name').textContent.trim(),
        time: el.querySelector('.channel-time') && el.querySelector('.channel-time').textContent.trim(),
      })));
      // The request's own channel is the request above; the others follow, urgent ones first.
      const expected = supportChannels().filter((c) => c.name !== REQUEST_CHANNEL);
      expected.sort((a, b) => Boolean(b.urgent) - Boolean(a.urgent));
      assert.deepEqual(channels.map((c) => c.name), expected.map((c) => c.name), 'every other channel is listed');
      for (const c of expected) {
        const shown = channels.find((s) => s.name === c.name);
        // Free text as written; a structured reply time (`reply-within`, `live`) in words.
        const time = c['response-time'] || (c['reply-within'] ? 'Replies within' : 'Open ');
        assert.ok(shown.time && shown.time.includes(time), `${c.name}: response time "${time}" shown, got "${shown.time}"`);
      }

      // Back links walk back up, one full page at a time; Start over goes to the first step.
      for (let i = pages.length - 1; i >= 2; i--) {
        await Promise.all([page.waitForURL(fx.url(data.byId[pages[i - 1][0]].url)), page.locator('a[data-tree-back]').click()]);
        await checkStatic(i - 1);
      }
      await Promise.all([page.waitForURL(fx.url(WIZARD)), page.locator('a[data-tree-restart]').click()]);
      await checkStatic(0);
    });
  } finally {
    await ctx.close();
  }
});

test('troubleshooter: walked to a resolved end in place, no step numbers or answers summary; "Glad that helped"', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'tree-troubleshooter', async (page) => {
      await open(page, fx.url(MESSAGES));
      const data = await treeData(page);
      assert.equal(data.kind, 'troubleshooter');
      assert.equal(data.request, null, 'troubleshooters write no request');
      await page.evaluate(() => { window.__marker = 1; });
      const walk = [
        ['start', 'It fails with everyone', 'connection', 'Check your connection'],
        ['connection', 'Yes, it sent', 'sent', 'Your message is on its way'],
      ];
      const trail = [];
      for (const [from, label, to, question] of walk) {
        trail.push(choiceIndex(data, from, label));
        await page.locator('[data-tree-swap] a.choice').filter({ has: page.locator('.choice-label', { hasText: label }) }).click();
        await swappedTo(page, question);
        await page.waitForFunction((q) => document.querySelector('[data-tree-status]').textContent === q, question);
        const s = await stepState(page);
        assert.equal(s.marker, 1, 'no full page load');
        assert.equal(new URL(page.url()).pathname, data.byId[to].url);
        assert.equal(new URL(page.url()).search, `?a=${trail.join('.')}`);
        assert.equal(s.title, `${question} · ${MESSAGES_TITLE} · ${SITE_TITLE}`, 'no step number in the title');
        assert.equal(s.step, null, 'no progress indicator');
        assert.equal(await page.locator('[data-tree-progress]').count(), 0);
        assert.equal(await page.locator('[data-tree-answers]').count(), 0, 'no answers summary');
      }
      assert.equal(await page.locator('[data-tree-node]').evaluate((el) => el.classList.contains('tree-resolved')), true);
      await page.getByRole('heading', { level: 2, name: 'Glad that helped' }).waitFor();
      assert.equal(await page.locator('.tree-outcome-resolved a', { hasText: 'start this guide again' }).getAttribute('href'), MESSAGES);
      assert.equal(await page.locator('[data-tree-swap] a.choice').count(), 0, 'an end with no further answers');
      assert.equal(await page.locator('a[data-tree-back]').getAttribute('href'), `${data.byId.connection.url}?a=${trail[0]}`);

      // The troubleshooter's escalate step: channels, but no pre-filled request.
      await open(page, fx.url(data.byId.contact.url));
      assert.equal(await page.locator('[data-tree-request]').count(), 0);
      await page.getByRole('heading', { level: 2, name: 'Contact our support team' }).waitFor();
      assert.equal(await page.locator('.channel-list .channel-time').count(), supportChannels().length);
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

test('map pages list every step of each tree as a link to its page', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'tree-maps', async (page) => {
      for (const tree of [WIZARD, MESSAGES, '/content-removal/my-post-was-removed/']) {
        await open(page, fx.url(tree));
        const data = await treeData(page);
        const mapLink = page.locator('[data-tree-swap] a', { hasText: 'See all steps' });
        assert.equal(await mapLink.getAttribute('href'), `${tree}map/`);
        await Promise.all([page.waitForURL(fx.url(`${tree}map/`)), mapLink.click()]);
        assert.equal(await h1Text(page), `${data.title}: all steps`);
        const links = await page.locator('.tree-map a.map-step').evaluateAll((els) => els.map((a) => [a.getAttribute('href'), a.textContent.trim()]));
        assert.equal(links.length, data.nodes.length, `${tree}: ${links.length} step links for ${data.nodes.length} steps`);
        assert.deepEqual(links.map(([href]) => href).sort(), data.nodes.map((n) => n.url).sort(), `${tree}: each step once`);
        for (const [href, text] of links) {
          const node = data.nodes.find((n) => n.url === href);
          assert.equal(text, node.q, `${href}: the link is the step's question`);
        }
        assert.match(await page.locator('.lead').innerText(), new RegExp(`All ${data.nodes.length} steps`));
        // Every step page exists.
        for (const [href] of links) {
          const r = await page.request.get(fx.url(href));
          assert.equal(r.status(), 200, href);
        }
      }
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

// WCAG 3.2.2 (On Input): focusing an answer (which prefetches its step) or landing on a new
// step must not move on; only a click or Enter does.
test('nothing moves on by itself: focusing an answer or arriving at a step leaves the URL and question as they are', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'tree-no-auto-advance', async (page) => {
      await open(page, fx.url(WIZARD));
      await page.evaluate(() => { window.__marker = 1; });
      const snapshot = () => page.evaluate(() => ({
        url: location.href,
        h1: document.querySelector('h1#step-question').textContent.trim(),
        history: history.length,
        marker: window.__marker,
      }));

      // Focus an answer (prefetching its step), then wait.
      const prefetched = page.waitForRequest((r) => r.url().endsWith('/what-happened/'));
      await tabToAnswer(page, 'No, I’m locked out everywhere');
      await prefetched;
      const focused = await snapshot();
      await page.waitForTimeout(1000);
      assert.deepEqual(await snapshot(), focused, 'focusing an answer did not choose it');

      // Choose it, then wait on the new step.
      await page.keyboard.press('Enter');
      await swappedTo(page, 'What happened?');
      const arrived = await snapshot();
      assert.notEqual(arrived.url, focused.url);
      assert.equal(arrived.history, focused.history + 1, 'one history entry per answer');
      await page.waitForTimeout(1000);
      assert.deepEqual(await snapshot(), arrived, 'the new step stays until the reader answers');
    });
    assert.deepEqual(ctx.errors, []);
  } finally {
    await ctx.close();
  }
});

// An in-page anchor (the skip link, a heading link) adds a history entry without tree.js's
// state. Back to it after an answer fires popstate with `state === null`: tree.js finds the step
// from location.pathname (and the trail from `?a=`) and shows it. (This failed before the fix:
// the URL was the previous step's while the page still showed the next one.)
test('browser Back to an in-page anchor entry (the skip link) shows that entry\'s step', T, async () => {
  const ctx = await newContext(fx.browser);
  try {
    await withPage(ctx, 'tree-back-to-anchor', async (page) => {
      await open(page, fx.url(WIZARD));
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter'); // the skip link: a new history entry, #main
      await page.waitForURL('**#main');
      await page.locator('a.choice').filter({ has: page.locator('.choice-label', { hasText: 'No, I’m locked out everywhere' }) }).click();
      await swappedTo(page, 'What happened?');
      await page.goBack();
      assert.equal(new URL(page.url()).pathname, WIZARD);
      await page.waitForFunction((q) => document.querySelector('h1#step-question').textContent.trim() === q,
        CODE_WALK.steps[0][1], { timeout: 1500 });
    });
  } finally {
    await ctx.close();
  }
});
