// The foundation: search, asset and source pages, deep links, sub-paths, not-found, rebuilds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '../lib/server.js';
import { screenshot, assertAccessible } from '../lib/browser.js';
import { Atlas } from '../lib/atlas.js';
import { atlasSuite } from '../lib/suite.js';

const DIST = process.env.ATLAS_DIST;
const DIST_EDITED = process.env.ATLAS_DIST_EDITED;
const suite = atlasSuite();
const atlasAt = (server, opts) => suite.atlasAt(server, opts);

test('home lists the atlas and typing filters it on every keystroke', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/');
  const all = await atlas.results().count();
  assert.ok(all >= 4, `the seed corpus has several assets, saw ${all}`);
  assert.match(await atlas.summary(), /assets in this atlas/);
  await page.getByTestId('suggestions').waitFor();
  await screenshot(page, 'home-1280');
  await assertAccessible(page, 'home');

  await atlas.type('ibi3');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="result"]').length < 4);
  const names = await atlas.resultNames();
  assert.equal(names[0], 'IBI363');
  assert.match(atlas.hash(), /q=ibi3/);
  await screenshot(page, 'search-ibi3');
  assertClean();
  await context.close();
});

test('a partner code finds its asset and shows why it matched', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/');
  await atlas.type('TAK-928');
  const first = atlas.results().first();
  await first.getByText('IBI363').waitFor();
  assert.match(await first.locator('.matched').innerText(), /TAK-928/);
  assert.equal(await first.locator('mark').first().innerText(), 'TAK-928');
  assertClean();
  await context.close();
});

test('keyboard: / focuses the box, arrows move, Enter opens the asset', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Search assets');
  await page.keyboard.type('lbl');
  await page.getByTestId('result').first().waitFor();
  await page.keyboard.press('ArrowDown');
  await page.locator('[data-testid="result"].active').waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('asset-page').waitFor();
  assert.equal(await atlas.assetName(), 'LBL-024');
  assert.equal(atlas.hash(), '#/asset/lbl-024');
  assertClean();
  await context.close();
});

test('clicking a result opens the asset page with names, companies, targets and trials', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/?q=ibi363');
  await page.getByRole('link', { name: 'IBI363' }).first().click();
  await page.getByTestId('asset-page').waitFor();
  assert.equal(await atlas.assetName(), 'IBI363');
  const aliases = await page.getByTestId('aliases').innerText();
  assert.match(aliases, /TAK-928/);
  const facts = await page.getByTestId('asset-facts').innerText();
  assert.match(facts, /Innovent/);
  assert.match(facts, /PD-1/);
  assert.ok((await page.getByTestId('trial').count()) >= 1, 'IBI363 has a trial');
  assert.ok((await page.getByTestId('result-row').count()) >= 5, 'its arms have results');
  await screenshot(page, 'asset-ibi363-1280');
  await assertAccessible(page, 'asset page');
  assertClean();
  await context.close();
});

test('a source marker shows its quote on hover and opens the highlighted sentence', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/asset/ibi363');
  const row = page.getByTestId('result-row').first();
  const marker = row.getByTestId('source-marker').first();
  await marker.hover();
  const quote = (await row.locator('.src-quote q').first().innerText()).trim();
  assert.ok(quote.length > 10, 'the tooltip shows the quote');
  await marker.click();
  await page.getByTestId('doc-page').waitFor();
  const highlighted = await page.getByTestId('doc-highlight').first().innerText();
  assert.ok(quote.startsWith(highlighted.slice(0, 20)), `highlight ${highlighted.slice(0, 40)} is the quote ${quote.slice(0, 40)}`);
  assert.ok(await page.locator('#hl').isVisible(), 'the highlight is on screen');
  // The page also lists the document's facts, each linking to its asset and to its place.
  const facts = page.getByTestId('doc-facts').locator('li');
  assert.ok((await facts.count()) >= 10, 'the source page lists the facts it states');
  const result = facts.filter({ hasText: 'ORR' }).first();
  await result.getByRole('link', { name: 'in the text' }).click();
  await page.locator('#hl').waitFor();
  assert.match(await page.getByTestId('doc-highlight').first().innerText(), /ORR/);
  await screenshot(page, 'doc-highlight');
  await assertAccessible(page, 'source page');
  assertClean();
  await context.close();
});

test('a deep link reloads in a fresh tab', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/asset/lbl-024');
  assert.equal(await atlas.assetName(), 'LBL-024');
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await fresh.getByTestId('asset-name').waitFor();
  assert.equal(await fresh.getByTestId('asset-name').innerText(), 'LBL-024');
  await fresh.reload();
  await fresh.getByTestId('asset-name').waitFor();
  assertClean();
  await context.close();
});

