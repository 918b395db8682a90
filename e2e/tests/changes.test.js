// What changed (issue 11): the seed corpus without one document (IBI363's second NMPA BTD,
// sqNSCLC, 2025-06-04), then the whole corpus built --since that build. The missing
// document's facts show on #/changes, on the asset page as "new" badges, in the embed route
// with auto-height, in feed.xml, and in the single file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { serve } from '../lib/server.js';
import { launch, openPage, screenshot, assertAccessible } from '../lib/browser.js';
import { Atlas } from '../lib/atlas.js';
import { ChangesPage } from '../lib/changes.js';

const DIST = process.env.ATLAS_DIST_CHANGES;
const PLAIN = process.env.ATLAS_DIST;
const SINGLE = process.env.ATLAS_SINGLE_CHANGES;
const DROPPED = '001_e4cdf7b7d6e73eb6';
// The dropped document brings IBI363's designations for melanoma (its sqNSCLC designation
// merges with the one the 2026 document already states) and docetaxel as a new asset.
const BTD = 'NMPA Breakthrough Therapy Designation (melanoma)';
let browser;
let server;
let plain;

before(async () => {
  assert.ok(DIST, 'ATLAS_DIST_CHANGES must point at the seed corpus built --since a smaller build');
  assert.ok(PLAIN, 'ATLAS_DIST must point at the seed build');
  browser = await launch();
  server = await serve(DIST, { base: '/tools/atlas/' });
  plain = await serve(PLAIN);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await plain?.close();
});

async function open(at = server, opts = {}) {
  const session = await openPage(browser, { allowedOrigins: [at.origin], ...opts });
  return { ...session, atlas: new Atlas(session.page, at.url), changes: new ChangesPage(session.page) };
}

