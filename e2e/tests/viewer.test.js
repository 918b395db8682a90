// The viewer's analyst pages: trial-arm comparison (built from asset pages, restored from its
// URL, subgroups, CSV export), company/target pages, the landscape, the timeline, downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot, assertAccessible } from '../lib/browser.js';
import { Atlas } from '../lib/atlas.js';
import { atlasSuite } from '../lib/suite.js';

const suite = atlasSuite();
const atlasAt = (server, opts) => suite.atlasAt(server, opts);

/** RFC 4180: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r') { /* part of CRLF */ }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

test('a comparison built on the asset page restores from its URL in a fresh suite.browser', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/asset/ibi363');
  const arms = page.getByTestId('arm');
  assert.ok((await arms.count()) >= 2, 'IBI363 has several arms');
  assert.equal(await atlas.trayCount(), '0');
  for (const i of [0, 1]) {
    const toggle = arms.nth(i).getByTestId('add-to-compare');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  }
  assert.equal(await atlas.trayCount(), '2');
  // Toggling twice takes an arm out again.
  await arms.nth(1).getByTestId('add-to-compare').click();
  assert.equal(await atlas.trayCount(), '1');
  await arms.nth(1).getByTestId('add-to-compare').click();
  assert.equal(await atlas.trayCount(), '2');
  await screenshot(page, 'asset-compare-controls-1280');

  await page.getByTestId('compare-tray').click();
  const ids = await atlas.compareArmIds();
  assert.equal(ids.length, 2);
  assert.deepEqual(atlas.armsInUrl(), ids, 'the URL holds the selection');
  assert.match(await page.getByTestId('compare-arm-label').first().innerText(), /3→1\.5 mg\/kg/);
  assert.match(await page.getByTestId('compare-caveat').innerText(), /not head-to-head/i);
  // ORR 86.4% of 22: the interval is derived from 19/22 and says so.
  const table = page.getByTestId('compare-table');
  await table.getByTestId('derived-label').first().waitFor();
  assert.ok((await table.getByTestId('derived-from').allInnerTexts()).includes('from 19/22'));
  assert.ok((await table.getByTestId('source-marker').count()) >= 4, 'every value has a source marker');
  assert.ok((await page.getByTestId('forest-plot').count()) >= 2, 'a forest plot per rate endpoint');
  // Checked inside <main>: during the run an empty style="" shows up on the header's search
  // input, which this markup does not write.
  const styled = await page.locator('main [style]').evaluateAll((els) => els.map((e) => `${e.tagName} style=${e.getAttribute('style')}`));
  assert.deepEqual(styled, [], 'no style attributes in the comparison (strict CSP)');
  await screenshot(page, 'compare-1280');
  await assertAccessible(page, 'comparison page');
  // Printed, the page keeps the table, the plots and the caveat, and drops the controls.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('site-nav').isVisible(), false);
  assert.equal(await page.getByTestId('export-csv').isVisible(), false);
  assert.ok(await page.getByTestId('compare-caveat').isVisible());
  await screenshot(page, 'compare-print');
  await page.emulateMedia({ media: 'screen' });

  const url = page.url();
  const fresh = await openPage(suite.browser, { allowedOrigins: [suite.root.origin] });
  const freshAtlas = new Atlas(fresh.page, suite.root.url);
  await fresh.page.goto(url);
  await freshAtlas.ready();
  assert.deepEqual(await freshAtlas.compareArmIds(), ids, 'a pasted link restores the same arms');
  // A link naming an arm this atlas does not have says so and keeps the others.
  await fresh.page.goto(`${url},gone-trial/gone-arm`);
  await fresh.page.getByTestId('compare-unknown').waitFor();
  assert.match(await fresh.page.getByTestId('compare-unknown').innerText(), /gone-trial\/gone-arm/);
  assert.deepEqual(await freshAtlas.compareArmIds(), ids);
  assert.equal(await freshAtlas.trayCount(), String(ids.length), 'unknown ids stay out of the tray');
  fresh.assertClean();
  await fresh.context.close();
  assertClean();
  await context.close();
});

