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

/** Lower-case letters and digits only, accents removed: `LBL-02` → `lbl02`. */
export function compact(text) {
  return text.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** What an asset's row shows, read from each word's start: `LBL-024 (Velesin)` gives
 * `lbl024velesin`, `024velesin` and `velesin`. */
function wordStarts(asset) {
  const values = [
    ...(asset.names ?? []), ...(asset.companies ?? []), ...(asset.targets ?? []),
    asset.modality ?? '', ...(asset.indications ?? []), ...(asset.trials ?? []),
  ];
  return values.flatMap((value) => {
    const words = value.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return words.map((_, i) => compact(words.slice(i).join('')));
  });
}

/**
 * Prefix precision over the `prefix` queries: an asset *shows* what was typed when one of its
 * values, read from the start of one of its words, starts with the query (both compacted).
 * `p10`: shown assets in the top 10 divided by min(10, assets that show it), as the other
 * P@10 measures do, so typo matches filling in below every shown one cost nothing and
 * returning fewer hits gains nothing. `share`: shown assets over the hits returned in the
 * top 10, for comparison with measures that count fill-ins against an engine.
 */
export function prefixPrecision(queries, tops, assets) {
  const starts = new Map(assets.map((a) => [a.id, wordStarts(a)]));
  let n = 0;
  let p10 = 0;
  let share = 0;
  queries.forEach((q, i) => {
    if (q.kind !== 'prefix') return;
    const typed = compact(q.query);
    if (!typed) return;
    const shows = (id) => (starts.get(id) ?? []).some((s) => s.startsWith(typed));
    let relevant = 0;
    for (const id of starts.keys()) if (shows(id)) relevant += 1;
    if (!relevant) return;
    const top = (tops[i] ?? []).slice(0, 10);
    const good = top.filter(shows).length;
    n += 1;
    p10 += good / Math.min(10, relevant);
    share += top.length ? good / top.length : 0;
  });
  return n ? { n, p10: p10 / n, share: share / n } : { n: 0, p10: NaN, share: NaN };
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
