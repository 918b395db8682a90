// Curation in the browser (issue 13): add a document on #/curate, review its facts, keep
// everything across reloads, export, import with `cargo xtask import`, rebuild, and find the
// same atlas. Also the first-load and curation-module file lists `cargo xtask test` budgets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { serve, serveMounts, builtCsp } from '../lib/server.js';
import { launch, openPage, screenshot, assertAccessible } from '../lib/browser.js';
import { Atlas } from '../lib/atlas.js';
import { CuratePage } from '../lib/curate.js';

const DIST = process.env.ATLAS_DIST;
const XTASK = process.env.ATLAS_XTASK;
const CORPUS = process.env.ATLAS_CORPUS;
const RECORD = process.env.ATLAS_LOAD_RECORD;
const CLI_DIR = process.env.ATLAS_CLI_JSON;

// A document written for this test: a drug no seed document names, a designation, a trial
// result, and numbers no rule uses (the 3 sites, the 40 patients).
const DOC = `Zephyr Vale Therapeutics announced that the FDA granted Fast Track Designation to ZV-417, a bispecific antibody targeting PD-1 and VEGF.

In the Phase 2 study at 3 sites, the ORR was 45.0% (n=40) and the disease control rate was 80% in 40 patients.
`;
// The curation module: the worker's loader, its glue and wasm, and curate-ui.js.
const WORKER_FILES = /curate-(worker|ui)/;

let browser;
let server;