test('dist works unchanged under a sub-path, deep links included', async () => {
  const sub = await serve(DIST, { base: '/wiki/tools/atlas/' });
  try {
    const { atlas, page, assertClean, context } = await atlasAt(sub);
    await atlas.goto('#/asset/js212');
    assert.equal(await atlas.assetName(), 'JS212');
    await atlas.type('bispecific');
    await page.getByTestId('result').first().waitFor();
    assert.ok(page.url().startsWith(sub.url), 'stays under the sub-path');
    assertClean();
    await context.close();
  } finally {
    await sub.close();
  }
});

test('an unknown route shows not-found with a way home', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/no/such/page');
  await page.getByTestId('not-found').waitFor();
  await screenshot(page, 'not-found');
  await page.getByRole('link', { name: 'Back to all assets' }).click();
  await page.getByTestId('results').waitFor();
  assert.ok((await atlas.results().count()) >= 4);
  await atlas.goto('#/asset/does-not-exist');
  await page.getByTestId('not-found').waitFor();
  assertClean();
  await context.close();
});

test('pages read well at 390 px and in dark mode', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  await atlas.goto('#/');
  await screenshot(page, 'home-390-dark');
  await atlas.goto('#/asset/ibi363');
  await screenshot(page, 'asset-ibi363-390-dark');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal page scroll at 390 px (overflow ${overflow}px)`);
  await assertAccessible(page, 'asset page, dark, 390 px');
  assertClean();
  await context.close();
});

test('editing a document and rebuilding changes what the app shows', async () => {
  assert.ok(DIST_EDITED, 'ATLAS_DIST_EDITED must point at the rebuilt dist');
  const edited = await serve(DIST_EDITED);
  try {
    const { atlas, page, assertClean, context } = await atlasAt(edited);
    await atlas.goto('#/doc/004_532d8b6212b8f458');
    await page.getByText('this sentence exists only in the edited corpus').waitFor();
    assert.match(await page.locator('.brand-name').innerText(), /Edited Atlas/);
    assertClean();
    await context.close();
  } finally {
    await edited.close();
  }
  const { atlas, page, context } = await atlasAt(suite.root);
  await atlas.goto('#/doc/004_532d8b6212b8f458');
  assert.equal(await page.getByText('this sentence exists only in the edited corpus').count(), 0);
  await context.close();
});

test('a damaged dataset file shows a clear error, not a blank page', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-damaged-'));
  for (const name of fs.readdirSync(DIST)) fs.copyFileSync(path.join(DIST, name), path.join(copy, name));
  const data = fs.readdirSync(copy).find((n) => n.startsWith('atlas-data-'));
  assert.ok(data, 'dist has a data file');
  fs.writeFileSync(path.join(copy, data), Buffer.from('PAT1\x09\x00 not a bundle of this version'));
  const damaged = await serve(copy);
  try {
    const { page, context } = await atlasAt(damaged);
    await page.goto(damaged.url + '#/asset/ibi363');
    const error = page.getByTestId('fatal-error');
    await error.waitFor();
    assert.match(await error.innerText(), /could not load its dataset[\s\S]*version 9/);
    assert.ok(await page.getByRole('link', { name: 'Reload the atlas' }).isVisible());
    await screenshot(page, 'damaged-data');
    await context.close();
  } finally {
    await damaged.close();
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

test('first render on the seed corpus (reported, not asserted)', async () => {
  const { page, context, assertClean } = await atlasAt(suite.root);
  const times = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(suite.root.url + '#/');
    await page.getByTestId('result').first().waitFor();
    times.push(await page.evaluate(() => performance.now()));
  }
  times.sort((a, b) => a - b);
  console.log(`first render (navigation to first result row), ms: median ${times[2].toFixed(0)}, min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)}`);
  assertClean();
  await context.close();
});

test('a search result offers a comparison of its arms', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/');
  await atlas.type('IBI363');
  const link = atlas.results().first().getByTestId('result-compare');
  assert.match(await link.innerText(), /Compare its \d+ arms/);
  await link.click();
  const arms = await atlas.compareArmIds();
  assert.ok(arms.length >= 3, `the comparison holds the asset's arms, got ${arms}`);
  assert.ok(arms.every((id) => id.startsWith('ibi363-')), `only IBI363's own arms: ${arms}`);
  assert.deepEqual(atlas.armsInUrl(), arms, 'the selection lives in the URL');
  assertClean();
  await context.close();
});
