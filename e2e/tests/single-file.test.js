// The one-file atlas opens from file:// with no network, deep links included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { launch, openPage, screenshot } from '../lib/browser.js';
import { Atlas } from '../lib/atlas.js';

const SINGLE = process.env.ATLAS_SINGLE_FILE;
let browser;

before(async () => {
  assert.ok(SINGLE, 'ATLAS_SINGLE_FILE must point at dist-single/pipeline-atlas.html');
  browser = await launch();
});
after(async () => browser?.close());

test('the single file opens from file:// and follows a deep link', async () => {
  const { page, assertClean, context } = await openPage(browser, { allowedOrigins: ['file://'] });
  const atlas = new Atlas(page, pathToFileURL(SINGLE).href);
  await atlas.goto('#/asset/ibi363');
  assert.equal(await atlas.assetName(), 'IBI363');
  await atlas.type('lbl');
  await page.getByTestId('result').first().waitFor();
  assert.equal((await atlas.resultNames())[0], 'LBL-024');
  await screenshot(page, 'single-file');
  assertClean();
  await context.close();
});
