// Quality and timing summaries of one engine's answers to the query set. The definitions
// are the ones bench/README.md gives; they are the only place those numbers come from.

export const KINDS = ['exact', 'prefix', 'typo', 'target', 'multi'];

/** Nearest-rank percentile (p in 0..1) of `values`; NaN when empty. */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}

/**
 * Per kind: `at1` (share of queries whose first hit is expected), `hit10` (share with an
 * expected id in the top 10) and `p10` (precision at 10: expected ids in the top 10 divided by
 * min(10, number expected), so returning fewer hits than there are answers does not help).
 * Queries with nothing expected are left out of every rate; `n` counts the rest.
 */
export function quality(queries, tops) {
  const out = {};
  for (const kind of KINDS) {
    let n = 0;
    let at1 = 0;
    let hit10 = 0;
    let p10 = 0;
    queries.forEach((q, i) => {
      if (q.kind !== kind || !q.expect.length) return;
      const expect = new Set(q.expect);
      const top = (tops[i] ?? []).slice(0, 10);
      const good = top.filter((id) => expect.has(id)).length;
      n += 1;
      if (top.length && expect.has(top[0])) at1 += 1;
      if (good > 0) hit10 += 1;
      p10 += good / Math.min(10, expect.size);
    });
    out[kind] = n ? { n, at1: at1 / n, hit10: hit10 / n, p10: p10 / n } : { n: 0, at1: NaN, hit10: NaN, p10: NaN };
  }
  return out;
}

/** p50 and p99 of the per-query median times (ms), over all queries and per kind. */
export function summarize(queries, medians) {
  const all = { p50: percentile(medians, 0.5), p99: percentile(medians, 0.99) };
  const byKind = {};
  for (const kind of KINDS) {
    const ms = medians.filter((_, i) => queries[i].kind === kind);
    byKind[kind] = { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
  }
  return { all, byKind };
}

/** The `count` slowest queries: { ms, kind, query }, slowest first. */
export function slowest(queries, medians, count) {
  return medians
    .map((ms, i) => ({ ms, kind: queries[i].kind, query: queries[i].query }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
}
