// The atlas itself at scale, in headless Chromium: a built dist/ of a synthetic corpus served
// from 127.0.0.1 (strict CSP, no compression, like the e2e server), measured as a person uses
// it. Prints one JSON object; `cargo xtask bench --app` runs it per size and writes the table.
//
//   node bench/app.mjs --dist DIR --queries DIR/queries.json [--keystrokes N] [--assets N]
//
// What is measured (every figure is reported; nothing is asserted):
// - start: navigation start → the search box is in the DOM and the app has mounted (the box
//   is only rendered once the start bundle and its index are loaded), over cold loads;
// - transfer before the first search: every response up to that point, raw and gzip -9;
// - keystroke → results in the DOM: from the `input` event (a capture listener on the
//   document, which runs before the app's own) to the last DOM change it caused (a
//   MutationObserver notes the time of every change). A MessageChannel message posted in
//   the listener ends the measurement in the next task, when every microtask (Leptos'
//   effects) is done; the result summary is read then, so a keystroke that had not updated
//   the list shows as stale (counted). The time to that next task is reported too: it
//   includes any rendering update the browser fits in between;
// - whole query → DOM, the way a person's page sees a paste or an autocompleted word: clear
//   the box, wait 50 ms, set the whole query in one `input` event, and time to the last DOM
//   change (children, text or attributes) within 400 ms of it. A debounce, rows that fill in
//   later, or attributes still changing after the results all count against it;
// - asset page: from setting the hash to the asset's name in the DOM, shard fetch included;
// - memory: the JS heap (DevTools protocol, after a garbage collection) plus the wasm
//   memory (its buffer's size; wasm memory only grows, so this is the peak so far).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve } from '../e2e/lib/server.js';
import { launch } from '../e2e/lib/browser.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dist = opt('dist');
const queriesFile = opt('queries');
const nKeystrokeQueries = Number(opt('keystrokes', '120'));
const nAssets = Number(opt('assets', '25'));
const nLoads = Number(opt('loads', '5'));
if (!dist || !queriesFile) {
  console.error('usage: node bench/app.mjs --dist DIR --queries FILE [--keystrokes N] [--assets N] [--loads N]');
  process.exit(2);
}

const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x) => (x == null ? null : Math.round(x * 100) / 100);
const gzipLen = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

// Installed before any page script: timestamps for the first search box and every keystroke.
const INIT = () => {
  window.__atlasBench = { ready: null, keys: [], memory: null };
  // Keep the wasm instance's memory, to read its size (the app does not expose it).
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      const instance = result.instance ?? result;
      if (instance?.exports?.memory) window.__atlasBench.memory = instance.exports.memory;
      return result;
    };
  }
  new MutationObserver((_, obs) => {
    if (document.querySelector('input[type="search"]')) {
      window.__atlasBench.ready = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  // The last DOM change: a MutationObserver's callback runs as a microtask right after the
  // changes it reports, so its time is when the DOM was last updated.
  let lastMutation = null;
  new MutationObserver(() => { lastMutation = performance.now(); })
    .observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  document.addEventListener('input', () => {
    const t0 = performance.now();
    lastMutation = null;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const now = performance.now();
      const summary = document.querySelector('[data-testid="results-summary"]')?.textContent ?? '';
      window.__atlasBench.keys.push({
        ms: (lastMutation ?? now) - t0,
        task_ms: now - t0,
        summary,
        value: document.activeElement?.value ?? '',
      });
    };
    channel.port2.postMessage(null);
  }, true);
};

async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  const wasm = await page.evaluate(() => window.__atlasBench.memory?.buffer.byteLength ?? null);
  return {
    js_heap_mb: round(usage.usedSize / 1e6),
    wasm_mb: wasm == null ? null : round(wasm / 1e6),
  };
}

