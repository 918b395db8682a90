// The shared static test server (lib/server.js): it must never serve a file outside its
// folder and never crash on a malformed URL. No browser: raw HTTP requests, so no client
// normalises the path first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { serve, serveMounts } from '../lib/server.js';

const POLICY = "default-src 'self'";
let tmp;
let site;

before(async () => {
  // dist/ beside dist-single/: a sibling whose name starts with the served folder's name.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-server-'));
  fs.mkdirSync(path.join(tmp, 'dist/sub'), { recursive: true });
  fs.mkdirSync(path.join(tmp, 'dist-single'));
  fs.writeFileSync(
    path.join(tmp, 'dist/index.html'),
    `<head><meta http-equiv="Content-Security-Policy" content="${POLICY}"></head>`,
  );
  fs.writeFileSync(path.join(tmp, 'dist/a.js'), 'export {};');
  fs.writeFileSync(path.join(tmp, 'dist-single/secret.txt'), 'secret');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  site = await serve(path.join(tmp, 'dist'));
});

after(async () => {
  await site?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** GET `rawPath` exactly as written; resolves to { status, headers, body }. */
function get(origin, rawPath) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function check(rawPath, status) {
  const res = await get(site.origin, rawPath);
  assert.equal(res.status, status, rawPath);
  assert.ok(!res.body.includes('secret'), `${rawPath} leaked a file outside the folder`);
  return res;
}

test('files inside the folder are served with the CSP of the built index.html', async () => {
  const index = await check('/', 200);
  assert.equal(index.headers['content-security-policy'], POLICY);
  assert.equal((await check('/a.js', 200)).headers['content-type'], 'text/javascript; charset=utf-8');
  await check('/sub/', 404);
  await check('/missing.js', 404);
});

// Regression: the old server checked `file.startsWith(root)` without a separator, so
// `/..%2fdist-single/secret.txt` (the slash escaped past URL normalisation) was served.
test('an escaped dot-dot never leaves the folder, not even into a sibling sharing its prefix', async () => {
  await check('/..%2fdist-single/secret.txt', 403);
  await check('/..%2fsecret.txt', 403);
  await check('/sub/..%2f..%2fsecret.txt', 403);
  await check('/%2e%2e/secret.txt', 404); // the URL parser folds %2e%2e itself
  await check('/..%5csecret.txt', 404);
});

// Regression: the old server called decodeURIComponent unguarded, and a malformed escape
// threw inside the request handler, taking the whole test process down.
test('a malformed escape or a NUL byte is a 400, and the server keeps answering', async () => {
  await check('/%', 400);
  await check('/%E0%A4%A', 400);
  await check('/a.js%00.html', 400);
  await check('/a.js', 200);
});

test('mounts: the longest prefix wins, a handler answers first, headers go on every response', async () => {
  const server = await serveMounts(
    { '/': path.join(tmp, 'dist'), '/single/': path.join(tmp, 'dist-single') },
    {
      headers: { 'Cache-Control': 'no-store' },
      handle: (req, res, urlPath) => {
        if (urlPath !== '/hook') return false;
        res.writeHead(204).end();
        return true;
      },
    },
  );
  try {
    const secret = await get(server.origin, '/single/secret.txt');
    assert.equal(secret.status, 200);
    assert.equal(secret.body, 'secret');
    assert.equal(secret.headers['cache-control'], 'no-store');
    assert.equal(secret.headers['content-security-policy'], undefined);
    assert.equal((await get(server.origin, '/hook')).status, 204);
    const outside = await get(server.origin, '/single/..%2f..%2fsecret.txt');
    assert.equal(outside.status, 403);
    assert.equal(outside.headers['cache-control'], 'no-store');
  } finally {
    await server.close();
  }
});
