// A sharded atlas (the seed corpus built with --shards always, as a large corpus is built
// automatically): search runs on the start file alone, and each page fetches only the shard
// it needs, from the page's own origin, on any path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve } from '../lib/server.js';
import { launch, openPage, screenshot } from '../lib/browser.js';
import { Atlas } from '../lib/atlas.js';

const DIST = process.env.ATLAS_DIST_SHARDED;
// A synthetic corpus built with --shards always: more asset shards than the app keeps decoded.
const MANY = process.env.ATLAS_DIST_SHARDED_MANY;
/** `MAX_SHARDS` in src/data.rs: the decoded shard bundles a session keeps. */
const MAX_SHARDS = 8;
let browser;
let server;

before(async () => {
  assert.ok(DIST, 'ATLAS_DIST_SHARDED must point at the sharded build of the seed corpus');
  browser = await launch();
  server = await serve(DIST, { base: '/wiki/tools/atlas/' });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A checked page that records the shard files it fetches. */
async function open(viewport) {
  const session = await openPage(browser, { allowedOrigins: [server.origin], viewport });
  const shards = [];
  session.page.on('request', (req) => {
    const name = new URL(req.url()).pathname.split('/').pop();
    if (name.startsWith('shard-')) shards.push(name);
  });
  return { ...session, shards, atlas: new Atlas(session.page, server.url) };
}

test('search needs no shard; an asset page fetches exactly its asset shard', async () => {
  const { atlas, page, shards, assertClean, context } = await open();
  await atlas.goto('#/');
  await atlas.type('IBI363');
  await page.getByTestId('result').first().waitFor();
  assert.equal((await atlas.resultNames())[0], 'IBI363');
  assert.deepEqual(shards, [], 'searching fetches no shard');
  await page.getByTestId('result').first().getByRole('link').first().click();
  await page.getByTestId('asset-name').waitFor();
  assert.equal(await atlas.assetName(), 'IBI363');
  assert.ok((await page.getByTestId('arm').count()) >= 2, 'the arm tables come from the shard');
  assert.ok((await page.getByTestId('source-marker').count()) > 0, 'facts keep their sources');
  assert.equal(shards.length, 1, `one shard for the asset page, got ${shards}`);
  assert.match(shards[0], /^shard-a-[0-9a-f]{16}\.bin$/);
  await screenshot(page, 'sharded-asset-1280');
  // Back to the search and forward again: the shard is not fetched twice.
  await page.goBack();
  await page.goForward();
  await page.getByTestId('asset-name').waitFor();
  assert.equal(shards.length, 1);
  assertClean();
  await context.close();
});

test('deep links into a sharded atlas load their shards: source, comparison, timeline', async () => {
  const { atlas, page, shards, assertClean, context } = await open();
  await atlas.goto('#/asset/ibi363');
  await page.getByTestId('compare-trial').first().click();
  const ids = await atlas.compareArmIds();
  assert.ok(ids.length >= 2, 'the trial comparison opens from the asset page');
  assert.ok(shards.some((s) => s.startsWith('shard-t-')), 'the comparison reads trial shards');
  const compareUrl = page.url();

  // A pasted comparison link, in a fresh page: trial shards only.
  const fresh = await open();
  await fresh.page.goto(compareUrl);
  await fresh.atlas.ready();
  assert.deepEqual(await fresh.atlas.compareArmIds(), ids);
  assert.ok(fresh.shards.every((s) => s.startsWith('shard-t-')), `${fresh.shards}`);
  await fresh.page.getByTestId('compare-table').getByTestId('source-marker').first().waitFor();

  // The source page of a fact, reloaded as a deep link: the document shard has the text and
  // the highlight.
  await fresh.atlas.goto('#/asset/ibi363');
  const href = await fresh.page.getByTestId('source-marker').first().getAttribute('href');
  assert.match(href, /#\/doc\/[^?]+\?hl=\d+-\d+/);
  await fresh.atlas.goto(href);
  await fresh.page.getByTestId('doc-page').waitFor();
  const mark = fresh.page.locator('mark#hl');
  await mark.waitFor();
  assert.ok((await mark.innerText()).length > 10, 'the highlighted quote is shown');
  assert.ok(fresh.shards.some((s) => s.startsWith('shard-d-')), 'the source page reads a document shard');
  await screenshot(fresh.page, 'sharded-doc-1280');
  fresh.assertClean();
  await fresh.context.close();

  // The timeline reads the timeline shard and says it is the newest slice.
  await atlas.goto('#/timeline');
  await page.getByTestId('timeline-events').locator('[data-testid="event"]').first().waitFor();
  assert.match(await page.getByTestId('timeline-slice').innerText(), /newest \d+ of \d+ events/);
  assert.ok(shards.some((s) => s.startsWith('shard-e-')));
  // Filtered to one asset, it reads that asset's shard and lists only its events.
  await page.getByTestId('timeline-asset').selectOption('ibi363');
  await page.waitForFunction(() => !document.querySelector('[data-testid="timeline-slice"]'));
  const events = await atlas.timelineEvents();
  assert.ok(events.length > 0 && events.every((e) => e.includes('IBI363')), `${events}`);
  assertClean();
  await context.close();
});

test('landscape and entity pages of a sharded atlas come from the search index', async () => {
  const { atlas, page, shards, assertClean, context } = await open();
  await atlas.goto('#/landscape');
  const cell = page.getByTestId('landscape-cell').first();
  await cell.waitFor();
  await cell.click();
  await page.getByTestId('result').first().waitFor();
  assert.match(atlas.hash(), /facet=|phase/, 'a cell opens the filtered search');
  // An entity link lands on the search filtered to it.
  await atlas.goto('#/target/pd-1');
  await page.getByTestId('result').first().waitFor();
  assert.match(decodeURIComponent(atlas.hash()), /target:PD-1|target=PD-1|PD-1/);
  const names = await atlas.resultNames();
  assert.ok(names.includes('IBI363'), `PD-1 assets: ${names}`);
  assert.deepEqual(shards, [], 'no shard for pages the index answers');
  assertClean();
  await context.close();
});

test('a shard that is not what its name promises asks for a reload, and the reload recovers', async () => {
  // Bug: a stale or damaged shard (an old cached index.html after a redeploy) was decoded as is.
  const { atlas, page, assertClean, context } = await open();
  // unroute matches by the same pattern, so both calls take this one.
  const assetShard = /shard-a-[0-9a-f]{16}\.bin$/;
  await page.route(assetShard, async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length - 1] ^= 0xff;
    await route.fulfill({ response, body });
  });
  await atlas.goto('#/asset/ibi363');
  const notice = page.getByTestId('atlas-updated');
  await notice.waitFor();
  assert.match(await notice.textContent(), /This atlas was updated — reload/);
  await page.unroute(assetShard);
  // A redeploy serves new shard names; here the damaged copy sits in the HTTP cache under the
  // same name, so it is cleared as a new deployment would make it unreachable.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await notice.getByRole('button', { name: 'Reload' }).click();
  await page.getByTestId('asset-name').waitFor();
  assert.equal(await atlas.assetName(), 'IBI363');
  assertClean();
  await context.close();
});

test('a shard that is gone (404) asks for a reload', async () => {
  const { atlas, page, context } = await open();
  await page.route(/shard-a-[0-9a-f]{16}\.bin$/, (route) => route.fulfill({ status: 404, body: '' }));
  await atlas.goto('#/asset/ibi363');
  await page.getByTestId('atlas-updated').getByRole('button', { name: 'Reload' }).waitFor();
  // Not assertClean: Chromium logs every 404 as a console error.
  await context.close();
});

/** `atlas_model::shard::shard_of`: FNV-1a of the id, modulo the shard count (it never changes). */
function shardOf(id, n) {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(id)) {
    h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return Number(h % BigInt(n));
}

test('a session keeps the last 8 decoded shards: the least recently used one is fetched again', async () => {
  // Bug (issue 12, item 8): every decoded shard stayed in memory for the session, so stepping
  // through the asset pages of a large atlas grew memory without bound.
  assert.ok(MANY, 'ATLAS_DIST_SHARDED_MANY must point at a sharded build with more than 8 asset shards');
  const nShards = fs.readdirSync(MANY).filter((f) => /^shard-a-[0-9a-f]{16}\.bin$/.test(f)).length;
  assert.ok(nShards > MAX_SHARDS, `${nShards} asset shards`);
  const many = await serve(MANY);
  const { page, assertClean, context } = await openPage(browser, { allowedOrigins: [many.origin] });
  const fetched = [];
  page.on('request', (req) => {
    const name = new URL(req.url()).pathname.split('/').pop();
    if (name.startsWith('shard-')) fetched.push(name);
  });
  try {
    const atlas = new Atlas(page, many.url);
    await atlas.goto('#/');
    await atlas.results().first().waitFor();
    // One listed asset from each of MAX_SHARDS + 1 asset shards.
    const rows = await page.locator('[data-testid="result"] a.result-name').evaluateAll((links) =>
      links.map((a) => [decodeURIComponent(a.getAttribute('href').split('#/asset/')[1] ?? ''), a.textContent]));
    const byShard = new Map();
    for (const [id, name] of rows) {
      if (id && !byShard.has(shardOf(id, nShards))) byShard.set(shardOf(id, nShards), { id, name });
    }
    const picked = [...byShard.values()].slice(0, MAX_SHARDS + 1);
    assert.equal(picked.length, MAX_SHARDS + 1, `the listing spans ${byShard.size} asset shards`);
    assert.deepEqual(fetched, [], 'the listing needs no shard');

    // Hash navigation only: the page (and the app's cache) lives through the whole test.
    await page.evaluate(() => { window.sameSession = true; });
    const visit = async ({ id, name }) => {
      await page.evaluate((hash) => { window.location.hash = hash; }, `#/asset/${encodeURIComponent(id)}`);
      await page.waitForFunction(
        (want) => document.querySelector('[data-testid="asset-name"]')?.textContent === want, name);
    };
    for (const asset of picked) await visit(asset);
    assert.equal(fetched.length, MAX_SHARDS + 1, `one shard per page: ${fetched}`);
    assert.equal(new Set(fetched).size, MAX_SHARDS + 1, `${fetched}`);
    // The second asset's shard is among the last MAX_SHARDS: still decoded, not fetched.
    await visit(picked[1]);
    assert.equal(fetched.length, MAX_SHARDS + 1, `a kept shard is not fetched again: ${fetched}`);
    // The first one's shard was let go when the ninth came in: its page fetches it again.
    await visit(picked[0]);
    assert.equal(fetched.length, MAX_SHARDS + 2, `the least recently used shard was let go: ${fetched}`);
    assert.equal(fetched.at(-1), fetched[0]);
    assert.ok((await page.getByTestId('arm').count()) + (await page.getByTestId('asset-facts').count()) > 0);
    assert.equal(await page.evaluate(() => window.sameSession), true, 'no reload in between');
    assertClean();
  } finally {
    await context.close();
    await many.close();
  }
});
