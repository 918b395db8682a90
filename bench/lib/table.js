// The markdown that `cargo xtask bench --browser` prints and bench/RESULTS.md records.
import { KINDS } from './metrics.js';

const ms = (v) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(3) : v.toFixed(1)) : 'n/a');
const rate = (v) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const kb = (v) => (Number.isFinite(v) ? (v / 1000).toFixed(1) : 'n/a');
const mb = (v) => (Number.isFinite(v) ? (v / 1e6).toFixed(1) : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** The columns of the main table: label, value of one engine's result, format. */
const COLUMNS = [
  ['build ms', (r) => r.buildMs, ms],
  ['load ms', (r) => r.loadMs, ms],
  ['query p50 ms', (r) => r.summary.all.p50, ms],
  ['query p99 ms', (r) => r.summary.all.p99, ms],
  ['index KB', (r) => r.indexBytes, kb],
  ['index KB gz', (r) => r.indexGzipBytes, kb],
  ['shipped KB gz', (r) => r.shippedBytes, kb],
  ['memory MB', (r) => r.memoryBytes, mb],
  ['exact@1', (r) => r.quality.exact.at1, rate],
  ['prefix hit@10', (r) => r.quality.prefix.hit10, rate],
  ['prefix P@10', (r) => r.prefix.p10, rate],
  ['typo hit@10', (r) => r.quality.typo.hit10, rate],
  ['target hit@10', (r) => r.quality.target.hit10, rate],
  ['target P@10', (r) => r.quality.target.p10, rate],
  ['multi P@10', (r) => r.quality.multi.p10, rate],
];

const NAMES = { ours: 'atlas-search', minisearch: 'MiniSearch' };

function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

/** Pass or fail of the issue's targets for our engine (reported, never asserted). */
function targets(sizes) {
  const lines = [];
  for (const s of sizes) {
    const r = s.engines.ours;
    if (!r) continue;
    const p99Limit = s.n >= 100_000 ? 5 : s.n >= 10_000 ? 2.5 : null;
    const checks = [];
    if (p99Limit) checks.push([`query p99 < ${p99Limit} ms`, r.summary.all.p99 < p99Limit, ms(r.summary.all.p99)]);
    checks.push([`prefix P@10 ≥ 0.95 (share of the returned top 10 showing it: ${rate(r.prefix.share)})`, r.prefix.p10 >= 0.95, rate(r.prefix.p10)]);
    checks.push(['typo hit@10 ≥ 0.95', r.quality.typo.hit10 >= 0.95, rate(r.quality.typo.hit10)]);
    checks.push(['multi P@10 ≥ 0.9', r.quality.multi.p10 >= 0.9, rate(r.quality.multi.p10)]);
    checks.push(['exact@1 = 1', r.quality.exact.at1 === 1, rate(r.quality.exact.at1)]);
    lines.push(`- ${s.n} assets: ${checks.map(([what, ok, v]) => `${what}: ${v} ${ok ? '✓' : '✗'}`).join('; ')}`);
  }
  return lines.join('\n');
}

export function renderTables(sizes, machine, { queryReps, seed }) {
  const out = [];
  out.push('# Browser bench: atlas-search vs MiniSearch');
  out.push('');
  out.push(`${machine.date}; ${machine.nproc} cores, ${machine.cpu}, ${machine.memGb} GB; Chromium ${machine.chromium} (headless), Node ${machine.node}; load average at the end ${machine.load}.`);
  out.push(`Produced by \`cargo xtask bench --browser\` on the assets and queries of \`cargo xtask synth N --seed ${seed}\`; method and definitions in bench/README.md. Each query runs once to warm up, then ${queryReps} times; it counts its median; p50/p99 are over the queries. Build is the best of 3 runs below 100k assets, of 2 from 100k; load is one run in a fresh page.`);
  for (const s of sizes) {
    out.push('');
    out.push(`## ${s.n} assets, ${s.queries} queries`);
    out.push('');
    out.push(row(['engine', ...COLUMNS.map(([label]) => label)]));
    out.push(row(['---', ...COLUMNS.map(() => '---:')]));
    for (const [key, r] of Object.entries(s.engines)) {
      out.push(row([NAMES[key], ...COLUMNS.map(([, get, fmt]) => fmt(get(r)))]));
    }
    const ours = s.engines.ours;
    const theirs = s.engines.minisearch;
    if (ours && theirs) {
      out.push(row(['ours / MiniSearch', ...COLUMNS.map(([, get]) => ratio(get(ours), get(theirs)))]));
    }
    const split = Object.entries(s.engines)
      .map(([key, r]) => `${NAMES[key]} ${mb(r.wasmGrowthBytes)} MB wasm memory growth + ${mb(r.jsHeapBytes)} MB JS heap`)
      .join('; ');
    out.push('');
    out.push(`Memory after loading: ${split}.`);
  }
  out.push('');
  out.push('## Query p99 by kind (ms)');
  out.push('');
  out.push(row(['assets', 'engine', ...KINDS]));
  out.push(row(['---:', '---', ...KINDS.map(() => '---:')]));
  for (const s of sizes) {
    for (const [key, r] of Object.entries(s.engines)) {
      out.push(row([s.n, NAMES[key], ...KINDS.map((k) => ms(r.summary.byKind[k].p99))]));
    }
  }
  out.push('');
  out.push('## Slowest queries (median ms)');
  out.push('');
  for (const s of sizes) {
    for (const [key, r] of Object.entries(s.engines)) {
      const list = r.slowest.map((q) => `${ms(q.ms)} ${q.kind} \`${q.query}\``).join('; ');
      out.push(`- ${s.n}, ${NAMES[key]}: ${list}`);
    }
  }
  out.push('');
  out.push('## Against the targets (atlas-search)');
  out.push('');
  out.push(targets(sizes));
  out.push('');
  return out.join('\n');
}
