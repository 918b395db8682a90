// Embedded in a wiki: the example host page on another origin frames the atlas; frames grow
// to their content, navigation stays inside #/embed/…, and neither side logs an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { serve } from '../lib/server.js';
import { launch, openPage, screenshot } from '../lib/browser.js';

const DIST = process.env.ATLAS_DIST;
const HOST_DIR = fileURLToPath(new URL('../../examples/wiki-host/', import.meta.url));
let browser;
let atlas;
let host;

before(async () => {
  assert.ok(DIST, 'ATLAS_DIST must point at the built dist/');
  browser = await launch();
  atlas = await serve(DIST, { base: '/tools/atlas/' });
  // The wiki is another origin (another loopback port) with its own, looser policy.
  host = await serve(HOST_DIR, { csp: null });
});

after(async () => {
  await browser?.close();
  await atlas?.close();
  await host?.close();
});

async function openHost() {
  const session = await openPage(browser, { allowedOrigins: [atlas.origin, host.origin] });
  return openHostIn(session);
}

function frameHeight(page, testid) {
  return page.getByTestId(testid).evaluate((el) => el.getBoundingClientRect().height);
}

test('the host page frames an asset, a comparison and a search; each frame grows to its content', async () => {
  const { page, context, assertClean, heights } = await openHost();
  const assetFrame = page.frameLocator('[data-testid="frame-asset"]');
  await assetFrame.getByTestId('asset-name').waitFor();
  assert.equal(await assetFrame.getByTestId('asset-name').innerText(), 'IBI363');
  const searchFrame = page.frameLocator('[data-testid="frame-search"]');
  await searchFrame.getByTestId('result').first().waitFor();
  const compareFrame = page.frameLocator('[data-testid="frame-compare"]');
  await compareFrame.locator('svg').first().waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="frame-compare"]').getBoundingClientRect().height > 500);
  const compareHeight = await frameHeight(page, 'frame-compare');
  const compareContent = await compareFrame.getByTestId('app-root').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
  assert.ok(Math.abs(compareHeight - compareContent) <= 4, `comparison frame ${compareHeight}px fits content ${compareContent}px`);

  // The snippet resized the asset frame from its 480 px default to the posted content height.
  await page.waitForFunction(() => document.querySelector('[data-testid="frame-asset"]').getBoundingClientRect().height > 600);
  const posted = Math.max(...heights);
  const assetHeight = await frameHeight(page, 'frame-asset');
  const contentHeight = await assetFrame.getByTestId('app-root').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
  console.log(`iframe heights: asset frame ${assetHeight}px (content ${contentHeight}px, largest posted ${posted}px), comparison frame ${compareHeight}px (content ${compareContent}px), search frame ${await frameHeight(page, 'frame-search')}px`);
  assert.ok(Math.abs(assetHeight - contentHeight) <= 4, `frame ${assetHeight}px fits content ${contentHeight}px`);

  // A stable height: nothing keeps growing once the content is laid out.
  const before = await frameHeight(page, 'frame-asset');
  await page.waitForTimeout(500);
  assert.equal(await frameHeight(page, 'frame-asset'), before, 'the frame does not grow forever');

  // Chrome is dropped; the compact bar keeps the search box and offers the full atlas.
  assert.equal(await assetFrame.locator('.site-footer').count(), 0);
  const full = assetFrame.getByTestId('open-full');
  assert.equal(await full.getAttribute('target'), '_blank');
  assert.ok(!(await full.getAttribute('href')).includes('/embed'), 'the full atlas link leaves the embed view');
  await screenshot(page, 'embed-host');
  assertClean();
  await context.close();
});

test('navigation inside the sandboxed frame stays inside #/embed/', async () => {
  const { page, context, assertClean } = await openHost();
  const frameEl = page.getByTestId('frame-asset');
  assert.equal(await frameEl.getAttribute('sandbox'), 'allow-scripts allow-same-origin allow-downloads allow-popups');
  const frame = page.frameLocator('[data-testid="frame-asset"]');
  await frame.getByTestId('asset-name').waitFor();
  await frame.getByRole('searchbox', { name: 'Search assets' }).fill('lbl');
  await frame.getByTestId('result').first().waitFor();
  await frame.getByRole('link', { name: 'LBL-024' }).first().click();
  await frame.getByTestId('asset-name').getByText('LBL-024').waitFor();
  const url = await frame.locator('body').evaluate(() => location.hash);
  assert.equal(url, '#/embed/asset/lbl-024');
  const hrefs = await frame.locator('a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const escaping = hrefs.filter((h) => h !== '#main' && !h.startsWith('#/embed'));
  assert.deepEqual(escaping, [], 'every in-app link stays in the embed view');
  assertClean();
  await context.close();
});

test('a fixed-height frame without the snippet still works and scrolls', async () => {
  const { page, context, assertClean } = await openPage(browser, { allowedOrigins: [atlas.origin, host.origin] });
  await page.setContent(`<iframe title="atlas" src="${atlas.url}#/embed/asset/ibi363" height="300" width="600"></iframe>`);
  const frame = page.frameLocator('iframe');
  await frame.getByTestId('asset-name').waitFor();
  const scrollable = await frame.locator('html').evaluate((el) => el.scrollHeight > el.clientHeight);
  assert.ok(scrollable, 'the content scrolls inside the fixed-height frame');
  assertClean();
  await context.close();
});

/** Open the host page in `session`, recording every height message it receives. */
async function openHostIn(session) {
  const heights = [];
  await session.page.exposeFunction('__recordHeight', (h) => heights.push(h));
  await session.page.addInitScript(() => {
    window.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'pipeline-atlas:height') window.__recordHeight(e.data.height);
    });
  });
  await session.page.goto(`${host.url}index.html?atlas=${encodeURIComponent(atlas.url)}`);
  return { ...session, heights };
}

/** The host page, with the atlas's index.html as `cargo xtask dist --embed-origin` writes it. */
async function openHostWithOrigins(origins) {
  const session = await openPage(browser, { allowedOrigins: [atlas.origin, host.origin] });
  await session.context.route(
    (url) => url.origin === atlas.origin && /\/(index\.html)?$/.test(url.pathname),
    async (route) => {
      const response = await route.fetch();
      const meta = `<meta name="pipeline-atlas-embed-origins" content="${origins}">`;
      const body = (await response.text()).replace('</head>', `${meta}</head>`);
      await route.fulfill({ response, body });
    },
  );
  return openHostIn(session);
}

test('with --embed-origin the height goes only to the named hosts', async () => {
  // Bug: heights went to any framing page, which could read result counts from them.
  const named = await openHostWithOrigins(`https://wiki.example ${host.origin}`);
  await named.page.frameLocator('[data-testid="frame-asset"]').getByTestId('asset-name').waitFor();
  await named.page.waitForFunction(() => document.querySelector('[data-testid="frame-asset"]').getBoundingClientRect().height > 600);
  assert.ok(named.heights.length > 0, 'a named host gets the height');
  named.assertClean();
  await named.context.close();

  const other = await openHostWithOrigins('https://wiki.example');
  const frame = other.page.frameLocator('[data-testid="frame-asset"]');
  await frame.getByTestId('asset-name').waitFor();
  // Absence cannot be waited for: give the observer time to post, then check nothing came.
  await other.page.waitForTimeout(500);
  assert.deepEqual(other.heights, [], 'a host the build does not name gets nothing');
  other.assertClean();
  await other.context.close();
});
