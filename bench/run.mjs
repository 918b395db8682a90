// The browser bench: atlas-search-module against MiniSearch on the same synthetic assets and
// queries, in one headless Chromium session (Debian's, through playwright-core). Run by
// `cargo xtask bench --browser`, which builds the module and the data first; see README.md.
//
//   node run.mjs --module DIR --data 1000=DIR,10000=DIR [--seed S] [--out RESULTS.md] [--json FILE]
//
// Prints a markdown table per size (and writes it to --out), and exits non-zero when a check
// that does not depend on timing fails: a query throws, our exact name is not first, the
// loaded index does not answer like the built one or does not serialize to the same bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { serveMounts } from '../e2e/lib/server.js';
import { launch } from '../e2e/lib/browser.js';
import { prefixPrecision, quality, percentile, slowest, summarize } from './lib/metrics.js';
import { renderTables } from './lib/table.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENGINES = ['ours', 'minisearch'];
/** Timed rounds per query (after one warm-up round); each query counts its median. */
const QUERY_REPS = 7;

/**
 * Same-origin and cross-origin isolated (COOP + COEP), so performance.now() has its fine
 * resolution (5 µs instead of 100 µs) in Chromium; never cached.
 */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cache-Control': 'no-store',
};

/**
 * An in-memory `/store/KEY` (PUT, then GET) through which one page hands a serialized index
 * to the next; a request handler for the shared test server.
 */
function memoryStore() {
  const store = new Map();
  const handle = (req, res, urlPath) => {
    if (!urlPath.startsWith('/store/')) return false;
    const key = urlPath.slice('/store/'.length);
    if (req.method === 'PUT') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        store.set(key, Buffer.concat(chunks));
        res.writeHead(204, ISOLATION).end();
      });
      return true;
    }
    const body = store.get(key);
    if (!body) {
      res.writeHead(404, ISOLATION).end('not stored');
    } else {
      res.writeHead(200, { ...ISOLATION, 'Content-Type': 'application/octet-stream' }).end(body);
    }
    return true;
  };
  return { handle, stored: (key) => store.get(key) };
}

function parseArgs(argv) {
  const opts = { seed: '42', out: null, json: null, module: null, data: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in opts) || argv[i + 1] === undefined) throw new Error(`run.mjs: bad argument ${argv[i]}`);
    opts[key] = argv[i + 1];
  }
  if (!opts.module || !opts.data) throw new Error('run.mjs: --module DIR and --data N=DIR,… are required');
  opts.sizes = opts.data.split(',').map((pair) => {
    const [n, dir] = pair.split('=');
    return { n: Number(n), dir };
  });
  return opts;
}

function gzipLen(buf) {
  return zlib.gzipSync(buf, { level: 9 }).length;
}

/** Garbage-collect through the DevTools protocol, then read the JS heap in use. */
async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

async function newPage(browser, origin, problems) {
  const page = await browser.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => window.harness !== undefined);
  const ready = await page.evaluate(() => window.harness.ready());
  const cdp = await page.context().newCDPSession(page);
  return { page, cdp, ready };
}

/** How many builds count their best (lib/table.js says so in the header). */
function buildReps(n) {
  return n < 100_000 ? 3 : 2;
}

async function benchOne(browser, origin, which, size, queries, problems) {
  // Build in one page, best of a few runs (fewer at 100k: a build there takes seconds).
  const builder = await newPage(browser, origin, problems);
  const reps = buildReps(size.n);
  const built = await builder.page.evaluate(([w, n, r]) => window.harness.build(w, n, r), [which, size.n, reps]);
  await builder.page.close();

  // Load in a fresh page, as an app would: memory is what the loaded index adds.
  const loader = await newPage(browser, origin, problems);
  const { page, cdp } = loader;
  const heapBefore = await heapAfterGc(cdp);
  const wasmBefore = await page.evaluate(() => window.harness.wasmMemory());
  const loaded = await page.evaluate(([w, n]) => window.harness.load(w, n), [which, size.n]);
  const heapAfter = await heapAfterGc(cdp);
  const wasmAfter = await page.evaluate(() => window.harness.wasmMemory());
  const run = await page.evaluate(([w, n, r]) => window.harness.queries(w, n, r), [which, size.n, QUERY_REPS]);
  const round = await page.evaluate(([w, n]) => window.harness.reserialize(w, n), [which, size.n]);
  await page.evaluate(() => window.harness.release());
  await page.close();

  return {
    which,
    n: size.n,
    buildMs: built.buildMs,
    serializeMs: built.serializeMs,
    loadMs: loaded.loadMs,
    loadedAssets: loaded.assets,
    memoryBytes: heapAfter - heapBefore + (wasmAfter - wasmBefore),
    jsHeapBytes: heapAfter - heapBefore,
    wasmGrowthBytes: wasmAfter - wasmBefore,
    medians: run.medians,
    errors: run.errors,
    top: run.top,
    builtTop: built.top,
    reserializedSame: round.same,
    quality: quality(queries, run.top),
  };
}

