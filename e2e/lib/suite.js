// The setup every page-level test file shares: one browser, the built dist/ served on a
// loopback port with the strict CSP, and a fresh checked page per test.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './server.js';
import { launch, openPage } from './browser.js';
import { Atlas } from './atlas.js';

/** Registers before/after hooks; `suite.browser` and `suite.root` are set once they ran. */
export function atlasSuite() {
  const suite = { browser: null, root: null };
  before(async () => {
    assert.ok(process.env.ATLAS_DIST, 'ATLAS_DIST must point at the built dist/ (run through cargo xtask test)');
    suite.browser = await launch();
    suite.root = await serve(process.env.ATLAS_DIST);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.root?.close();
  });
  /** A checked page on `server` (default: the root server) with its page object. */
  suite.atlasAt = async (server, opts = {}) => {
    const session = await openPage(suite.browser, { allowedOrigins: [server.origin], ...opts });
    return { ...session, atlas: new Atlas(session.page, server.url) };
  };
  return suite;
}
