// The page side of the browser bench: each step is a function on `window.harness` that
// `bench/run.mjs` calls with `page.evaluate`, so measuring memory (garbage collection through
// the DevTools protocol) can happen between steps. Every step fetches what it needs from the
// page's own origin; indexes travel between pages through the server's /store/ (PUT, GET),
// so a load is timed in a fresh page, as an app would do it.
import init, { Engine } from '/module/atlas_search_module.js';
import MiniSearch from '/minisearch/index.js';

/** MiniSearch as benched: see bench/README.md for why each option. */
export const MINISEARCH_OPTIONS = {
  idField: 'id',
  fields: ['names', 'companies', 'targets', 'modality', 'indications'],
  // Arrays become one space-separated text (the default would join with commas).
  extractField: (doc, field) => {
    const value = doc[field];
    return Array.isArray(value) ? value.join(' ') : value;
  },
  searchOptions: { prefix: true, fuzzy: 1, maxFuzzy: 1, combineWith: 'AND' },
};

const wasmReady = init();
let engine = null; // the loaded index of this page (ours or MiniSearch's), kept for queries

async function text(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

async function bytes(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function store(key, body) {
  const res = await fetch(`/store/${key}`, { method: 'PUT', body });
  if (!res.ok) throw new Error(`storing ${key}: HTTP ${res.status}`);
}

/** Runs `fn` `times` times; the best wall-clock time in ms and the last result. */
function best(times, fn) {
  let ms = Infinity;
  let result;
  for (let i = 0; i < times; i++) {
    if (result && result.free) result.free();
    const t0 = performance.now();
    result = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, result };
}

/** Top-k ids of every query, in order. */
function answers(search, queries, k) {
  return queries.map((q) => search(q.query, k));
}

const searchers = {
  ours: (e) => (query, k) => e.search(query, k),
  minisearch: (e) => (query, k) => e.search(query).slice(0, k).map((r) => r.id),
};

window.harness = {
  async ready() {
    const wasm = await wasmReady;
    return { wasmMemoryBytes: wasm.memory.buffer.byteLength, crossOriginIsolated };
  },

  /** Build from the assets (best of `reps`), serialize, store; answers for the round-trip check. */
  async build(which, n, reps) {
    await wasmReady;
    const assets = await text(`/data/${n}/assets.json`);
    const queries = JSON.parse(await text(`/data/${n}/queries.json`));
    let built;
    let serialized;
    const t = {};
    if (which === 'ours') {
      // Parsing the JSON is part of Engine.build; MiniSearch's build times JSON.parse too.
      built = best(reps, () => Engine.build(assets));
      const t0 = performance.now();
      serialized = built.result.serialize();
      t.serializeMs = performance.now() - t0;
    } else {
      built = best(reps, () => {
        const ms = new MiniSearch(MINISEARCH_OPTIONS);
        ms.addAll(JSON.parse(assets));
        return ms;
      });
      const t0 = performance.now();
      serialized = JSON.stringify(built.result);
      t.serializeMs = performance.now() - t0;
    }
    await store(`${which}-${n}`, serialized);
    const top = answers(searchers[which](built.result), queries, 10);
    if (built.result.free) built.result.free();
    return { buildMs: built.ms, ...t, top };
  },

  /** Load the stored index into this (fresh) page and keep it for `queries`. */
  async load(which, n) {
    await wasmReady;
    const t0 = performance.now();
    if (which === 'ours') {
      const data = await bytes(`/store/${which}-${n}`);
      const t1 = performance.now();
      engine = Engine.load(data);
      return { loadMs: performance.now() - t1, fetchMs: t1 - t0, assets: engine.len };
    }
    const data = await text(`/store/${which}-${n}`);
    const t1 = performance.now();
    engine = MiniSearch.loadJSON(data, MINISEARCH_OPTIONS);
    return { loadMs: performance.now() - t1, fetchMs: t1 - t0, assets: engine.documentCount };
  },

  /** Bytes of wasm linear memory now (it only grows). */
  async wasmMemory() {
    const wasm = await wasmReady;
    return wasm.memory.buffer.byteLength;
  },

  /**
   * Every query once to warm up, then `reps` timed rounds; per query its median time (ms),
   * its top 10 and whether it threw.
   */
  async queries(which, n, reps) {
    const queries = JSON.parse(await text(`/data/${n}/queries.json`));
    const search = searchers[which](engine);
    const top = [];
    const errors = [];
    for (const q of queries) {
      try {
        top.push(search(q.query, 10));
      } catch (err) {
        top.push([]);
        errors.push(`${q.query}: ${err.message}`);
      }
    }
    const samples = queries.map(() => []);
    for (let r = 0; r < reps; r++) {
      queries.forEach((q, i) => {
        const t0 = performance.now();
        try {
          search(q.query, 10);
        } catch {
          // Recorded in the warm-up pass.
        }
        samples[i].push(performance.now() - t0);
      });
    }
    const medians = samples.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)]);
    return { medians, top, errors };
  },

  /** The loaded index serialized again, so run.mjs can check the round trip byte for byte. */
  async reserialize(which, n) {
    // Only ours: the check is that the module loads exactly what it serialized.
    if (which !== 'ours') return { same: null };
    const original = await bytes(`/store/${which}-${n}`);
    const again = engine.serialize();
    const same = again.length === original.length && again.every((b, i) => b === original[i]);
    return { same };
  },

  /** The messages the module throws on bad input, for run.mjs to check. */
  async errorMessages() {
    await wasmReady;
    const message = (fn) => {
      try {
        fn();
        return null;
      } catch (err) {
        return `${err instanceof Error ? 'Error' : typeof err}: ${err.message}`;
      }
    };
    const good = Engine.build('[{"id": "a", "names": ["A-1"]}]');
    const bytes = good.serialize();
    good.free();
    bytes[4] ^= 0xff; // the format version, right after the 4-byte magic
    return {
      badJson: message(() => Engine.build('[{"id": "a", "names": [1]}]')),
      notAnArray: message(() => Engine.build('{"id": "a"}')),
      badMagic: message(() => Engine.load(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))),
      badVersion: message(() => Engine.load(bytes)),
    };
  },

  /** Drop the loaded index (and its wasm allocation). */
  release() {
    if (engine && engine.free) engine.free();
    engine = null;
  },
};
