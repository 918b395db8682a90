// The one static test server of the project, shared by the end-to-end tests and the browser
// benches (bench/run.mjs, bench/app.mjs import it from here). Plain static files, no
// rewrites, like any static host: folders mounted under URL prefixes, on 127.0.0.1 only.
//
// For the atlas it sends the strict CSP read from the meta tag `cargo xtask dist` writes into
// index.html (the policy's one source is the CSP constant in xtask/src/dist/html.rs; no copy
// of it lives here). A URL never reaches outside its folder: the decoded path must resolve
// inside it, separator included (`/..%2fdist-single/` names a sibling folder that merely
// shares a prefix), and a malformed escape is a 400, never a crash of the test run.
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

/**
 * Where URL path `urlPath` (still percent-encoded) points: `{ status: 200, file }`, or
 * `{ status }` with 400 (malformed escape or a NUL byte), 403 (outside every folder) or 404.
 * `mounts` maps URL prefixes ending in `/` to folders; the longest prefix wins.
 */
export function resolve(mounts, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0')) return { status: 400 };
  const prefix = Object.keys(mounts)
    .sort((a, b) => b.length - a.length)
    .find((p) => decoded.startsWith(p));
  if (prefix === undefined) return { status: 404 };
  const dir = path.resolve(mounts[prefix]);
  let file = path.resolve(dir, '.' + path.sep + decoded.slice(prefix.length));
  if (file !== dir && !file.startsWith(dir + path.sep)) return { status: 403 };
  let stat = statOf(file);
  if (stat?.isDirectory()) {
    file = path.join(file, 'index.html');
    stat = statOf(file);
  }
  return stat?.isFile() ? { status: 200, file } : { status: 404 };
}

function statOf(file) {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

const REASONS = { 400: 'bad request', 403: 'forbidden', 404: 'not found' };

/**
 * Serve `mounts` ({ '/prefix/': dir }) on 127.0.0.1. Options: `csp` (a policy header, or
 * null), `headers` (sent with every response), `port` (0: any free one), and `handle(req,
 * res, urlPath)`, called first, returning true when it answered the request itself.
 * Resolves to { origin, close() }.
 */
export function serveMounts(mounts, { csp = null, headers = {}, port = 0, handle } = {}) {
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = new URL(req.url, 'http://x').pathname;
    } catch {
      res.writeHead(400, headers).end(REASONS[400]);
      return;
    }
    if (handle?.(req, res, urlPath)) return;
    const found = resolve(mounts, urlPath);
    if (found.status !== 200) {
      res.writeHead(found.status, headers).end(REASONS[found.status]);
      return;
    }
    const sent = { ...headers, 'Content-Type': TYPES[path.extname(found.file)] ?? 'application/octet-stream' };
    if (csp) sent['Content-Security-Policy'] = csp;
    const stream = fs.createReadStream(found.file);
    stream.on('error', () => res.destroy());
    res.writeHead(200, sent);
    stream.pipe(res);
  });
  return new Promise((resolvePromise) => {
    server.listen(port, '127.0.0.1', () => {
      resolvePromise({
        origin: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

/**
 * Serve one built atlas `root` under `base` (e.g. "/wiki/tools/atlas/") with its own CSP
 * (`csp: null` sends none); resolves to { origin, url (origin + base), close() }.
 */
export async function serve(root, { base = '/', csp = builtCsp(root), port = 0 } = {}) {
  const server = await serveMounts({ [base]: root }, { csp, port });
  return { ...server, url: server.origin + base };
}
