// Relevance of helpbook's search (and Pagefind's, when installed) on the
// development query set in bench/relevance/*.jsonl (issue 21). Never run in CI.
//
//   node bench/relevance/score.js [--site DIR] [--root DIR] [--pagefind DIR]
//        [--helpbook BIN] [--corpus DIR] [--json FILE] [--misses N]
//
// Queries: every bench/relevance/*.jsonl, one JSON object a line:
//   {"query": "...", "kind": "keyword|typo|question|paraphrase",
//    "expected": ["outlook/xyz.md", ...], "why": "..."}
// with `expected` relative to the corpus (default ../shared/corpus/mshelp-full).
//
// helpbook: each query through `helpbook search --json --limit 10` on a built
//   mshelp-full site. --site DIR: that site (with --root DIR, its help center
//   folder, when it needs one). Without --site the script lays the corpus out
//   as bench/run.sh does (the product folders under content/, a book.toml
//   with broken-links = "warn") in $BENCH_DIR/relevance/mshelp-full
//   (BENCH_DIR defaults to /dev/shm/helpbook-bench-run) and builds it with
//   --helpbook BIN (default target/release/helpbook), a few seconds; the same
//   binary runs the queries. Layout by hand, the same thing:
//     mkdir -p R/content && cp -r ../shared/corpus/mshelp-full/*/ R/content/
//     printf '[book]\ntitle = "Bench mshelp-full"\n\n[build]\nbroken-links = "warn"\n' > R/book.toml
//     target/release/helpbook --root R build --dest R/site -q
//
// Pagefind: --pagefind DIR, a site with pagefind/ in it (bench/run.sh leaves
//   Hugo + Pagefind's build of mshelp-full in $BENCH_DIR/sets/mshelp-full/hugo-site,
//   used by default when it is there). Otherwise, when Hugo and Pagefind are
//   installed (on PATH or in $BENCH_DIR/tools, where `bash bench/run.sh
//   --install-peers` puts them), the script builds that site itself with
//   bench/run.sh's minimal layout in $BENCH_DIR/relevance/mshelp-full. Queries go
//   through Pagefind's JS API in Chromium as bench/search-browser.js does:
//   search(query), then data() of the first 10 results. Nothing is installed.
//
// Results map back to articles by URL: /<folder>/<file name without .md>/
// (helpbook and Hugo lay the corpus out the same way); a #fragment is dropped.
// Ranks are positions in the result list as the engine returns it.
// A query is a hit at k when any expected article is among the first k
// results; MRR@10 is the mean of 1/rank of the first expected article (0 when
// none is in the top 10). Prints per kind and overall: count, top-1, top-3,
// top-10, MRR@10, helpbook and Pagefind side by side; then the misses (the
// queries whose expected article is not first: the rank it got, and what
// ranked first). --json FILE writes the numbers and every query's ranks.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..');
const SHARED = path.resolve(REPO, '..', 'shared');
const BENCH_DIR = process.env.BENCH_DIR || '/dev/shm/helpbook-bench-run';
const KINDS = ['keyword', 'typo', 'question', 'paraphrase'];

function usage(code) {
  const text = fs.readFileSync(__filename, 'utf8').split('\n');
  const end = text.findIndex((line) => line.startsWith("'use strict'"));
  process.stderr.write(text.slice(0, end).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
  process.exit(code);
}

function parseArgs(argv) {
  const opts = {
    site: null,
    root: null,
    pagefind: null,
    helpbook: path.join(REPO, 'target', 'release', 'helpbook'),
    corpus: path.join(SHARED, 'corpus', 'mshelp-full'),
    json: null,
    misses: Infinity,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(2);
      return argv[++i];
    };
    if (arg === '--site') opts.site = path.resolve(value());
    else if (arg === '--root') opts.root = path.resolve(value());
    else if (arg === '--pagefind') opts.pagefind = path.resolve(value());
    else if (arg === '--helpbook') opts.helpbook = path.resolve(value());
    else if (arg === '--corpus') opts.corpus = path.resolve(value());
    else if (arg === '--json') opts.json = path.resolve(value());
    else if (arg === '--misses') opts.misses = Number(value());
    else if (arg === '-h' || arg === '--help') usage(0);
    else {
      process.stderr.write(`unknown option: ${arg}\n`);
      usage(2);
    }
  }
  return opts;
}

// ------------------------------------------------------------------ queries