const browser = await launch();
const server = await serve(dist);
const out = { dist, loads: [], transfer: null };
try {
  // Cold loads: a fresh context each, so nothing is cached.
  for (let i = 0; i < nLoads; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(INIT);
    const responses = [];
    page.on('response', (r) => responses.push(r.url()));
    await page.goto(server.url + '#/');
    await page.getByRole('searchbox', { name: 'Search assets' }).waitFor();
    await page.getByTestId('results-summary').waitFor();
    const ready = await page.evaluate(() => window.__atlasBench.ready);
    out.loads.push(ready);
    if (i === 0) {
      let raw = 0;
      let gz = 0;
      const files = [];
      for (const url of responses) {
        let rel = decodeURIComponent(new URL(url).pathname).replace(/^\//, '');
        if (rel === '') rel = 'index.html';
        const file = path.join(dist, rel);
        if (!fs.existsSync(file)) continue;
        const size = fs.statSync(file).size;
        raw += size;
        gz += gzipLen(file);
        files.push(rel);
      }
      out.transfer = { files: files.length, raw_bytes: raw, gzip_bytes: gz };
      out.memory_at_start = await memory(page);
    }
    await context.close();
  }

  // Keystrokes, on one page: each query typed a character at a time into an empty box.
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(INIT);
  await page.goto(server.url + '#/');
  const box = page.getByRole('searchbox', { name: 'Search assets' });
  await box.waitFor();
  const typed = queries.slice(0, nKeystrokeQueries);
  for (const q of typed) {
    await box.fill('');
    await box.pressSequentially(q.query, { delay: 25 });
    await page.waitForTimeout(30);
  }
  const keys = await page.evaluate(() => window.__atlasBench.keys);

  // Whole queries, each in one `input` event after a cleared box and 50 ms of quiet.
  const whole = [];
  for (const q of typed) {
    await box.fill('');
    await page.waitForTimeout(50);
    whole.push(await page.evaluate(async (text) => {
      const input = document.querySelector('input[type="search"]');
      let last = null;
      const observer = new MutationObserver(() => { last = performance.now(); });
      observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
      const t0 = performance.now();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 400));
      observer.disconnect();
      const summary = document.querySelector('[data-testid="results-summary"]')?.textContent ?? '';
      return { ms: last == null ? null : last - t0, stale: !summary.includes(text.trim()) };
    }, q.query));
  }
  const wholeMs = whole.map((w) => w.ms ?? 400);
  out.whole_query = {
    n: whole.length,
    p50_ms: round(pct(wholeMs, 50)),
    p99_ms: round(pct(wholeMs, 99)),
    max_ms: round(Math.max(...wholeMs)),
    unchanged: whole.filter((w) => w.ms == null).length,
    stale: whole.filter((w) => w.stale).length,
  };
  const ms = keys.map((k) => k.ms);
  const taskMs = keys.map((k) => k.task_ms);
  // A keystroke whose summary does not name the box's text was measured before its results.
  const stale = keys.filter((k) => k.value && !k.summary.includes(k.value.trim()) && !/^\d+ assets in this atlas/.test(k.summary)).length;
  out.keystrokes = { n: ms.length, p50_ms: round(pct(ms, 50)), p95_ms: round(pct(ms, 95)), p99_ms: round(pct(ms, 99)), max_ms: round(Math.max(...ms)), stale };
  // Until the next task instead: this includes a rendering update when the browser fits one
  // in between (style, layout and paint of the new list), so it is closer to "painted".
  out.keystrokes_to_next_task = { p50_ms: round(pct(taskMs, 50)), p95_ms: round(pct(taskMs, 95)), p99_ms: round(pct(taskMs, 99)), max_ms: round(Math.max(...taskMs)) };
  out.rows_shown_max = await page.locator('[data-testid="result"]').count();
  out.memory_after_search = await memory(page);

  // Asset pages, each from the home page: hash change → the asset's name is shown.
  const ids = [...new Set(queries.filter((q) => q.kind === 'exact').flatMap((q) => q.expect))].slice(0, nAssets);
  const assetMs = [];
  for (const id of ids) {
    await page.evaluate(() => { location.hash = '#/'; });
    await page.getByTestId('results-summary').waitFor();
    const t = await page.evaluate((assetId) => new Promise((resolve) => {
      const t0 = performance.now();
      const done = () => {
        const name = document.querySelector('[data-testid="asset-name"]');
        const failed = document.querySelector('[data-testid="shard-error"], [data-testid="not-found"]');
        if (name || failed) {
          resolve({ ms: performance.now() - t0, ok: !!name });
          return true;
        }
        return false;
      };
      const obs = new MutationObserver(() => { if (done()) obs.disconnect(); });
      obs.observe(document.body, { childList: true, subtree: true });
      location.hash = `#/asset/${assetId}`;
    }), id);
    assetMs.push(t);
  }
  const okMs = assetMs.filter((a) => a.ok).map((a) => a.ms);
  out.asset_pages = { n: assetMs.length, found: okMs.length, p50_ms: round(pct(okMs, 50)), p95_ms: round(pct(okMs, 95)), max_ms: round(Math.max(...okMs)) };
  out.memory_after_assets = await memory(page);
  await context.close();
  out.start_ms = { p50: round(pct(out.loads, 50)), max: round(Math.max(...out.loads)) };
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(out, null, 2));
