// Hostile documents build and their text stays inert: no script runs, no dialog opens, no
// request leaves the origin, and the text is shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '../lib/server.js';
import { launch, openPage, screenshot } from '../lib/browser.js';
import { Atlas } from '../lib/atlas.js';

const DIST = process.env.ATLAS_DIST_EDITED;
const DOCS = ['script-tags', 'template-injection', 'hostile-page', 'rtl-override', 'very-long-line', 'binary-junk', 'empty'];
let browser;
let server;

before(async () => {
  assert.ok(DIST, 'ATLAS_DIST_EDITED must point at the build with the hostile documents');
  browser = await launch();
  server = await serve(DIST);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const doc of DOCS) {
  test(`hostile document ${doc} renders inert`, async () => {
    const { page, context, problems, assertClean } = await openPage(browser, { allowedOrigins: [server.origin] });
    page.on('dialog', (d) => {
      problems.push(`dialog opened: ${d.message()}`);
      d.dismiss();
    });
    const atlas = new Atlas(page, server.url);
    await atlas.goto(`#/doc/${doc}`);
    const shown = page.getByTestId('doc-page').or(page.getByTestId('not-found'));
    await shown.first().waitFor();
    if (doc !== 'empty' && doc !== 'binary-junk') {
      await page.getByTestId('doc-page').waitFor();
    }
    // Give any payload the chance to run, then check that none did.
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null, 'no payload ran');
    assert.equal(await page.locator('[data-testid="doc-text"] script, [data-testid="doc-text"] img, [data-testid="doc-text"] svg, [data-testid="doc-text"] iframe').count(), 0);
    if (doc === 'script-tags') {
      const text = await page.getByTestId('doc-text').innerText();
      assert.match(text, /<script>window.__pwned = 'script-tag'/, 'the markup is shown as text');
      await screenshot(page, 'hostile-script-tags');
    }
    // Links in the page are our own; javascript: never becomes an href.
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs.filter((h) => /^\s*javascript:/i.test(h)), []);
    assertClean();
    await context.close();
  });
}

test('searching the hostile corpus finds text without running it', async () => {
  const { page, context, assertClean } = await openPage(browser, { allowedOrigins: [server.origin] });
  const atlas = new Atlas(page, server.url);
  await atlas.goto('#/?q=%3Cscript%3E');
  await page.getByTestId('results-summary').waitFor();
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assertClean();
  await context.close();
});