function loadQueries(corpus) {
  const files = fs
    .readdirSync(HERE)
    .filter((name) => name.endsWith('.jsonl'))
    .sort();
  const queries = [];
  const problems = [];
  const seen = new Map();
  for (const name of files) {
    const lines = fs.readFileSync(path.join(HERE, name), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      const where = `${name}:${index + 1}`;
      let q;
      try {
        q = JSON.parse(line);
      } catch (error) {
        problems.push(`${where}: not JSON (${error.message})`);
        return;
      }
      if (typeof q.query !== 'string' || !q.query.trim()) problems.push(`${where}: no query`);
      if (!KINDS.includes(q.kind)) problems.push(`${where}: kind ${JSON.stringify(q.kind)} is not one of ${KINDS.join(', ')}`);
      if (!Array.isArray(q.expected) || q.expected.length === 0) {
        problems.push(`${where}: no expected article`);
        return;
      }
      for (const e of q.expected) {
        if (!fs.existsSync(path.join(corpus, e))) problems.push(`${where}: expected ${e} is not in the corpus`);
      }
      const key = String(q.query).trim().toLowerCase();
      if (seen.has(key)) problems.push(`${where}: query ${JSON.stringify(q.query)} also at ${seen.get(key)}`);
      else seen.set(key, where);
      queries.push({ ...q, file: name, line: index + 1 });
    });
  }
  return { files, queries, problems };
}

// ------------------------------------------------------ URL -> article path

/** "/outlook/xyz/#part" -> "outlook/xyz.md" when that file is in the corpus. */
function articleOf(url, known) {
  if (!url) return null;
  let p = String(url);
  try {
    p = new URL(p, 'http://x').pathname;
  } catch (_) {
    p = p.split('#')[0].split('?')[0];
  }
  p = decodeURIComponent(p).replace(/index\.html$/, '').replace(/\.html$/, '').replace(/^\/+|\/+$/g, '');
  const file = `${p}.md`.toLowerCase();
  return known.get(file) || null;
}

function corpusFiles(corpus) {
  const known = new Map();
  for (const dir of fs.readdirSync(corpus, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(corpus, dir.name))) {
      if (name.endsWith('.md')) {
        const rel = `${dir.name}/${name}`;
        known.set(rel.toLowerCase(), rel);
      }
    }
  }
  return known;
}

// ----------------------------------------------------------------- helpbook

function layOut(corpus, root) {
  if (!fs.existsSync(path.join(root, 'content'))) {
    fs.mkdirSync(path.join(root, 'content'), { recursive: true });
    for (const dir of fs.readdirSync(corpus, { withFileTypes: true })) {
      if (dir.isDirectory()) {
        fs.cpSync(path.join(corpus, dir.name), path.join(root, 'content', dir.name), { recursive: true });
      }
    }
    fs.writeFileSync(
      path.join(root, 'book.toml'),
      '[book]\ntitle = "Bench mshelp-full"\n\n[build]\nbroken-links = "warn"\n',
    );
  }
}

