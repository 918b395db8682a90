// In-browser curation, timed in headless Chromium against a built dist/ (strict CSP, served
// from 127.0.0.1 like the e2e server). Prints one JSON object; nothing is asserted.
//
//   node bench/curate.mjs --dist DIST --corpus corpus [--runs 5]
//
// - paste → highlighted source page: from the click on Extract to the new document's source
//   page with its first highlighted fact in the DOM (the worker cold: a fresh browser context
//   per run, so the worker's module is fetched and compiled every time), for one seed document
//   and for the seed documents concatenated (repeated) to 1 MB; median and all runs;
// - the longest Long Task on the page's main thread (PerformanceObserver 'longtask') between
//   the click and the moment the whole text is in the DOM (a long text renders in pieces).
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '../e2e/lib/server.js';
import { launch } from '../e2e/lib/browser.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dist = opt('dist', 'dist');
const corpus = opt('corpus', 'corpus');
const runs = Number(opt('runs', '5'));

const seeds = fs.readdirSync(corpus).filter((f) => f.endsWith('.txt')).sort();
const one = fs.readFileSync(path.join(corpus, '000_6a42269eaeea9a88.txt'), 'utf8');
const all = seeds.map((f) => fs.readFileSync(path.join(corpus, f), 'utf8')).join('\n\n');
let mb = '';
while (mb.length + all.length + 2 <= 1_000_000) mb += all + '\n\n';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function once(browser, server, text) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(server.url + '#/curate');
  // Set directly: typing 1 MB through fill() takes longer than the extraction.
  await page.getByRole('textbox', { name: 'Paste a document' }).evaluate((el, t) => { el.value = t; }, text);
  await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Bench document');
  // The browser lays out the pasted text in the textarea first: that is the paste, before
  // Extract, and stays out of the measurement.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(500);
  const t0 = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Extract', exact: true }).click();
  await page.locator('[data-testid="doc-page"] .seg-fact').first().waitFor({ timeout: 120_000 });
  const t1 = await page.evaluate(() => performance.now());
  // The source page renders a long text in pieces, one per task: the Long Tasks window runs
  // until the whole text is in the DOM (and 200 ms after, for anything still queued).
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="doc-text"]');
    return el && el.textContent.length >= n;
  }, text.trimEnd().length - 100, { timeout: 120_000 });
  const t2 = await page.evaluate(() => performance.now());
  await page.waitForTimeout(200);
  const longest = await page.evaluate(([a, b]) => Math.max(0, ...window.__longTasks
    .filter((t) => t.start + t.duration >= a && t.start <= b).map((t) => t.duration)), [t0, t2 + 200]);
  await context.close();
  return { ms: t1 - t0, wholeTextMs: t2 - t0, longestTaskMs: longest };
}

const browser = await launch();
const server = await serve(dist);
const out = { runs };
for (const [name, text] of [['seed_000', one], ['seeds_1mb', mb]]) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(browser, server, text));
  out[name] = {
    bytes: Buffer.byteLength(text),
    median_ms: Math.round(median(results.map((r) => r.ms))),
    runs_ms: results.map((r) => Math.round(r.ms)),
    whole_text_median_ms: Math.round(median(results.map((r) => r.wholeTextMs))),
    longest_task_ms: Math.round(Math.max(...results.map((r) => r.longestTaskMs))),
    longest_task_median_ms: Math.round(median(results.map((r) => r.longestTaskMs))),
  };
}
console.log(JSON.stringify(out, null, 2));
await server.close();
await browser.close();
