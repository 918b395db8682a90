// The quality and timing measures of the bench, on hand-checked cases (node --test).
import test from 'node:test';
import assert from 'node:assert/strict';
import { compact, percentile, prefixPrecision, quality, slowest, summarize } from '../lib/metrics.js';

const ids = (n, prefix = 'a') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test('percentile is nearest-rank', () => {
  const values = [5, 1, 4, 2, 3];
  assert.equal(percentile(values, 0.5), 3);
  assert.equal(percentile(values, 0.99), 5);
  assert.equal(percentile(values, 0), 1);
  assert.equal(percentile(ids(100).map((_, i) => i + 1), 0.99), 99);
  assert.ok(Number.isNaN(percentile([], 0.5)));
});

test('exact@1 needs the expected id first; hit@10 anywhere in the top 10', () => {
  const queries = [
    { query: 'A-1', kind: 'exact', expect: ['a'] },
    { query: 'B-1', kind: 'exact', expect: ['b'] },
    { query: 'C-1', kind: 'exact', expect: ['c'] },
  ];
  const tops = [['a', 'x'], ['x', 'b'], [...ids(10, 'x'), 'c']];
  const q = quality(queries, tops).exact;
  assert.equal(q.n, 3);
  assert.equal(q.at1, 1 / 3);
  assert.equal(q.hit10, 2 / 3); // 'c' is eleventh: not in the top 10
});

test('P@10 divides by min(10, expected), so short lists do not score', () => {
  const many = ids(50);
  const queries = [
    { query: 'T U', kind: 'multi', expect: many },
    { query: 'V W', kind: 'multi', expect: many },
    { query: 'X Y', kind: 'multi', expect: ['a0', 'a1'] },
  ];
  const tops = [
    [...ids(8), 'z1', 'z2'], // 8 of 10 right
    ['a0', 'a1'], // 2 right, but 10 were possible
    ['a1', 'z1', 'a0'], // both of the 2 expected
  ];
  const q = quality(queries, tops).multi;
  assert.equal(q.n, 3);
  assert.equal(q.p10, (0.8 + 0.2 + 1) / 3);
});

test('queries with nothing expected and missing answers', () => {
  const queries = [
    { query: 'zzz', kind: 'typo', expect: [] },
    { query: 'abx', kind: 'typo', expect: ['a'] },
  ];
  const q = quality(queries, [['a'], undefined]);
  assert.deepEqual(q.typo, { n: 1, at1: 0, hit10: 0, p10: 0 });
  assert.equal(q.prefix.n, 0);
  assert.ok(Number.isNaN(q.prefix.hit10));
});

test('summaries per kind and the slowest queries', () => {
  const queries = [
    { query: 'a', kind: 'exact', expect: [] },
    { query: 'b', kind: 'exact', expect: [] },
    { query: 'c', kind: 'typo', expect: [] },
  ];
  const medians = [0.1, 0.3, 2];
  const s = summarize(queries, medians);
  assert.deepEqual(s.all, { p50: 0.3, p99: 2 });
  assert.deepEqual(s.byKind.exact, { p50: 0.1, p99: 0.3 });
  assert.ok(Number.isNaN(s.byKind.multi.p99));
  assert.deepEqual(slowest(queries, medians, 2), [
    { ms: 2, kind: 'typo', query: 'c' },
    { ms: 0.3, kind: 'exact', query: 'b' },
  ]);
});

test('prefix precision counts assets showing the typed start of a word', () => {
  assert.equal(compact('LBL-02 '), 'lbl02');
  const assets = [
    { id: 'a', names: ['LBL-024', 'velesin'] },
    { id: 'b', names: ['QX-1'], indications: ['bladder cancer'] },
    { id: 'c', names: ['QX-2'], targets: ['BAFF'] }, // matches `bl` only through a synonym
    { id: 'd', names: ['XLBL-9'] }, // `lbl` inside a word is not its start
    { id: 'e', names: ['ZZ-1'], companies: ['Blue Bio'] },
  ];
  const queries = [
    { query: 'lbl-02', kind: 'prefix', expect: ['a'] },
    { query: 'bl', kind: 'prefix', expect: [] },
    { query: 'vel', kind: 'prefix', expect: ['a'] },
    { query: 'nothing', kind: 'prefix', expect: [] }, // shown nowhere: left out
    { query: 'lbl-02', kind: 'exact', expect: ['a'] }, // not a prefix query
  ];
  const tops = [
    ['a', 'd'], // 1 of 1 shown; the fill-in below costs P@10 nothing, share 1/2
    ['c', 'b'], // b shows `bl`; c matches it only through a synonym
    ['d'], // the one asset showing `vel` is missing
    ['a'],
    ['a'],
  ];
  const p = prefixPrecision(queries, tops, assets);
  assert.equal(p.n, 3);
  // `bl` is shown by b (bladder) and e (Blue): min(10, 2) = 2, one of them in the top 10.
  assert.equal(p.p10, (1 + 1 / 2 + 0) / 3);
  assert.equal(p.share, (1 / 2 + 1 / 2 + 0) / 3);
});
