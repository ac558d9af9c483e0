// Prints the tables of bench/search.sh from the raw results it collected.
//
//   node bench/report.js <results dir> <set>... [--json FILE]
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
let jsonOut = null;
const positional = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--json') jsonOut = args[++i];
  else positional.push(args[i]);
}
const [dir, ...sets] = positional;

const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
const readText = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

function timings(text) {
  const phases = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(.+?)\s+([\d.]+) ms$/.exec(line);
    if (m) phases[m[1].trim()] = Number(m[2]);
  }
  return phases;
}

const data = {};
for (const name of sets) {
  data[name] = {
    run: readJson(path.join(dir, `${name}.run.json`)),
    timings: timings(readText(path.join(dir, `${name}.timings.txt`))),
    native: readJson(path.join(dir, `${name}.native.json`)),
    node: readJson(path.join(dir, `${name}.node.json`)),
    browser: readJson(path.join(dir, `${name}.browser.json`)),
  };
}

const KIB = 1024;
function bytes(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  if (n >= KIB * KIB) return `${(n / KIB / KIB).toFixed(2)} MiB`;
  if (n >= KIB) return `${(n / KIB).toFixed(1)} KiB`;
  return `${n} B`;
}
const ms = (n) => (n === null || n === undefined ? '–' : `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`);
const pair = (a, b) => `${a} / ${b}`;
const get = (f) => (set) => {
  try {
    const v = f(data[set]);
    return v === undefined || v === null ? '–' : String(v);
  } catch (_) {
    return '–';
  }
};

function table(title, rows) {
  const header = [title, ...sets];
  const body = rows.map(([label, f]) => (f ? [label, ...sets.map(get(f))] : [label, ...sets.map(() => '')]));
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((r) => r[c].length)));
  const line = (r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(line(r));
  console.log();
}

// The first query's pages: from the wasm run, or (module unusable) the native
// engine's trace, which loads the same pages.
const first = (d) => {
  if (d.node && d.node.wasm && d.node.wasm.firstQuery) return d.node.wasm.firstQuery;
  const q = d.native.first_query;
  return { text: q.text, coldMs: null, rounds: q.rounds, bytes: q.bytes, requests: `${d.native.queries[0].pages} (native)` };
};
const wasmOk = (d) => Boolean(d.node && d.node.wasm && !d.node.wasm.error);
const focusBytes = (d) => d.node.sizes.wasmGz + d.node.sizes.workerGz + d.node.sizes.hotGz;

console.log('helpbook search benchmark');
console.log('=========================');
console.log(readText(path.join(dir, 'versions.txt')).trim());
console.log();
console.log('Commands:');
for (const line of readText(path.join(dir, 'commands.txt')).trim().split('\n')) console.log(`  ${line}`);
console.log();
console.log('KiB = 1024 bytes. "gz" = as stored or gzip -9. Latency: median / p95 in ms.');
const firstText = sets.map((s) => data[s].native && data[s].native.first_query.text).find(Boolean);
console.log(`First query: "${firstText}".`);
console.log();