test('comparing the arms of a trial adds the cited comparators; subgroups, export, removal', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/asset/ibi363');
  await page.getByTestId('compare-trial').first().click();
  const ids = await atlas.compareArmIds();
  assert.ok(ids.some((id) => id.startsWith('keynote-407/')), `KEYNOTE-407 is offered as a cited comparator: ${ids}`);
  assert.ok(ids.some((id) => id.startsWith('ibi363')), 'the trial\'s own arms are there');
  assert.ok((await page.locator('.badge.cited').count()) >= 1, 'cited arms are labelled');

  // The subgroup select lists what the arms report and filters the table.
  const select = page.getByLabel('Subgroup');
  const options = await select.locator('option').allInnerTexts();
  const lowPdl1 = options.find((o) => o.startsWith('PD-L1 <1%'));
  assert.ok(lowPdl1, `a PD-L1 <1% subgroup is offered: ${options}`);
  await select.selectOption({ label: lowPdl1 });
  await page.waitForFunction(() => location.hash.includes('sub='));
  const rows = page.getByTestId('compare-row');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="compare-row"] th')].every((th) => th.innerText.includes('PD-L1 <1%')));
  assert.ok((await rows.count()) >= 1);
  assert.ok((await page.getByTestId('forest-plot').count()) >= 1);
  await screenshot(page, 'compare-subgroup-1280');

  // The export is the table as shown, one line per figure, read back as RFC 4180.
  const { name, text } = await atlas.downloadText('export-csv');
  assert.match(name, /\.csv$/);
  assert.ok(text.startsWith('endpoint,subgroup,timepoint,arm_id,'), text.slice(0, 80));
  const records = parseCsv(text);
  assert.ok(records.length >= 2, 'both KEYNOTE figures are exported');
  assert.ok(records.every((r) => r.subgroup === 'PD-L1 <1%'));
  const kn407 = records.find((r) => r.arm_id.startsWith('keynote-407/'));
  assert.equal(kn407.value, '67.4');
  assert.equal(kn407.cited, 'true');
  assert.match(kn407.quote, /Keynote.407/);

  // Removing an arm updates the URL and the table.
  const before = await atlas.compareArmIds();
  await page.getByTestId('remove-arm').first().click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="compare-arm"]').length === n - 1, before.length);
  assert.deepEqual(atlas.armsInUrl(), before.slice(1));
  assert.match(atlas.hash(), /sub=PD-L1/, 'the subgroup survives the removal');
  await page.getByTestId('clear-comparison').click();
  await page.getByTestId('compare-empty').waitFor();
  assert.equal(await atlas.trayCount(), '0', 'clearing empties the tray too');
  assertClean();
  await context.close();
});

test('the comparison controls work from the keyboard', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/asset/ibi363');
  const toggle = page.getByTestId('add-to-compare').first();
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await page.getByTestId('add-to-compare').nth(1).focus();
  await page.keyboard.press('Space');
  assert.equal(await atlas.trayCount(), '2');
  await page.getByTestId('compare-tray').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('compare-table').waitFor();
  const select = page.getByLabel('Subgroup');
  await select.focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => location.hash.includes('sub='));
  await page.getByTestId('remove-arm').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-arm"]').length === 1);
  assertClean();
  await context.close();
});

test('companies and targets on the asset page open their own pages', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/asset/ibi363');
  await page.getByTestId('company-link').filter({ hasText: 'Innovent Biologics' }).click();
  await page.getByTestId('entity-page').waitFor();
  assert.equal(atlas.hash(), '#/company/innovent-biologics');
  assert.equal(await page.getByTestId('entity-name').innerText(), 'Innovent Biologics');
  assert.match(await page.getByTestId('entity-assets').innerText(), /IBI363/);
  assert.ok((await page.getByTestId('event').count()) >= 1, 'the company page lists its events');
  assert.ok((await page.getByTestId('entity-events').getByTestId('source-marker').count()) >= 1);
  await screenshot(page, 'company-1280');
  await assertAccessible(page, 'company page');

  await atlas.goto('#/asset/ibi363');
  await page.getByTestId('target-link').filter({ hasText: /^PD-1$/ }).click();
  await page.getByTestId('entity-page').waitFor();
  assert.equal(atlas.hash(), '#/target/pd-1');
  const assets = await page.getByTestId('entity-asset').allInnerTexts();
  assert.ok(assets.some((a) => a.includes('IBI363')), `PD-1 assets: ${assets}`);
  await screenshot(page, 'target-1280');
  await assertAccessible(page, 'target page');

  // An indication from a line of the asset's own timeline.
  await atlas.goto('#/asset/ibi363');
  const indication = page.getByTestId('timeline').locator('a.event-detail').first();
  const name = (await indication.innerText()).trim();
  await indication.click();
  await page.locator('[data-testid="entity-page"][data-kind="indication"]').waitFor();
  assert.match(atlas.hash(), /^#\/indication\//);
  assert.equal(await page.getByTestId('entity-name').innerText(), name);
  assert.match(await page.getByTestId('entity-assets').innerText(), /IBI363/);
  await screenshot(page, 'indication-1280');
  await assertAccessible(page, 'indication page');
  assertClean();
  await context.close();
});

test('a landscape cell opens the search filtered to its assets', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/');
  await page.getByTestId('site-nav').getByRole('link', { name: 'Landscape' }).click();
  await page.getByTestId('landscape-page').waitFor();
  await screenshot(page, 'landscape-1280');
  await assertAccessible(page, 'landscape');
  const row = page.locator('[data-testid="landscape-table"] tbody tr').filter({ has: page.getByRole('rowheader', { name: 'PD-1', exact: true }) });
  await row.getByTestId('landscape-cell').first().click();
  await page.getByTestId('results').waitFor();
  const hash = decodeURIComponent(atlas.hash());
  assert.match(hash, /^#\/\?/);
  assert.match(hash, /target=PD-1/);
  assert.match(hash, /phase=Phase 1/);
  await page.getByTestId('result').first().waitFor();
  assert.ok((await atlas.resultNames()).includes('IBI363'), 'the filtered search shows the cell\'s asset');

  await atlas.goto('#/landscape?by=modality');
  await page.getByRole('columnheader', { name: 'Modality' }).waitFor();
  assert.match(await page.getByTestId('landscape-table').innerText(), /bispecific fusion protein/);
  assertClean();
  await context.close();
});

