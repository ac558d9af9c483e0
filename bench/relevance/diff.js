#!/usr/bin/env node
// Compares two `score.js --json` outputs query by query, so that a change is
// judged on every query and not on an average:
//
//   node bench/relevance/diff.js BEFORE.json AFTER.json [--engine helpbook]
//
// Prints each query whose rank moved (better or worse), then the counts per
// kind. A rank of null (not in the top 10) is shown as ">10".
'use strict';

const fs = require('fs');

function main() {
  const args = process.argv.slice(2);
  let engine = 'helpbook';
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--engine') engine = args[++i];
    else files.push(args[i]);
  }
  if (files.length !== 2) {
    process.stderr.write('usage: diff.js BEFORE.json AFTER.json [--engine helpbook]\n');
    process.exit(2);
  }
  const [before, after] = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
  const old = new Map(before.perQuery.map((q) => [`${q.kind}\u0000${q.query}`, q]));
  const show = (r) => (r == null ? '>10' : String(r));
  const worse = (a, b) => (b == null ? 11 : b) > (a == null ? 11 : a);
  const lines = { better: [], worse: [] };
  const perKind = {};
  for (const q of after.perQuery) {
    const was = old.get(`${q.kind}\u0000${q.query}`);
    if (!was || !was[engine] || !q[engine]) continue;
    const a = was[engine].rank;
    const b = q[engine].rank;
    const k = (perKind[q.kind] = perKind[q.kind] || { better: 0, worse: 0, same: 0 });
    if (a === b) {
      k.same++;
      continue;
    }
    const side = worse(a, b) ? 'worse' : 'better';
    k[side]++;
    lines[side].push(`  [${q.kind}] ${JSON.stringify(q.query)}  ${show(a)} -> ${show(b)}  (first now ${q[engine].first})`);
  }
  const out = [];
  out.push(`worse: ${lines.worse.length}`, ...lines.worse, `better: ${lines.better.length}`, ...lines.better, '');
  for (const [kind, c] of Object.entries(perKind)) out.push(`${kind.padEnd(11)} better ${c.better}  worse ${c.worse}  same ${c.same}`);
  process.stdout.write(out.join('\n') + '\n');
}

main();
