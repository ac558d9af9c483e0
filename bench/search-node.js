// Sizes of a built site's search files, and the wasm engine under Node
// (the site's own copy of the worker script the browser runs, required as a
// CommonJS module).
//
//   node bench/search-node.js <site> <queries file> [iterations]
//
// Prints one JSON object:
//   sizes   index raw (address space) and stored (gzip) bytes, wasm raw/gzip -9,
//           worker raw/gzip -9, hot bundle, page count
//   wasm    compileMs (WebAssembly.compile of the module), openMs (info.openMs:
//           opening the index from the hot bundle), first query cold
//           (rounds, requests, stored bytes, ms), cold median/p95 (a fresh index
//           per query), warm median/p95 (one index that ran every query once,
//           then each query timed `iterations` times), per-query details.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');


function quantile(sorted, q) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

const gzip9 = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
const round = (x) => Math.round(x * 1000) / 1000;

function sizes(site, manifest) {
  const dir = path.join(site, manifest.dir);
  const hot = fs.readFileSync(path.join(site, manifest.hot));
  let pages = 0;
  let pagesStored = 0;
  let pagesRaw = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!/^\d+\.bin$/.test(name)) continue;
    const stored = fs.readFileSync(path.join(dir, name));
    pages += 1;
    pagesStored += stored.length;
    // Pages of positions are stored as they are, the others gzipped.
    pagesRaw += (stored[0] === 0x1f && stored[1] === 0x8b ? zlib.gunzipSync(stored) : stored).length;
  }
  const hotRaw = zlib.gunzipSync(hot).length;
  const wasm = fs.readFileSync(path.join(site, manifest.wasm));
  const worker = fs.readFileSync(path.join(site, manifest.worker));
  return {
    documents: manifest.documents,
    inline: Boolean(manifest.inline),
    pages,
    // The address space: every page unzipped (an inline index lives in the hot bundle).
    indexRaw: manifest.inline ? hotRaw : pagesRaw,
    hotRaw,
    hotGz: hot.length,
    pagesGz: pagesStored,
    indexGz: hot.length + pagesStored,
    wasmRaw: wasm.length,
    wasmGz: gzip9(wasm),
    workerRaw: worker.length,
    workerGz: gzip9(worker),
  };
}

async function main() {
  const [site, queriesFile, iterationsArg] = process.argv.slice(2);
  if (!site || !queriesFile) {
    console.error('usage: node bench/search-node.js <site> <queries file> [iterations]');
    process.exit(2);
  }
  const iterations = Number(iterationsArg || 20);
  const manifest = JSON.parse(fs.readFileSync(path.join(site, 'search', 'index.json'), 'utf8'));
  const queries = fs
    .readFileSync(queriesFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  const result = { node: process.version, sizes: sizes(site, manifest) };
  try {
    result.wasm = await measure(site, manifest, queries, iterations);
  } catch (error) {
    // Sizes still count; the report says why the engine could not run.
    console.error(error && error.stack ? error.stack : String(error));
    result.wasm = { error: String((error && error.message) || error) };
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

async function measure(site, manifest, queries, iterations) {
  const { openIndex } = require(path.resolve(site, manifest.worker));
  const wasmBytes = fs.readFileSync(path.join(site, manifest.wasm));
  let started = performance.now();
  const module = await WebAssembly.compile(wasmBytes);
  const compileMs = performance.now() - started;

  // Files come from disk; requests and stored bytes are counted per index.
  const open = async () => {
    const counter = { requests: 0, bytes: 0 };
    const fetchBytes = async (url) => {
      const bytes = new Uint8Array(await fs.promises.readFile(path.join(site, url)));
      counter.requests += 1;
      counter.bytes += bytes.length;
      return bytes;
    };
    const started = performance.now();
    const index = await openIndex({ module, fetchBytes, hotUrl: manifest.hot, dirUrl: manifest.dir });
    return { index, counter, ms: performance.now() - started };
  };

  const perQuery = [];
  let openMs = null;
  let openTotalMs = null;
  for (const text of queries) {
    const { index, counter, ms } = await open();
    if (openMs === null) {
      openMs = index.info.openMs;
      openTotalMs = ms;
    }
    const before = counter.requests;
    const found = await index.search(text, { limit: 10 });
    const top = found.results.results[0];
    perQuery.push({
      text,
      coldMs: round(found.ms),
      rounds: found.rounds,
      requests: counter.requests - before,
      bytes: found.bytes,
      hits: found.results.results.length,
      mode: found.results.mode,
      top: top ? (top.section ? `${top.title} › ${top.section}` : top.title) : '',
    });
  }

  const { index } = await open();
  for (const text of queries) await index.search(text, { limit: 10 });
  const all = [];
  queries.forEach((text, i) => perQuery[i].warmSamples = []);
  for (let i = 0; i < queries.length; i += 1) {
    for (let n = 0; n < iterations; n += 1) {
      started = performance.now();
      const found = await index.search(queries[i], { limit: 10 });
      const ms = performance.now() - started;
      if (found.rounds !== 0) throw new Error(`${queries[i]}: still loading pages when warm`);
      all.push(ms);
      perQuery[i].warmSamples.push(ms);
    }
  }
  for (const q of perQuery) {
    q.warmSamples.sort((a, b) => a - b);
    q.warmMedianMs = round(quantile(q.warmSamples, 0.5));
    delete q.warmSamples;
  }
  all.sort((a, b) => a - b);
  const cold = perQuery.map((q) => q.coldMs).sort((a, b) => a - b);

  return {
    compileMs: round(compileMs),
    openMs: round(openMs),
    openTotalMs: round(openTotalMs),
    iterations,
    firstQuery: perQuery[0],
    cold: { medianMs: round(quantile(cold, 0.5)), p95Ms: round(quantile(cold, 0.95)) },
    warm: {
      samples: all.length,
      medianMs: round(quantile(all, 0.5)),
      p95Ms: round(quantile(all, 0.95)),
      maxMs: round(all[all.length - 1]),
    },
    queries: perQuery,
  };
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
