// A small static server for the bench page: several directories mounted under URL prefixes,
// plus an in-memory /store/ (PUT then GET) through which a page hands a serialized index to
// the next page. Same-origin and cross-origin isolated (COOP + COEP), so performance.now()
// has its fine resolution (5 µs instead of 100 µs) in Chromium.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cache-Control': 'no-store',
};

/**
 * Serve `mounts` ({ '/prefix/': dir }, longest prefix wins) on 127.0.0.1; resolves to
 * { origin, stored(key) → Buffer, close() }.
 */
export function serve(mounts) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const store = new Map();
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (urlPath.startsWith('/store/')) {
      const key = urlPath.slice('/store/'.length);
      if (req.method === 'PUT') {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          store.set(key, Buffer.concat(chunks));
          res.writeHead(204, ISOLATION).end();
        });
        return;
      }
      const body = store.get(key);
      if (!body) {
        res.writeHead(404, ISOLATION).end('not stored');
        return;
      }
      res.writeHead(200, { ...ISOLATION, 'Content-Type': 'application/octet-stream' }).end(body);
      return;
    }
    const prefix = prefixes.find((p) => urlPath.startsWith(p));
    if (!prefix) {
      res.writeHead(404, ISOLATION).end('not found');
      return;
    }
    const dir = path.resolve(mounts[prefix]);
    const file = path.resolve(dir, urlPath.slice(prefix.length) || 'index.html');
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, ISOLATION).end('not found');
      return;
    }
    res.writeHead(200, { ...ISOLATION, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        stored: (key) => store.get(key),
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}