before(async () => {
  assert.ok(DIST, 'ATLAS_DIST must point at the built dist/');
  browser = await launch();
  server = await serve(DIST);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh browser context (its own IndexedDB) on the served atlas. */
async function open(opts = {}) {
  const session = await openPage(browser, { allowedOrigins: [server.origin], ...opts });
  const requested = [];
  session.page.on('request', (r) => requested.push(new URL(r.url()).pathname.replace(/^\//, '')));
  return { ...session, requested, atlas: new Atlas(session.page, server.url), curate: new CuratePage(session.page) };
}

/** Screenshots of the page at 1280 and 390 px, light and dark; the page is left at 1280 light. */
async function shots(page, name) {
  for (const [w, h] of [[1280, 900], [390, 844]]) {
    for (const scheme of ['light', 'dark']) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `${name}-${w}-${scheme}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

function record(key, files) {
  if (!RECORD) return;
  const all = fs.existsSync(RECORD) ? JSON.parse(fs.readFileSync(RECORD, 'utf8')) : {};
  all[key] = [...new Set(files.map((f) => f || 'index.html'))].sort();
  fs.writeFileSync(RECORD, JSON.stringify(all, null, 2));
}

test('the first load fetches no curation code; #/curate has its form', async () => {
  const { page, atlas, curate, requested, assertClean, context } = await open();
  await atlas.goto('#/');
  await atlas.results().first().waitFor();
  const firstLoad = [...requested];
  record('first_load', firstLoad);
  assert.ok(!firstLoad.some((f) => WORKER_FILES.test(f)), `first load: ${firstLoad}`);
  // A source page shows its review controls without loading them: only acting does.
  await atlas.goto('#/doc/000_6a42269eaeea9a88');
  await page.getByTestId('doc-facts').waitFor();
  assert.ok((await page.getByRole('button', { name: 'Accept', exact: true }).count()) > 0);
  assert.ok(!requested.some((f) => WORKER_FILES.test(f)), `source page: ${requested}`);

  await page.getByRole('link', { name: 'Add documents' }).click();
  await page.getByTestId('curate-page').waitFor();
  assert.equal(await page.locator('textarea').count(), 1);
  await curate.paste().waitFor();
  await curate.title().waitFor();
  await curate.extractButton().waitFor();
  assert.equal(await curate.files().getAttribute('type'), 'file');
  assert.equal(await curate.files().getAttribute('multiple'), '');
  // No other control's accessible name mentions a title.
  const names = await page.locator('input, textarea, select, button').evaluateAll((els) =>
    els.map((e) => (e.labels?.[0]?.innerText ?? e.getAttribute('aria-label') ?? e.innerText ?? '').trim()));
  assert.deepEqual(names.filter((n) => /title/i.test(n)), ['Title']);
  assert.equal(await page.getByRole('button', { name: 'Export changes' }).count(), 1);
  await assertAccessible(page, '#/curate');
  await shots(page, 'curate');
  assertClean();
  await context.close();
});

test('a pasted document is extracted in a worker, merged, reviewed and kept across reloads', async () => {
  const { page, atlas, curate, requested, assertClean, context } = await open();
  await atlas.goto('#/curate');
  const before = requested.length;
  await curate.extract(DOC, 'Zephyr Vale update');
  // The curation module: what Extract fetched of the curation files (not the favicon a
  // navigation may fetch again).
  record('curation', requested.slice(before).filter((f) => WORKER_FILES.test(f)));
  assert.ok(requested.slice(before).some((f) => WORKER_FILES.test(f)), 'the worker was loaded');
  // The new document's source page: facts highlighted, the unused number marked.
  await page.getByTestId('doc-page').waitFor();
  assert.equal(await page.locator('h1').innerText(), 'Zephyr Vale update');
  assert.ok((await page.locator('.seg-fact').count()) > 0, 'facts highlighted');
  assert.ok((await page.locator('.seg-missed').count()) > 0, 'an unused number marked');
  const selectors = await curate.factSelectors();
  assert.ok(selectors.includes('asset:zv-417'), selectors.join('\n'));
  assert.equal(await curate.localChanges(), '1 local change');

  // Its asset is searchable, marked local.
  await atlas.type('ZV-417');
  await atlas.results().first().waitFor();
  assert.equal((await atlas.resultNames())[0], 'ZV-417');
  await atlas.goto('#/asset/zv-417');
  await page.getByTestId('local-badge').waitFor();

  // Review on the source page: accept the asset, reject the ORR, add the enrolment.
  await atlas.goto('#/doc/local-zephyr-vale-update');
  const orr = selectors.find((s) => s.startsWith('result:') && s.endsWith(':ORR'));
  assert.ok(orr, selectors.join('\n'));
  await curate.review('asset:zv-417', 'Accept');
  await curate.review(orr, 'Reject');
  assert.ok(!(await curate.factSelectors()).includes(orr), 'rejected fact gone');
  await curate.selectAndAdd('in 40 patients');
  assert.equal(await page.locator('#fact-value').inputValue(), '40');
  await page.locator('#fact-arm').fill('All patients');
  await page.locator('#fact-endpoint').fill('ENROLLED');
  await page.locator('#fact-value').fill('41');
  await page.getByRole('button', { name: 'Save fact' }).click();
  await curate.idle();
  await page.getByTestId('add-fact-error').waitFor();
  assert.match(await page.getByTestId('add-fact-error').innerText(), /does not occur in its quote/);
  await shots(page, 'curate-edit-form');
  await page.locator('#fact-value').fill('40');
  await page.getByRole('button', { name: 'Save fact' }).click();
  await curate.idle();
  await page.getByTestId('fact-form').waitFor({ state: 'detached' });
  const reviewed = await curate.factSelectors();
  assert.ok(reviewed.some((s) => s.endsWith(':ENROLLED')), reviewed.join('\n'));
  assert.equal(await curate.localChanges(), '4 local changes');
  await assertAccessible(page, 'source page in review');
  await shots(page, 'curate-review');

  // After a reload: still there, searchable, without loading the worker.
  const n = requested.length;
  await page.goto(server.url + '#/?q=ZV-417');
  const t0 = Date.now();
  await page.reload();
  await atlas.ready();
  await atlas.results().first().waitFor();
  const reloadMs = Date.now() - t0;
  console.log(`# reload → search result for a local asset: ${reloadMs} ms`);
  assert.ok(reloadMs < 2000, `reload to search result took ${reloadMs} ms`);
  assert.equal((await atlas.resultNames())[0], 'ZV-417');
  assert.ok(!requested.slice(n).some((f) => WORKER_FILES.test(f)), 'no worker after reload');
  assert.equal(await curate.localChanges(), '4 local changes');

  // The changes list, with undo.
  await page.getByTestId('local-changes').click();
  await page.getByTestId('curate-changes-page').waitFor();
  assert.equal(await page.getByTestId('local-change').count(), 4);
  await shots(page, 'curate-changes');
  await page.getByTestId('local-change').nth(3).getByRole('button', { name: 'Undo' }).click();
  await curate.idle();
  assert.equal(await page.getByTestId('local-change').count(), 3);
  assertClean();
  await context.close();
});

test("a local document's new company and its target list its asset on their pages, marked local", async () => {
  // Issue 13: the entity pages built their index once, from the first data they saw, so an
  // asset a curator added never reached a company or target page opened before the merge.
  const { page, atlas, curate, assertClean, context } = await open();
  await atlas.goto('#/target/pd-1');
  await page.getByTestId('entity-asset').first().waitFor();
  assert.ok(!(await page.getByTestId('entity-assets').innerText()).includes('ZV-417'));
  await atlas.goto('#/curate');
  await curate.extract(DOC, 'Zephyr Vale entities');
  await page.getByTestId('doc-page').waitFor();

  await atlas.goto('#/asset/zv-417');
  await page.getByTestId('company-link').filter({ hasText: 'Zephyr Vale Therapeutics' }).click();
  await page.locator('[data-testid="entity-page"], [data-testid="not-found"]').first().waitFor();
  assert.equal(await page.getByTestId('not-found').count(), 0, 'the company has a page');
  assert.equal(atlas.hash(), '#/company/zephyr-vale-therapeutics');
  assert.equal(await page.getByTestId('entity-name').innerText(), 'Zephyr Vale Therapeutics');
  const row = page.getByTestId('entity-asset').filter({ hasText: 'ZV-417' });
  assert.equal(await row.count(), 1, await page.getByTestId('entity-assets').innerText());
  assert.equal(await row.getByTestId('local-badge').count(), 1, 'marked local');
  // Its events are the merged dataset's: the designation the document states.
  assert.match(await page.getByTestId('entity-events').innerText(), /Fast Track/);
  await shots(page, 'curate-company');
  await assertAccessible(page, 'company page of a local asset');

  await atlas.goto('#/asset/zv-417');
  await page.getByTestId('target-link').filter({ hasText: /^PD-1$/ }).click();
  await page.getByTestId('entity-page').waitFor();
  assert.equal(atlas.hash(), '#/target/pd-1');
  const target = page.getByTestId('entity-asset').filter({ hasText: 'ZV-417' });
  assert.equal(await target.count(), 1, await page.getByTestId('entity-assets').innerText());
  assert.equal(await target.getByTestId('local-badge').count(), 1, 'marked local');
  // The published assets stay listed, not marked.
  assert.ok((await page.getByTestId('entity-asset').filter({ hasText: 'IBI363' }).count()) === 1);
  assert.equal(await page.getByTestId('local-badge').count(), 1);
  await screenshot(page, 'curate-target-1280-light');
  assertClean();
  await context.close();
});

test('Edit: every fact has the control; a correction the build refuses says why, a valid one is saved', async () => {
  const { page, atlas, curate, assertClean, context } = await open();
  // A published source page: Accept, Reject and Edit on every fact.
  await atlas.goto('#/doc/000_6a42269eaeea9a88');
  const facts = await curate.factSelectors();
  assert.ok(facts.length > 5);
  assert.equal(await page.locator('[data-testid="fact"]').getByRole('button', { name: 'Edit', exact: true }).count(), facts.length);
  // A new document's result: the form holds endpoint (vocabulary), value, arm, subgroup, n, CI.
  await atlas.goto('#/curate');
  await curate.extract(DOC, 'Zephyr Vale edit');
  await page.getByTestId('doc-page').waitFor();
  const selectors = await curate.factSelectors();
  const orr = selectors.find((s) => s.startsWith('result:') && s.endsWith(':ORR'));
  assert.ok(orr, selectors.join('\n'));
  await curate.fact(orr).getByRole('button', { name: 'Edit', exact: true }).click();
  const form = page.getByRole('form', { name: 'Edit fact' });
  await form.getByLabel('Value', { exact: true }).waitFor();
  for (const label of ['Value', 'Arm', 'Patients (n)', 'CI, low', 'CI, high', 'Subgroup', 'Endpoint']) {
    assert.equal(await form.getByLabel(label, { exact: true }).count(), 1, label);
  }
  assert.equal(await form.getByLabel('Value', { exact: true }).inputValue(), '45');
  assert.ok((await form.getByLabel('Endpoint', { exact: true }).locator('option').count()) > 10, 'endpoints from the vocabulary');
  // Not in its quote: refused with the build's reason, nothing saved.
  await form.getByLabel('Value', { exact: true }).fill('47');
  await form.getByRole('button', { name: 'Save' }).click();
  await curate.idle();
  await page.getByTestId('edit-error').waitFor();
  assert.match(await page.getByTestId('edit-error').innerText(), /does not occur in its quote/);
  await form.getByLabel('Value', { exact: true }).fill('forty');
  await form.getByRole('button', { name: 'Save' }).click();
  await curate.idle();
  assert.match(await page.getByTestId('edit-error').innerText(), /not a number/);
  assert.equal(await curate.localChanges(), '1 local change');
  await shots(page, 'curate-fact-edit');
  // A valid correction: the endpoint from the vocabulary and the subgroup.
  await form.getByLabel('Value', { exact: true }).fill('45');
  await form.getByLabel('Endpoint', { exact: true }).selectOption('cORR');
  await form.getByLabel('Subgroup', { exact: true }).fill('all patients');
  await form.getByRole('button', { name: 'Save' }).click();
  await curate.idle();
  await form.waitFor({ state: 'detached' });
  const after = await curate.factSelectors();
  assert.ok(after.some((s) => s.endsWith(':cORR | all patients')), after.join('\n'));
  assert.equal(await curate.localChanges(), '3 local changes');
  // An event: agency, designation, date.
  const event = after.find((s) => s.startsWith('event:'));
  assert.ok(event, after.join('\n'));
  await curate.fact(event).getByRole('button', { name: 'Edit', exact: true }).click();
  // The form's fields come from the worker.
  await form.getByLabel('Agency', { exact: true }).waitFor();
  for (const label of ['Agency', 'Designation', 'Date (YYYY-MM-DD)']) {
    assert.equal(await form.getByLabel(label, { exact: true }).count(), 1, label);
  }
  await form.getByLabel('Date (YYYY-MM-DD)', { exact: true }).fill('2026-01-15');
  await form.getByRole('button', { name: 'Save' }).click();
  await curate.idle();
  await form.waitFor({ state: 'detached' });
  assert.equal(await curate.localChanges(), '4 local changes');
  // An asset: names, companies, targets, modality.
  await curate.fact('asset:zv-417').getByRole('button', { name: 'Edit', exact: true }).click();
  await form.getByLabel('Name', { exact: true }).waitFor();
  for (const label of ['Name', 'Other names (comma-separated)', 'Companies (comma-separated)', 'Targets (comma-separated)', 'Modality']) {
    assert.equal(await form.getByLabel(label, { exact: true }).count(), 1, label);
  }
  await assertAccessible(page, 'source page with the edit form');
  await form.getByRole('button', { name: 'Cancel' }).click();
  assertClean();
  await context.close();
});

test('bad input gets a clear message and loses nothing', async () => {
  const { page, atlas, curate, assertClean, context } = await open();
  await atlas.goto('#/curate');
  await curate.extract('');
  assert.match(await curate.error().innerText(), /Nothing to extract/);
  await curate.extract('   \n  ');
  assert.match(await curate.error().innerText(), /empty/);
  await curate.extract('Компания объявила, что регулятор одобрил препарат для лечения рака лёгкого.');
  assert.match(await curate.error().innerText(), /another script/);
  await curate.paste().fill('');
  await curate.files().setInputFiles({ name: 'scan.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]) });
  await curate.extractButton().click();
  await curate.idle();
  assert.match(await curate.error().innerText(), /scan\.txt: not a text document/);
  await curate.files().setInputFiles({ name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(20 * 1024 * 1024 + 1, 0x61) });
  await curate.extractButton().click();
  await curate.idle();
  assert.match(await curate.error().innerText(), /huge\.txt: .* over the 20 MB document limit/);
  await curate.files().setInputFiles([]);
  assert.equal(await curate.localChanges(), null, 'nothing was added');
  await curate.extract(DOC, 'Kept');
  await page.getByTestId('doc-page').waitFor();
  await atlas.goto('#/curate');
  await curate.extract('The company held its annual meeting of shareholders in June.', 'Meeting');
  await page.getByTestId('doc-page').waitFor();
  assert.match(await curate.notes().first().innerText(), /names no drug/);
  assert.equal(await curate.localChanges(), '2 local changes', 'the first document is kept');
  assertClean();
  await context.close();
});

test('a full storage quota is shown, and what was already kept stays', async () => {
  const { page, atlas, curate, assertClean, context } = await open();
  // IndexedDB refuses every write with QuotaExceededError once the page sets `__storageFull`
  // (as a full disk or an exhausted site quota does); a reload clears it.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (window.__storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await atlas.goto('#/curate');
  await curate.extract(DOC, 'Kept before the quota');
  await page.getByTestId('doc-page').waitFor();
  assert.equal(await curate.error().count(), 0);
  assert.equal(await curate.localChanges(), '1 local change');

  await page.evaluate(() => { window.__storageFull = true; });
  await curate.review('asset:zv-417', 'Accept');
  await curate.error().waitFor();
  assert.ok(await curate.error().isVisible(), 'the refusal is on the page');
  assert.match(await curate.error().innerText(), /Not saved in this browser: its storage for this site is full.*export them to keep them/);
  // The change stays applied in this session (it can still be exported).
  assert.equal(await curate.localChanges(), '2 local changes');
  await screenshot(page, 'curate-quota-1280-light');

  // After a reload: the document stored before the quota ran out is still there.
  await page.reload();
  await atlas.ready();
  assert.equal(await curate.localChanges(), '1 local change');
  await atlas.goto('#/?q=ZV-417');
  await atlas.results().first().waitFor();
  assert.equal((await atlas.resultNames())[0], 'ZV-417');
  assertClean();
  await context.close();
});

test('export, import, rebuild: the rebuilt atlas is what the browser showed', async () => {
  assert.ok(XTASK && CORPUS, 'ATLAS_XTASK and ATLAS_CORPUS come from cargo xtask test');
  // The old and the new build on one origin (one IndexedDB), as a site updated in place.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-import-'));
  const out = path.join(tmp, 'dist');
  const both = await serveMounts({ '/a/': DIST, '/b/': out }, { csp: builtCsp(DIST) });
  const { page, assertClean, context } = await openPage(browser, { allowedOrigins: [both.origin] });
  const atlas = new Atlas(page, both.origin + '/a/');
  const curate = new CuratePage(page);
  await atlas.goto('#/curate');
  await curate.extract(DOC, 'Zephyr Vale update');
  const doc = '#/doc/local-zephyr-vale-update';
  const selectors = await curate.factSelectors();
  const orr = selectors.find((s) => s.startsWith('result:') && s.endsWith(':ORR'));
  await curate.review('asset:zv-417', 'Accept');
  await curate.review(orr, 'Reject');
  await curate.selectAndAdd('in 40 patients');
  await page.locator('#fact-arm').fill('All patients');
  await page.locator('#fact-endpoint').fill('ENROLLED');
  await page.getByRole('button', { name: 'Save fact' }).click();
  await curate.idle();
  await page.getByTestId('fact-form').waitFor({ state: 'detached' });
  // A published document is reviewed too.
  await atlas.goto('#/doc/000_6a42269eaeea9a88');
  const published = await curate.factSelectors();
  const rejectPublished = published.find((s) => s.startsWith('result:'));
  await curate.review(rejectPublished, 'Reject');
  const browserDoc = (await curate.factSelectors()).sort();
  await atlas.goto(doc);
  const browserLocal = (await curate.factSelectors()).sort();
  await atlas.goto('#/');
  const browserAssets = await page.locator('[data-testid="result"] a[href^="#/asset/"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('href')))].sort());

  await atlas.goto('#/curate');
  const download = await atlas.downloadText('export-changes');
  assert.equal(download.name, 'pipeline-atlas-changes.json');
  const exported = JSON.parse(download.text);
  assert.equal(exported.curation.documents[0].text, DOC, 'the document verbatim');

  const corpus = path.join(tmp, 'corpus');
  fs.cpSync(CORPUS, corpus, { recursive: true });
  const file = path.join(tmp, 'changes.json');
  fs.writeFileSync(file, download.text);
  execFileSync(XTASK, ['import', file, '--corpus', corpus], { stdio: 'inherit' });
  assert.ok(fs.existsSync(path.join(corpus, 'local-zephyr-vale-update.txt')));
  // Importing again changes nothing; a different file of the same name is refused.
  const overlay = fs.readFileSync(path.join(corpus, 'overlay.toml'), 'utf8');
  execFileSync(XTASK, ['import', file, '--corpus', corpus], { stdio: 'inherit' });
  assert.equal(fs.readFileSync(path.join(corpus, 'overlay.toml'), 'utf8'), overlay);
  execFileSync(XTASK, ['dist', '--corpus', corpus, '--out', out], { stdio: 'inherit' });

  const rebuilt = await serve(out);
  const second = await openPage(browser, { allowedOrigins: [rebuilt.origin] });
  const r = { atlas: new Atlas(second.page, rebuilt.url), curate: new CuratePage(second.page) };
  await r.atlas.goto('#/doc/000_6a42269eaeea9a88');
  assert.deepEqual((await r.curate.factSelectors()).sort(), browserDoc);
  await r.atlas.goto(doc);
  assert.deepEqual((await r.curate.factSelectors()).sort(), browserLocal);
  await r.atlas.goto('#/');
  const rebuiltAssets = await second.page.locator('[data-testid="result"] a[href^="#/asset/"]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('href')))].sort());
  assert.deepEqual(rebuiltAssets, browserAssets);
  second.assertClean();
  await second.context.close();
  await rebuilt.close();
  fs.writeFileSync(path.join(corpus, 'local-zephyr-vale-update.txt'), 'another text');
  assert.throws(() => execFileSync(XTASK, ['import', file, '--corpus', corpus], { stdio: 'pipe' }), /different file of that name/);

  // The same browser opens the new build: every change it holds is listed once, as merged,
  // and nothing is applied twice (the local asset is one search result, not two).
  const updated = new Atlas(page, both.origin + '/b/');
  await updated.goto('#/curate/changes');
  await page.getByTestId('merged-change').first().waitFor();
  await curate.idle();
  await page.getByTestId('merged-change').nth(4).waitFor();
  assert.equal(await page.getByTestId('merged-change').count(), 5);
  assert.equal(await page.getByTestId('local-change').count(), 0);
  assert.equal(await curate.localChanges(), null);
  await shots(page, 'curate-merged');
  await updated.goto('#/?q=ZV-417');
  await updated.results().first().waitFor();
  assert.equal((await updated.resultNames()).filter((n) => n === 'ZV-417').length, 1);
  fs.rmSync(tmp, { recursive: true, force: true });
  assertClean();
  await context.close();
  await both.close();
});

test("the page's worker extracts each seed document byte for byte as the CLI does", async () => {
  assert.ok(CLI_DIR && CORPUS, 'ATLAS_CLI_JSON and ATLAS_CORPUS come from cargo xtask test');
  const { page, atlas, assertClean, context } = await open();
  await atlas.goto('#/curate');
  const seeds = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();
  assert.ok(seeds.length >= 5);
  for (const seed of seeds) {
    const id = seed.replace(/\.txt$/, '');
    const text = fs.readFileSync(path.join(CORPUS, seed), 'utf8');
    const fromWorker = await page.evaluate(([docId, docText]) => new Promise((resolve, reject) => {
      const w = new Worker('./curate-worker.js');
      w.onmessage = (e) => { w.terminate(); e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.text); };
      w.postMessage({ init: { glue: './atlas-curate-worker.js', wasm: './atlas-curate-worker_bg.wasm' } });
      w.postMessage({ op: 'extract_json', doc: docId, text: docText });
    }), [id, text]);
    const fromCli = fs.readFileSync(path.join(CLI_DIR, `${id}.json`), 'utf8');
    assert.equal(fromWorker.trimEnd(), fromCli.trimEnd(), seed);
  }
  assertClean();
  await context.close();
});

test('the single file curates from file:// with a blob: worker and no CSP violation', async () => {
  const SINGLE = process.env.ATLAS_SINGLE_FILE;
  assert.ok(SINGLE, 'ATLAS_SINGLE_FILE must point at the single file');
  const session = await openPage(browser, { allowedOrigins: ['file://'] });
  const atlas = new Atlas(session.page, pathToFileURL(SINGLE).href);
  const curate = new CuratePage(session.page);
  const html = fs.readFileSync(SINGLE, 'utf8');
  assert.match(html, /form-action 'none'; worker-src blob:">/);
  await atlas.goto('#/curate');
  await curate.extract(DOC, 'Zephyr Vale update');
  await session.page.getByTestId('doc-page').waitFor();
  assert.ok((await curate.factSelectors()).includes('asset:zv-417'));
  session.assertClean();
  await session.context.close();
});