function prepareHelpbook(opts) {
  if (!fs.existsSync(opts.helpbook)) {
    throw new Error(`no helpbook binary at ${opts.helpbook} (cargo build --release, or --helpbook BIN)`);
  }
  if (opts.site) return { site: opts.site, root: opts.root, built: false };
  const root = path.join(BENCH_DIR, 'relevance', 'mshelp-full');
  layOut(opts.corpus, root);
  const site = path.join(root, 'site');
  process.stderr.write(`== building ${root} with ${opts.helpbook}\n`);
  execFileSync(opts.helpbook, ['--root', root, 'build', '--dest', site, '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { site, root, built: true };
}

function helpbookSearch(opts, where, query) {
  const args = ['search', '--json', '--limit', '10', '--site', where.site];
  if (where.root) args.push('--root', where.root);
  args.push('--', query);
  const run = spawnSync(opts.helpbook, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`helpbook search ${JSON.stringify(query)}: ${run.stderr.trim() || `exit ${run.status}`}`);
  const out = JSON.parse(run.stdout);
  return (out.results || []).slice(0, 10).map((r) => ({ url: r.url, title: r.title }));
}

// ----------------------------------------------------------------- pagefind

function which(name) {
  const dirs = [path.join(BENCH_DIR, 'tools', 'bin'), path.join(BENCH_DIR, 'tools', 'node_modules', '.bin')].concat(
    (process.env.PATH || '').split(path.delimiter),
  );
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch (_) {
      // next
    }
  }
  return null;
}

/** bench/run.sh's minimal Hugo layout of the same content, built, then indexed by Pagefind. */
function buildPagefindSite(corpus, hugoBin, pagefindBin) {
  const root = path.join(BENCH_DIR, 'relevance', 'mshelp-full');
  layOut(corpus, root);
  const hugo = path.join(root, 'hugo');
  const out = path.join(root, 'hugo-site');
  fs.rmSync(hugo, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(hugo, 'layouts', '_default'), { recursive: true });
  fs.symlinkSync(path.join(root, 'content'), path.join(hugo, 'content'));
  fs.writeFileSync(
    path.join(hugo, 'hugo.toml'),
    'baseURL = "/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS"]\n[markup.goldmark.renderer]\nunsafe = true\n',
  );
  const page =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>' +
    '<body><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>' +
    '<main data-pagefind-body><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n';
  const list =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>' +
    '<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n';
  fs.writeFileSync(path.join(hugo, 'layouts', '_default', 'single.html'), page);
  fs.writeFileSync(path.join(hugo, 'layouts', '_default', 'list.html'), list);
  fs.writeFileSync(path.join(hugo, 'layouts', 'index.html'), list);
  process.stderr.write(`== building ${out} with Hugo and Pagefind\n`);
  execFileSync(hugoBin, ['--quiet', '-s', hugo, '-d', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(pagefindBin, ['--site', out, '--output-subdir', 'pagefind'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

/** The Pagefind site to query, or { missing: reason }. */
function findPagefind(opts) {
  const hasIndex = (dir) => fs.existsSync(path.join(dir, 'pagefind', 'pagefind.js'));
  if (opts.pagefind) {
    if (!hasIndex(opts.pagefind)) throw new Error(`--pagefind ${opts.pagefind}: no pagefind/pagefind.js in it`);
    return { site: opts.pagefind };
  }
  const fromRun = path.join(BENCH_DIR, 'sets', 'mshelp-full', 'hugo-site');
  if (hasIndex(fromRun)) return { site: fromRun };
  const hugoBin = which('hugo');
  const pagefindBin = which('pagefind');
  if (!hugoBin || !pagefindBin) return { missing: 'not installed (bash bench/run.sh --install-peers)' };
  return { site: buildPagefindSite(opts.corpus, hugoBin, pagefindBin) };
}

async function pagefindRun(site, queries) {
  let browserBits;
  try {
    browserBits = require(path.join(REPO, 'bench', 'search-browser.js'));
  } catch (error) {
    return { missing: `bench/search-browser.js could not be loaded (${error.message})` };
  }
  const { CHROMIUM, CHROMIUM_ARGS, loadPlaywright, serve } = browserBits;
  if (!fs.existsSync(CHROMIUM)) return { missing: `no Chromium at ${CHROMIUM} (bash bench/run.sh --install-peers)` };
  let chromium;
  try {
    ({ chromium } = loadPlaywright());
  } catch (error) {
    return { missing: `${error.message} (bash bench/run.sh --install-peers)` };
  }
  const served = await serve(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${served.base}/__bench.html`);
    const lists = await page.evaluate(async (texts) => {
      const pf = await import('/pagefind/pagefind.js');
      await pf.init();
      const out = [];
      for (const text of texts) {
        const search = await pf.search(text);
        const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
        out.push(data.map((d) => ({ url: d.url, title: d.meta && d.meta.title })));
      }
      return out;
    }, queries.map((q) => q.query));
    return { lists, chromium: browser.version() };
  } finally {
    await browser.close();
    served.server.close();
  }
}

// ------------------------------------------------------------------ scoring

function rankOf(results, expected, known) {
  const want = new Set(expected);
  for (let i = 0; i < results.length && i < 10; i += 1) {
    if (want.has(articleOf(results[i].url, known))) return i + 1;
  }
  return null;
}

function summarize(queries, ranks) {
  const groups = {};
  for (const kind of KINDS.concat('overall')) groups[kind] = { count: 0, top1: 0, top3: 0, top10: 0, mrr: 0 };
  queries.forEach((q, i) => {
    for (const g of [groups[q.kind], groups.overall]) {
      const r = ranks[i];
      g.count += 1;
      if (r !== null && r <= 1) g.top1 += 1;
      if (r !== null && r <= 3) g.top3 += 1;
      if (r !== null && r <= 10) g.top10 += 1;
      if (r !== null && r <= 10) g.mrr += 1 / r;
    }
  });
  for (const g of Object.values(groups)) {
    if (g.count) {
      g.top1 /= g.count;
      g.top3 /= g.count;
      g.top10 /= g.count;
      g.mrr /= g.count;
    }
  }
  return groups;
}

const pct = (x) => `${(x * 100).toFixed(0)}%`.padStart(5);
const num = (x) => x.toFixed(3).padStart(6);

function table(engines) {
  const head1 = ['kind'.padEnd(11), 'n'.padStart(4)];
  const head2 = [''.padEnd(11), ''.padStart(4)];
  for (const e of engines) {
    head1.push(`| ${e.name}`.padEnd(30));
    head2.push(`| ${'top1'.padStart(5)} ${'top3'.padStart(5)} ${'top10'.padStart(5)} ${'MRR'.padStart(6)}`.padEnd(30));
  }
  const lines = [head1.join(' ').trimEnd(), head2.join(' ').trimEnd()];
  for (const kind of KINDS.concat('overall')) {
    const n = engines[0].summary[kind].count;
    if (!n) continue;
    const row = [kind.padEnd(11), String(n).padStart(4)];
    for (const e of engines) {
      const g = e.summary[kind];
      row.push(`| ${pct(g.top1)} ${pct(g.top3)} ${pct(g.top10)} ${num(g.mrr)}`.padEnd(30));
    }
    lines.push(row.join(' ').trimEnd());
  }
  return lines.join('\n');
}

function missLines(name, queries, ranks, lists, known, limit) {
  const lines = [];
  queries.forEach((q, i) => {
    if (ranks[i] === 1) return;
    const first = lists[i][0];
    const firstText = first ? articleOf(first.url, known) || first.url : '(no results)';
    lines.push(
      `  [${q.kind}] ${JSON.stringify(q.query)}  expected ${q.expected.join(', ')}  ` +
        `rank ${ranks[i] === null ? '>10' : ranks[i]}; first: ${firstText}`,
    );
  });
  const shown = lines.slice(0, limit);
  return [`${name} misses (expected article not first): ${lines.length}`]
    .concat(shown, lines.length > shown.length ? [`  ... ${lines.length - shown.length} more`] : [])
    .join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const known = corpusFiles(opts.corpus);
  const { files, queries, problems } = loadQueries(opts.corpus);
  if (problems.length) {
    process.stderr.write(`query set problems:\n  ${problems.join('\n  ')}\n`);
  }
  if (!queries.length) throw new Error(`no queries in ${HERE}/*.jsonl`);

  const where = prepareHelpbook(opts);
  const hbLists = queries.map((q) => helpbookSearch(opts, where, q.query));
  const unmapped = hbLists.flat().filter((r) => !articleOf(r.url, known)).length;
  const hbRanks = queries.map((q, i) => rankOf(hbLists[i], q.expected, known));
  const version = spawnSync(opts.helpbook, ['--version'], { encoding: 'utf8' }).stdout.trim();
  let commit = '';
  try {
    commit = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch (_) {
    // not a checkout
  }
  const engines = [{ name: 'helpbook', summary: summarize(queries, hbRanks), ranks: hbRanks, lists: hbLists }];

  let pf = findPagefind(opts);
  if (pf.site) {
    const run = await pagefindRun(pf.site, queries);
    if (run.missing) pf = { missing: run.missing, site: pf.site };
    else {
      const ranks = queries.map((q, i) => rankOf(run.lists[i], q.expected, known));
      engines.push({ name: 'pagefind', summary: summarize(queries, ranks), ranks, lists: run.lists });
      pf.chromium = run.chromium;
    }
  }

  const out = [];
  out.push(`queries: ${queries.length} from ${files.join(', ')}${problems.length ? ` (${problems.length} problems, above)` : ''}`);
  const builtAt = fs.statSync(opts.helpbook).mtime.toISOString().replace('T', ' ').slice(0, 19);
  out.push(`helpbook: ${version}, binary ${opts.helpbook} (built ${builtAt} UTC${commit ? `; repository HEAD now ${commit}` : ''})`);
  out.push(`helpbook: site ${where.site}${where.built ? ' (built now with that binary)' : ''}`);
  if (unmapped) out.push(`helpbook: ${unmapped} of the results were not corpus articles (category pages and the like), counted as not expected`);
  if (engines.length > 1) out.push(`pagefind: site ${pf.site}, Chromium ${pf.chromium}`);
  else out.push(`pagefind: ${pf.missing}`);
  out.push('');
  out.push(table(engines));
  for (const e of engines) {
    out.push('');
    out.push(missLines(e.name, queries, e.ranks, e.lists, known, opts.misses));
  }
  process.stdout.write(out.join('\n') + '\n');

  if (opts.json) {
    const result = {
      queries: queries.length,
      files,
      problems,
      helpbook: { version, commit, site: where.site },
      pagefind: engines.length > 1 ? { site: pf.site, chromium: pf.chromium } : { missing: pf.missing },
      summary: Object.fromEntries(engines.map((e) => [e.name, e.summary])),
      perQuery: queries.map((q, i) => ({
        query: q.query,
        kind: q.kind,
        expected: q.expected,
        ...Object.fromEntries(
          engines.map((e) => [
            e.name,
            { rank: e.ranks[i], first: e.lists[i][0] ? articleOf(e.lists[i][0].url, known) || e.lists[i][0].url : null },
          ]),
        ),
      })),
    };
    fs.mkdirSync(path.dirname(opts.json), { recursive: true });
    fs.writeFileSync(opts.json, JSON.stringify(result, null, 2) + '\n');
  }
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