table('helpbook', [
  ['documents (pages + sections)', (d) => d.node.sizes.documents],
  ['build, wall (s)', (d) => d.run.buildSeconds.toFixed(2)],
  ['  of which index', (d) => ms(d.timings['of which index'])],
  ['index raw (address space)', (d) => bytes(d.node.sizes.indexRaw)],
  ['index gz (hot + pages)', (d) => bytes(d.node.sizes.indexGz)],
  ['  hot.bin gz (raw)', (d) => `${bytes(d.node.sizes.hotGz)} (${bytes(d.node.sizes.hotRaw)})`],
  ['  pages: count, gz', (d) => `${d.node.sizes.pages}, ${bytes(d.node.sizes.pagesGz)}`],
  ['wasm raw / gz', (d) => pair(bytes(d.node.sizes.wasmRaw), bytes(d.node.sizes.wasmGz))],
  ['worker js raw / gz', (d) => pair(bytes(d.node.sizes.workerRaw), bytes(d.node.sizes.workerGz))],
  ['first query download', null],
  ['  on focus (wasm+js+hot, gz)', (d) => bytes(focusBytes(d))],
  ['  after keystroke (pages)', (d) => bytes(first(d).bytes)],
  ['  total', (d) => bytes(focusBytes(d) + first(d).bytes)],
  ['  rounds / requests after key', (d) => `${first(d).rounds} / ${first(d).requests}`],
  ['wasm under Node', null],
  ['  compile module', (d) => ms(d.node.wasm.compileMs)],
  ['  open index (info.openMs)', (d) => ms(d.node.wasm.openMs)],
  ['  first query cold', (d) => ms(first(d).coldMs)],
  ['  cold, fresh index per query', (d) => pair(ms(d.node.wasm.cold.medianMs), ms(d.node.wasm.cold.p95Ms))],
  ['  warm', (d) => pair(ms(d.node.wasm.warm.medianMs), ms(d.node.wasm.warm.p95Ms))],
  ['native (latency example)', null],
  ['  open index', (d) => ms(d.native.open_ms)],
  ['  first query cold', (d) => ms(d.native.first_query.ms)],
  ['  cold, fresh index per query', (d) => pair(ms(d.native.cold.median_ms), ms(d.native.cold.p95_ms))],
  ['  warm', (d) => pair(ms(d.native.warm.median_ms), ms(d.native.warm.p95_ms))],
  ['Chromium (worker, served)', null],
  ['  on focus: bytes, requests', (d) => `${bytes(d.browser.helpbook.focus.bytes)}, ${d.browser.helpbook.focus.requests}`],
  ['  init (compile + open)', (d) => ms(d.browser.helpbook.focus.ms)],
  ['  keystroke: bytes, requests', (d) => `${bytes(d.browser.helpbook.keystroke.serverBytes)}, ${d.browser.helpbook.keystroke.requests}`],
  ['  first query to results', (d) => ms(d.browser.helpbook.keystroke.ms)],
  ['  total downloaded', (d) => bytes(d.browser.helpbook.focus.bytes + d.browser.helpbook.keystroke.serverBytes)],
  ['  warm (worker round trip)', (d) => pair(ms(d.browser.helpbook.latency.medianMs), ms(d.browser.helpbook.latency.p95Ms))],
]);

const withPagefind = sets.some((s) => data[s].browser && data[s].browser.pagefind);
if (withPagefind) {
  const pf = (d) => d.browser.pagefind;
  const runtimeGz = (d) => pf(d).sizes.wasm.gz + pf(d).sizes.js.reduce((sum, f) => sum + f.gz, 0);
  const runtimeRaw = (d) => pf(d).sizes.wasm.raw + pf(d).sizes.js.reduce((sum, f) => sum + f.raw, 0);
  table('Pagefind (same built site)', [
    ['pages indexed', (d) => pf(d).sizes.pages],
    ['index, wall (s)', (d) => d.run.pagefindSeconds.toFixed(2)],
    ['index gz (as stored)', (d) => bytes(pf(d).sizes.indexGz)],
    ['  index chunks: count, bytes', (d) => `${pf(d).sizes.indexChunks.files}, ${bytes(pf(d).sizes.indexChunks.bytes)}`],
    ['  fragments: count, bytes', (d) => `${pf(d).sizes.fragments.files}, ${bytes(pf(d).sizes.fragments.bytes)}`],
    ['  pf_meta', (d) => bytes(pf(d).sizes.metaBytes)],
    ['runtime raw / gz', (d) => pair(bytes(runtimeRaw(d)), bytes(runtimeGz(d)))],
    ['  (pagefind.js, worker, wasm)', (d) => pf(d).sizes.js.map((f) => bytes(f.gz)).concat(bytes(pf(d).sizes.wasm.gz)).join(' + ')],
    ['Chromium, first query', null],
    ['  after init(): bytes, requests', (d) => `${bytes(pf(d).focus.bytes)}, ${pf(d).focus.requests}`],
    ['  search + results[0].data()', (d) => `${bytes(pf(d).keystroke.bytes)}, ${pf(d).keystroke.requests}`],
    ['  total to first result', (d) => bytes(pf(d).focus.bytes + pf(d).keystroke.bytes)],
    ['  total with top 10 data()', (d) => bytes(pf(d).focus.bytes + pf(d).tenResults.bytes)],
    ['  first query to first result', (d) => ms(pf(d).keystroke.ms)],
    ['  warm (search + 10 data())', (d) => pair(ms(pf(d).latency.medianMs), ms(pf(d).latency.p95Ms))],
  ]);
  console.log('Pagefind indexes every <body> as is (no data-pagefind-body in the theme): navigation');
  console.log('and footer text included. Its runtime loads its wasm and pf_meta on the first search,');
  console.log('so "after init()" holds only the scripts. Pagefind has no typo tolerance.');
  console.log();
}

