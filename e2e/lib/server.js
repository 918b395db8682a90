// A plain static server for the built atlas: no rewrites, like any static host.
// It serves `root` under `base` (e.g. "/wiki/tools/atlas/") and sends the strict CSP, read
// from the meta tag `cargo xtask dist` writes into index.html (its one source is the CSP
// constant in xtask/src/dist/html.rs).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

/** The policy in `root/index.html`'s `<meta http-equiv="Content-Security-Policy">`. */
export function builtCsp(root) {
  const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8');
  const match = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  if (!match) throw new Error(`${root}/index.html carries no CSP meta tag; rebuild with cargo xtask dist`);
  return match[1];
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Start a server; resolves to { origin, url (origin + base), close() }. */
export function serve(root, { base = '/', csp = builtCsp(root), port = 0 } = {}) {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!urlPath.startsWith(base)) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = path.join(root, urlPath.slice(base.length));
    if (!file.startsWith(path.resolve(root))) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
    if (csp) headers['Content-Security-Policy'] = csp;
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({ origin, url: origin + base, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
