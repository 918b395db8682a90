// Times atlas-search in WebAssembly under Node (V8, the engine Chromium runs).
//   cargo build --release -p atlas-search-module --example wasm_bench --target wasm32-unknown-unknown
//   node crates/search-module/examples/wasm_bench.mjs [target dir] [sizes...]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const targetDir = args[0] ?? "target";
const sizes = args.length > 1 ? args.slice(1).map(Number) : [1000, 10000, 100000];
const wasm = readFileSync(`${targetDir}/wasm32-unknown-unknown/release/examples/wasm_bench.wasm`);
const { instance } = await WebAssembly.instantiate(wasm, {});
const x = instance.exports;

const time = (f) => {
  const t0 = performance.now();
  const out = f();
  return [performance.now() - t0, out];
};
const pct = (v, p) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.round((s.length - 1) * p)];
};
const kinds = ["exact", "prefix", "typo", "target", "multi"];

console.log("| assets | build ms | index bytes | load ms | list+facets ms | p50 µs | p99 µs | p99 exact | p99 prefix | p99 typo | p99 target | p99 multi | typo hit@10 |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const n of sizes) {
  const nq = x.setup(n);
  let build = Infinity;
  for (let r = 0; r < 3; r++) build = Math.min(build, time(() => x.build())[0]);
  const bytes = x.serialize();
  let load = Infinity;
  for (let r = 0; r < 3; r++) load = Math.min(load, time(() => x.load())[0]);
  const [facets] = time(() => x.list_and_facets());
  for (let i = 0; i < nq; i++) x.query(i); // warm up
  const all = [];
  const byKind = kinds.map(() => []);
  let typoHits = 0, typoTotal = 0;
  for (let i = 0; i < nq; i++) {
    const runs = [];
    let found = 0;
    for (let r = 0; r < 5; r++) {
      const [ms, out] = time(() => x.query(i));
      runs.push(ms * 1000);
      found = out;
    }
    const us = pct(runs, 0.5);
    const kind = x.query_kind(i);
    all.push(us);
    byKind[kind].push(us);
    if (kinds[kind] === "typo") {
      typoTotal++;
      typoHits += found;
    }
  }
  const f = (v) => v.toFixed(0);
  console.log(`| ${n} | ${build.toFixed(1)} | ${bytes} | ${load.toFixed(1)} | ${facets.toFixed(1)} | ${f(pct(all, 0.5))} | ${f(pct(all, 0.99))} | ${byKind.map((v) => f(pct(v, 0.99))).join(" | ")} | ${(typoHits / typoTotal).toFixed(3)} |`);
}