let problems = 0;
for (const name of sets) {
  const d = data[name];
  problems += Number(!d.run || !d.native || !d.node || Boolean(d.node.wasm && d.node.wasm.error));
  problems += ((d.browser && d.browser.errors) || []).length;
  const missing = ['native', 'node', 'browser'].filter((k) => !d[k]);
  if (d.node && d.node.wasm && d.node.wasm.error) console.log(`${name}: wasm under Node, ${d.node.wasm.error}`);
  if (!d.run) console.log(`${name}: not built (see the messages above the tables)`);
  else if (missing.length) console.log(`${name}: no ${missing.join(', ')} results (a step failed; see its messages)`);
  for (const error of (d.browser && d.browser.errors) || []) console.log(`${name}: in Chromium, ${error}`);
}
console.log();

const cut = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
for (const name of sets) {
  const d = data[name];
  if (!d.native) continue;
  const pfQueries = d.browser && d.browser.pagefind ? d.browser.pagefind.queries : null;
  console.log(`Per query: ${name} (rounds, pages and stored bytes of a first search on a fresh`);
  console.log('index; warm medians; top result natively; * = wasm under Node differs)');
  const rows = d.native.queries.map((q, i) => {
    const w = wasmOk(d) ? d.node.wasm.queries[i] : null;
    const same = w && w.text === q.text && w.top === q.top && w.rounds === q.rounds && w.bytes === q.bytes && w.hits === q.hits;
    const row = [
      `${!w || same ? ' ' : '*'}${q.text}`,
      String(q.rounds),
      String(q.pages),
      bytes(q.bytes),
      ms(q.warm_median_ms),
      w ? ms(w.warmMedianMs) : '–',
      `${q.hits}${q.mode === 'any' ? ' any' : ''}`,
      cut(q.top || '(none)', 60),
    ];
    if (pfQueries) row.push(`${pfQueries[i].hits}`, cut(pfQueries[i].top || '(none)', 50));
    return row;
  });
  const header = ['query', 'rounds', 'pages', 'stored', 'native', 'wasm', 'hits', 'top result'];
  if (pfQueries) header.push('pf hits', 'Pagefind top result');
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const right = new Set([1, 2, 3, 4, 5, 6, 8]);
  const line = (r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  const differing = !wasmOk(d) ? [] : d.native.queries.filter((q, i) => {
    const w = d.node.wasm.queries[i];
    return !(w && w.top === q.top && w.rounds === q.rounds && w.bytes === q.bytes && w.hits === q.hits);
  });
  if (differing.length > 0) {
    console.log(`  * wasm under Node differs from native on ${differing.length} of ${rows.length} queries ` +
      '(hits, bytes or rounds; a stale committed module does that). Top results that differ:');
    for (const q of differing) {
      const w = d.node.wasm.queries.find((x) => x.text === q.text);
      if (w && w.top !== q.top) console.log(`    ${q.text}: native "${cut(q.top, 60)}", wasm "${cut(w.top, 60)}"`);
    }
  }
  console.log();
}

if (jsonOut) {
  const versions = Object.fromEntries(
    readText(path.join(dir, 'versions.txt')).trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const commands = readText(path.join(dir, 'commands.txt')).trim().split('\n');
  fs.writeFileSync(jsonOut, JSON.stringify({ versions, commands, sets: data }, null, 2) + '\n');
  console.log(`JSON written to ${jsonOut}`);
}
process.exitCode = problems > 0 ? 1 : 0;
