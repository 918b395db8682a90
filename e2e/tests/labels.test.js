// Endpoints as words (issue 13): every page that shows an endpoint shows its label, with the
// code in the tooltip; the trial card shows a registry record's outcome measures and the
// stated starting dose. Expected values come from the build's own dataset download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { screenshot, assertAccessible } from '../lib/browser.js';
import { endpoints, labelOf, TrialCard } from '../lib/labels.js';
import { atlasSuite } from '../lib/suite.js';

const suite = atlasSuite();
const atlasAt = (server, opts) => suite.atlasAt(server, opts);

/** The dataset the build ships as its JSON download. */
function dataset() {
  const dir = process.env.ATLAS_DIST;
  const name = fs.readdirSync(dir).find((f) => /^pipeline-atlas-dataset-.*\.json$/.test(f));
  assert.ok(name, `no dataset download in ${dir}`);
  return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
}

/** A code is shown bare when it has the shapes of composed codes: `TRAE_G3`, `AE:…`. */
const looksLikeCode = (text) => /\b[A-Z]+_[A-Z0-9_]+\b|\bAE:/.test(text);

function assertLabelled(shown, where) {
  assert.ok(shown.length > 0, `${where}: endpoints are shown`);
  for (const e of shown) {
    assert.equal(e.title, e.code, `${where}: the tooltip of "${e.label}" is its code`);
    assert.ok(e.label.length > 0, `${where}: ${e.code} has a label`);
    assert.ok(!looksLikeCode(e.label), `${where}: ${e.code} is shown as a code: "${e.label}"`);
  }
}

test('the asset page names endpoints in words, with the code in the tooltip', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/asset/ibi363');
  const trials = page.getByTestId('trial');
  assert.deepEqual(await labelOf(trials, 'cORR'), { label: 'Confirmed ORR', title: 'cORR' });
  assert.deepEqual(await labelOf(trials, 'TRAE_G3'), { label: 'Grade ≥ 3 TRAE', title: 'TRAE_G3' });
  assert.deepEqual(await labelOf(trials, 'AE:anemia:G3'), { label: 'Anaemia, grade ≥ 3', title: 'AE:anemia:G3' });
  const shown = await endpoints(trials);
  assertLabelled(shown, 'asset page');
  // Every result row has its endpoint label, and no row header shows a composed code.
  assert.equal(shown.length, await page.getByTestId('result-row').count());
  const headers = await page.locator('[data-testid="result-row"] th').allInnerTexts();
  assert.deepEqual(headers.filter(looksLikeCode), [], 'no bare codes in the result rows');
  assertClean();
  await context.close();
});

test('the comparison table and its forest plots name endpoints in words', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/asset/ibi363');
  await page.getByTestId('compare-trial').first().click();
  await atlas.compareArmIds();
  const table = page.getByTestId('compare-table');
  assert.deepEqual(await labelOf(table, 'cORR'), { label: 'Confirmed ORR', title: 'cORR' });
  assertLabelled(await endpoints(table), 'comparison');
  const captions = await page.locator('[data-testid="forest-plot"] figcaption').evaluateAll((els) =>
    els.map((e) => ({ text: e.innerText.trim(), title: e.getAttribute('title') })),
  );
  const corr = captions.find((c) => c.title === 'cORR');
  assert.ok(corr, `a forest plot of cORR: ${JSON.stringify(captions)}`);
  assert.match(corr.text, /^Confirmed ORR/);
  for (const c of captions) assert.ok(!looksLikeCode(c.text), `forest caption "${c.text}"`);
  // The export keeps the codes.
  const { text } = await atlas.downloadText('export-csv');
  assert.match(text, /\r?\ncORR,/);
  assert.doesNotMatch(text, /Confirmed ORR/);
  assertClean();
  await context.close();
});

test('the source page lists result facts by endpoint label', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  const doc = dataset().trials.flatMap((t) => t.arms).flatMap((a) => a.results).find((r) => r.endpoint === 'cORR').evidence[0].doc;
  await atlas.goto(`#/doc/${doc}`);
  const facts = page.getByTestId('doc-facts');
  assert.deepEqual(await labelOf(facts, 'cORR'), { label: 'Confirmed ORR', title: 'cORR' });
  assertLabelled(await endpoints(facts), 'source page');
  assertClean();
  await context.close();
});

test('the trial card shows the registry record’s outcome measures with time frames and the starting dose', async () => {
  const record = dataset().trials.find((t) => t.outcome_measures.length > 0);
  assert.ok(record, 'the seed corpus has a registry record');
  assert.equal(record.outcome_measures.length, 28, 'the seed registry record states 28 outcome measures');
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto(`#/asset/${record.assets[0]}`);
  const card = new TrialCard(page);
  await card.outcomes().waitFor();
  assert.equal(await card.outcomesOpen(), false, 'collapsed by default');
  assert.match(await card.outcomes().locator('summary').innerText(), /28|3 primary, 25 secondary/);
  await card.openOutcomes();
  const shown = await card.outcomeMeasures();
  const expected = record.outcome_measures.map((m) => ({ kind: m.kind, title: m.title, timeFrame: m.time_frame }));
  const order = (list) => [...list].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'primary' ? -1 : 1));
  assert.deepEqual(shown, order(expected), 'every measure, primary first, with its time frame');
  assert.ok(shown.every((m) => m.timeFrame.length > 0), 'each has a time frame');
  assert.equal(shown.filter((m) => m.kind === 'primary').length, 3);
  assert.equal(await card.startingDose(), record.starting_dose);
  assert.equal(record.starting_dose, '0.01 mg/kg');
  await assertAccessible(page, 'asset page with outcome measures open');
  assertClean();
  await context.close();
});

for (const [width, height] of [[1280, 900], [390, 844]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`trial card and comparison at ${width} px, ${colorScheme}`, async () => {
      const { atlas, page, assertClean, context } = await atlasAt(suite.root, { viewport: { width, height }, colorScheme });
      const record = dataset().trials.find((t) => t.outcome_measures.length > 0);
      await atlas.goto(`#/asset/${record.assets[0]}`);
      const card = new TrialCard(page);
      await card.openOutcomes();
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok((await overflow()) <= 1, `no horizontal page scroll on the trial card at ${width} px`);
      await screenshot(page, `trial-card-${width}-${colorScheme}`);
      await atlas.goto('#/asset/ibi363');
      await page.getByTestId('compare-trial').first().click();
      await atlas.compareArmIds();
      await screenshot(page, `compare-labels-${width}-${colorScheme}`);
      await assertAccessible(page, `comparison, ${width} px, ${colorScheme}`);
      assertClean();
      await context.close();
    });
  }
}