test('the timeline lists every event and filters by kind and agency', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/timeline');
  const all = await atlas.timelineEvents();
  assert.ok(all.length >= 5, `several events, saw ${all.length}`);
  assert.ok((await page.getByTestId('timeline-events').getByTestId('source-marker').count()) >= all.length, 'each event has a source');
  await screenshot(page, 'timeline-1280');
  await assertAccessible(page, 'timeline');

  await page.getByLabel('Kind').selectOption('designation');
  await page.waitForFunction(() => location.hash.includes('kind=designation'));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="timeline-events"] [data-testid="event"]')].every((li) => li.classList.contains('designation')));
  const designations = await atlas.timelineEvents();
  assert.ok(designations.length >= 1 && designations.length < all.length);

  await page.getByLabel('Agency').selectOption('FDA');
  await page.waitForFunction(() => location.hash.includes('agency=FDA'));
  const fda = await atlas.timelineEvents();
  assert.ok(fda.length >= 1 && fda.length <= designations.length);
  assert.ok(fda.every((t) => /FDA/.test(t)), fda.join('\n'));

  // A reload keeps the filter, and "clear" shows everything again.
  await page.reload();
  await atlas.ready();
  assert.equal((await atlas.timelineEvents()).length, fda.length);
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="timeline-events"] [data-testid="event"]').length === n, all.length);
  assertClean();
  await context.close();
});

test('the whole dataset downloads as JSON and as CSV', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  await atlas.goto('#/');
  const json = await atlas.downloadText('download-json');
  assert.match(json.name, /\.json$/);
  const ds = JSON.parse(json.text);
  assert.equal(ds.schema, 'pipeline-atlas/1');
  assert.ok(ds.assets.some((a) => a.id === 'ibi363'));

  const csv = await atlas.downloadText('download-csv');
  const records = parseCsv(csv.text);
  const nResults = ds.trials.flatMap((t) => t.arms).flatMap((a) => a.results).length;
  assert.equal(records.length, nResults, 'one CSV line per result');
  const orr = records.find((r) => r.asset === 'IBI363' && r.endpoint === 'ORR' && r.value === '86.4');
  assert.ok(orr, 'the IBI363 ORR is exported');
  assert.equal(orr.n, '22');
  assert.ok(orr.document && orr.quote.includes('86.4%'));
  assertClean();
  await context.close();
});

test('viewer pages read well at 390 px (light and dark) and inside the embed view', async () => {
  const { atlas, page, assertClean, context } = await atlasAt(suite.root, { viewport: { width: 390, height: 844 } });
  await atlas.goto('#/asset/ibi363');
  await page.getByTestId('compare-trial').first().click();
  await page.getByTestId('compare-table').waitFor();
  const ids = await atlas.compareArmIds();
  await screenshot(page, 'compare-390');
  const compareOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(compareOverflow <= 1, `comparison: the table scrolls inside its box at 390 px (page overflow ${compareOverflow}px)`);
  for (const [hash, name] of [['#/landscape', 'landscape-390'], ['#/timeline', 'timeline-390'], ['#/company/innovent-biologics', 'company-390']]) {
    await atlas.goto(hash);
    await page.locator('main h1').first().waitFor();
    await screenshot(page, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${name}: no horizontal page scroll at 390 px (overflow ${overflow}px)`);
  }
  const pair = [ids[0], ids[ids.length - 1]];
  await atlas.goto(`#/embed/compare?arms=${pair.join(',')}`);
  assert.deepEqual(await atlas.compareArmIds(), pair);
  assert.equal(await page.getByTestId('site-nav').count(), 0, 'no atlas nav inside a frame');
  const marker = await page.getByTestId('compare-table').getByTestId('source-marker').first().getAttribute('href');
  assert.match(marker, /^#\/embed\/doc\//, 'links stay in the embed view');
  assertClean();
  await context.close();

  const dark = await atlasAt(suite.root, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  await dark.atlas.goto(`#/compare?arms=${pair.join(',')}`);
  await dark.page.getByTestId('forest-plot').first().waitFor();
  await screenshot(dark.page, 'compare-390-dark');
  await assertAccessible(dark.page, 'comparison, dark, 390 px');
  dark.assertClean();
  await dark.context.close();
});

test('a comparison link naming more than 24 arms shows the first 24 and says so', async () => {
  // Bug: every arm in the link became a trial-shard fetch, kept for the session.
  const { atlas, page, assertClean, context } = await atlasAt(suite.root);
  const arms = Array.from({ length: 30 }, (_, i) => `no-such-trial-${i}/arm`);
  await atlas.goto(`#/compare?arms=${arms.join(',')}`);
  const note = page.getByTestId('compare-capped');
  await note.waitFor();
  assert.match(await note.textContent(), /names 30 arms; a comparison shows the first 24/);
  assertClean();
  await context.close();
});