test('the header links to What’s new, which lists the missing document’s changes by asset with quotes', async () => {
  const { page, atlas, changes, assertClean, context } = await open();
  await atlas.goto('#/');
  await page.getByTestId('changes-link').click();
  await changes.ready();
  assert.equal(atlas.hash(), '#/changes');
  const names = await changes.groupNames();
  assert.ok(names.includes('IBI363'), `groups: ${names}`);
  const summaries = await changes.summaries('ibi363');
  assert.ok(summaries.includes(BTD), `IBI363's changes: ${summaries}`);
  assert.ok(names.includes('docetaxel') || names.includes('Docetaxel'), `groups: ${names}`);
  // Each change has its quote and a link to its source page; the dropped document's are there.
  const sources = await page.getByTestId('change-source').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(sources.length > 0);
  for (const href of sources) assert.match(href, /^#\/doc\/[^?]+\?hl=\d+-\d+$/);
  assert.ok(sources.some((h) => h.startsWith(`#/doc/${DROPPED}?`)), `sources: ${sources}`);
  const quotes = await changes.group('ibi363').getByTestId('change-quote').allInnerTexts();
  assert.ok(quotes.some((q) => /melanoma/.test(q)), `quotes: ${quotes}`);
  await assertAccessible(page, 'changes page');
  await screenshot(page, 'changes');
  // The source link opens the document at the quote.
  await page.locator(`[data-testid="change-source"][href^="#/doc/${DROPPED}?"]`).first().click();
  await page.getByTestId('doc-highlight').first().waitFor();
  assert.ok(atlas.hash().startsWith(`#/doc/${DROPPED}`));
  assertClean();
  await context.close();
});

test('the kind filters keep only their kind and live in the URL', async () => {
  const { page, atlas, changes, assertClean, context } = await open();
  await atlas.goto('#/changes');
  await changes.ready();
  const all = await changes.kinds();
  assert.ok(all.includes('regulatory') && all.includes('new-asset'), `kinds: ${all}`);
  await changes.filter('regulatory');
  assert.equal(atlas.hash(), '#/changes?kind=regulatory');
  const kinds = await changes.kinds();
  assert.ok(kinds.length > 0 && kinds.every((k) => k === 'regulatory'), `kinds: ${kinds}`);
  assert.ok((await changes.summaries('ibi363')).includes(BTD));
  await screenshot(page, 'changes-regulatory');
  await changes.filter('new-asset');
  const added = await changes.kinds();
  assert.ok(added.length > 0 && added.every((k) => k === 'new-asset'), `kinds: ${added}`);
  // A deep link opens filtered; a kind with no change says so.
  await atlas.goto('#/changes?kind=new-asset');
  await changes.ready();
  assert.deepEqual(await changes.kinds(), added);
  await changes.filter('deal');
  if ((await changes.kinds()).length === 0) await page.getByTestId('changes-empty').waitFor();
  await changes.filter('all');
  assert.equal((await changes.kinds()).length, all.length);
  assertClean();
  await context.close();
});

test('the asset page marks what is new since the previous build', async () => {
  const { page, atlas, assertClean, context } = await open();
  await atlas.goto('#/asset/ibi363');
  const newEvents = page.locator('[data-testid="event"]', { has: page.getByTestId('new-badge') });
  await newEvents.first().waitFor();
  const marked = await newEvents.allInnerTexts();
  assert.ok(marked.some((t) => /Breakthrough Therapy Designation/.test(t) && /melanoma/.test(t)), `new: ${marked}`);
  // Events from the documents the previous build had carry no badge.
  const events = await page.getByTestId('event').count();
  assert.ok((await newEvents.count()) < events, 'only the new events are marked');
  await screenshot(page, 'changes-asset');
  assertClean();
  await context.close();
});

test('a build without a previous one has no What’s new link and says so on #/changes', async () => {
  const { page, atlas, assertClean, context } = await open(plain);
  await atlas.goto('#/');
  assert.equal(await page.getByTestId('changes-link').count(), 0);
  await atlas.goto('#/changes');
  await page.getByTestId('changes-none').waitFor();
  assertClean();
  await context.close();
});

test('#/embed/changes works in a frame and the frame grows to its content', async () => {
  const { page, assertClean, context } = await openPage(browser, { allowedOrigins: [server.origin] });
  await page.setContent(`<!DOCTYPE html><title>wiki</title><h1>This week</h1>
    <iframe data-pipeline-atlas data-testid="frame" title="changes" width="900" height="200"
      src="${server.url}#/embed/changes"></iframe>
    <script src="${server.url}pipeline-atlas-embed.js"></script>`);
  const frame = page.frameLocator('[data-testid="frame"]');
  await frame.getByTestId('change-group').first().waitFor();
  assert.equal(await frame.locator('.site-footer').count(), 0, 'no chrome in the embed view');
  await page.waitForFunction(() => document.querySelector('[data-testid="frame"]').getBoundingClientRect().height > 300);
  const frameHeight = await page.getByTestId('frame').evaluate((el) => el.getBoundingClientRect().height);
  const content = await frame.getByTestId('app-root').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
  assert.ok(Math.abs(frameHeight - content) <= 4, `frame ${frameHeight}px fits content ${content}px`);
  const hrefs = await frame.locator('a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const escaping = hrefs.filter((h) => h !== '#main' && !h.startsWith('#/embed'));
  assert.deepEqual(escaping, [], 'links stay in the embed view');
  await screenshot(page, 'changes-embed');
  assertClean();
  await context.close();
});

test('feed.xml is well-formed Atom with one entry per changed asset, linking to its deep link', async () => {
  const { page, atlas, assertClean, context } = await open();
  await atlas.goto('#/');
  const feed = await page.evaluate(async () => {
    const text = await (await fetch('./feed.xml')).text();
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length) return { error: text.slice(0, 200) };
    const ns = 'http://www.w3.org/2005/Atom';
    const root = doc.documentElement;
    const own = (el, name) => [...el.children].filter((c) => c.namespaceURI === ns && c.localName === name);
    const text1 = (el, name) => own(el, name)[0]?.textContent ?? '';
    return {
      root: root.localName,
      ns: root.namespaceURI,
      id: text1(root, 'id'),
      title: text1(root, 'title'),
      updated: text1(root, 'updated'),
      entries: own(root, 'entry').map((e) => ({
        id: text1(e, 'id'),
        title: text1(e, 'title'),
        updated: text1(e, 'updated'),
        link: own(e, 'link')[0]?.getAttribute('href') ?? '',
        content: text1(e, 'content'),
      })),
    };
  });
  assert.equal(feed.error, undefined, `feed.xml does not parse: ${feed.error}`);
  assert.deepEqual([feed.root, feed.ns], ['feed', 'http://www.w3.org/2005/Atom']);
  assert.ok(feed.id && feed.title && feed.updated, 'feed id, title and updated');
  assert.match(feed.updated, /^\d{4}-\d\d-\d\dT00:00:00Z$/);
  assert.ok(feed.entries.length > 0);
  for (const e of feed.entries) {
    assert.ok(e.id && e.title && e.updated && e.link, `entry ${JSON.stringify(e)}`);
    assert.match(e.link, /^\.\/#\/asset\//);
  }
  const ibi = feed.entries.find((e) => e.link === './#/asset/ibi363');
  assert.ok(ibi, 'an entry for IBI363');
  assert.match(ibi.title, /^IBI363: .+ Designation .+, \d{4}-\d\d-\d\d$/);
  assert.ok(ibi.content.includes(BTD), ibi.content);
  assert.ok(ibi.content.includes('melanoma'));
  // The relative link resolves against the feed to the asset's deep link.
  await page.goto(new URL(ibi.link, `${server.url}feed.xml`).href);
  await atlas.ready();
  assert.equal(await atlas.assetName(), 'IBI363');
  assertClean();
  await context.close();
});

test('the single file carries the changes inline', async () => {
  assert.ok(SINGLE, 'ATLAS_SINGLE_CHANGES must point at the single file of the --since build');
  const { page, assertClean, context } = await openPage(browser, { allowedOrigins: ['file://'] });
  const atlas = new Atlas(page, pathToFileURL(SINGLE).href);
  await atlas.goto('#/changes');
  const changes = new ChangesPage(page);
  await changes.ready();
  assert.ok((await changes.groupNames()).includes('IBI363'));
  assertClean();
  await context.close();
});
