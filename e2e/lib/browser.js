// Headless Chromium (Debian's, via playwright-core) with the checks every test wants:
// no console error, no uncaught exception, no request to any origin but the page's own.
// The one launcher of the project: the benches (bench/run.mjs, bench/app.mjs) start their
// browser here too, so the flags live in one place.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Debian's Chromium, headless; `extraArgs` adds flags (the bench's precise memory info). */
export async function launch({ extraArgs = [] } = {}) {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: [...ARGS, ...extraArgs] });
}

/**
 * A fresh context and page that records problems. `allowedOrigins` lists the origins the page
 * may talk to (its own); `file://` pages may only load file: and data: URLs.
 */
export async function openPage(browser, { allowedOrigins = [], viewport = { width: 1280, height: 900 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return;
    if (url.startsWith('file:') && allowedOrigins.includes('file://')) return;
    const origin = url.startsWith('file:') ? 'file://' : new URL(url).origin;
    if (!allowedOrigins.includes(origin)) problems.push(`off-origin request: ${url}`);
  });
  return {
    context,
    page,
    problems,
    /** Fail the test on any recorded problem. */
    assertClean() {
      assert.deepEqual(problems, [], 'the page reported problems');
    },
  };
}

/** Save a screenshot into $ATLAS_SCREENSHOTS (printed by `cargo xtask test`). */
export async function screenshot(page, name) {
  const dir = process.env.ATLAS_SCREENSHOTS || path.resolve('screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Run axe-core in the page; fail on serious or critical violations. */
export async function assertAccessible(page, label) {
  const axeSource = fs.readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  // axe is injected through the DevTools protocol, which CSP does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: axe found serious or critical violations`);
  return result;
}