function checks(result, queries) {
  const failed = [];
  const name = `${result.which} at ${result.n}`;
  if (result.errors.length) failed.push(`${name}: ${result.errors.length} queries threw, e.g. ${result.errors[0]}`);
  if (result.top.length !== queries.length) failed.push(`${name}: ${result.top.length} answers for ${queries.length} queries`);
  if (result.loadedAssets !== result.n) failed.push(`${name}: the loaded index holds ${result.loadedAssets} assets, not ${result.n}`);
  if (result.which === 'ours') {
    // Only ours: MiniSearch orders equal scores by insertion, which loadJSON does not keep.
    const differ = queries.filter((_, i) => JSON.stringify(result.top[i]) !== JSON.stringify(result.builtTop[i]));
    if (differ.length) failed.push(`${name}: the loaded index answers ${differ.length} queries unlike the built one, e.g. ${JSON.stringify(differ[0].query)}`);
    if (result.quality.exact.at1 !== 1) failed.push(`${name}: exact@1 is ${result.quality.exact.at1}, not 1`);
    if (result.reserializedSame !== true) failed.push(`${name}: the loaded index does not serialize to the bytes it was loaded from`);
  }
  return failed;
}

/** The module's errors reach JS as Error objects with the Rust message. */
function errorChecks(got) {
  const want = {
    badJson: /^Error: Engine\.build: the assets are not a JSON array .* at line 1 column \d+$/,
    notAnArray: /^Error: Engine\.build: .*expected a sequence at line 1 column \d+$/,
    badMagic: /^Error: Engine\.load: not an atlas search index \(missing magic bytes\)$/,
    badVersion: /^Error: Engine\.load: search index format version \d+, this build reads version \d+: rebuild the index$/,
  };
  return Object.entries(want)
    .filter(([key, re]) => !re.test(got[key] ?? ''))
    .map(([key]) => `module error for ${key}: got ${JSON.stringify(got[key])}`);
}

function machine(chromiumVersion) {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
  return {
    date: new Date().toISOString().replace(/:\d\d\.\d+Z$/, ' UTC').replace('T', ' '),
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu: model.trim(),
    memGb: Math.round(os.totalmem() / 2 ** 30),
    chromium: chromiumVersion,
    node: process.version,
    load: os.loadavg().map((l) => l.toFixed(1)).join(' '),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const moduleDir = path.resolve(opts.module);
  const wasmFile = path.join(moduleDir, 'atlas_search_module_bg.wasm');
  const glueFile = path.join(moduleDir, 'atlas_search_module.js');
  const miniDir = path.join(HERE, 'node_modules/minisearch/dist/es');
  const store = memoryStore();
  const server = await serveMounts({
    '/': path.join(HERE, 'page'),
    '/module/': moduleDir,
    '/minisearch/': miniDir,
    ...Object.fromEntries(opts.sizes.map((s) => [`/data/${s.n}/`, path.resolve(s.dir)])),
  }, { headers: ISOLATION, handle: store.handle });
  const shipped = {
    ours: { code: gzipLen(fs.readFileSync(wasmFile)) + gzipLen(fs.readFileSync(glueFile)) },
    minisearch: { code: gzipLen(fs.readFileSync(path.join(miniDir, 'index.js'))) },
  };

  const browser = await launch({ extraArgs: ['--enable-precise-memory-info'] });
  const problems = [];
  const failed = [];
  const sizes = [];
  try {
    const probe = await newPage(browser, server.origin, problems);
    if (!probe.ready.crossOriginIsolated) problems.push('the page is not cross-origin isolated: timers are coarse');
    failed.push(...errorChecks(await probe.page.evaluate(() => window.harness.errorMessages())));
    await probe.page.close();
    for (const size of opts.sizes) {
      const queries = JSON.parse(fs.readFileSync(path.join(size.dir, 'queries.json'), 'utf8'));
      const assets = JSON.parse(fs.readFileSync(path.join(size.dir, 'assets.json'), 'utf8'));
      const row = { n: size.n, queries: queries.length, engines: {} };
      for (const which of ENGINES) {
        process.stderr.write(`  ${which} at ${size.n} assets… `);
        const result = await benchOne(browser, server.origin, which, size, queries, problems);
        const index = store.stored(`${which}-${size.n}`);
        result.indexBytes = index.length;
        result.indexGzipBytes = gzipLen(index);
        result.codeGzipBytes = shipped[which].code;
        result.shippedBytes = result.codeGzipBytes + result.indexGzipBytes;
        result.summary = summarize(queries, result.medians);
        result.prefix = prefixPrecision(queries, result.top, assets);
        result.slowest = slowest(queries, result.medians, 3);
        process.stderr.write(`p99 ${result.summary.all.p99.toFixed(3)} ms\n`);
        failed.push(...checks(result, queries));
        row.engines[which] = result;
      }
      sizes.push(row);
    }
    const info = machine(browser.version());
    const md = renderTables(sizes, info, { queryReps: QUERY_REPS, seed: opts.seed });
    console.log(md);
    if (opts.out) fs.writeFileSync(opts.out, md);
    if (opts.json) {
      const slim = sizes.map((s) => ({
        ...s,
        engines: Object.fromEntries(Object.entries(s.engines).map(([k, r]) => {
          const { top, builtTop, medians, ...rest } = r;
          return [k, { ...rest, p50: percentile(medians, 0.5) }];
        })),
      }));
      fs.writeFileSync(opts.json, JSON.stringify({ machine: info, sizes: slim }, null, 2));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  failed.push(...problems);
  if (failed.length) {
    console.error(`browser bench: ${failed.length} checks failed:\n  ${failed.join('\n  ')}`);
    process.exit(1);
  }
  console.error('browser bench: sanity checks passed (every query answered, exact@1 = 1 for ours, the loaded index answers and serializes like the built one, bad input throws clear errors)');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
