// A tiny static file server for dist/ on 127.0.0.1 (random free port), for the e2e tests.
//   serve(root, { prefix: '/a/b/' })  serves root under that sub-path only (anything else is a 404),
//                                     as a static host serves a project folder (GitHub Pages: /<repo>/).
// Like a static host with precompressed files, it sends `file.br` / `file.gz` (written by
// scripts/build-site.sh) with Content-Encoding when the browser accepts it and the file is there.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

async function tryRead(path) {
  try { return await readFile(path); } catch { return null; }
}

export async function serve(root, { prefix = '/' } = {}) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix must start and end with '/': ${prefix}`);
  const log = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const notFound = () => {
      log.push({ path: url.pathname, status: 404, encoding: null });
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    };
    if (!url.pathname.startsWith(prefix)) return notFound();
    let path = normalize('/' + decodeURIComponent(url.pathname.slice(prefix.length))).replace(/^(\.\.[/\\])+/, '');
    if (path.endsWith('/')) path += 'index.html';
    const file = join(root, path);
    const accepts = String(req.headers['accept-encoding'] ?? '');
    let body = null;
    let encoding = null;
    for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
      if (!accepts.includes(enc)) continue;
      body = await tryRead(file + ext);
      if (body) { encoding = enc; break; }
    }
    body ??= await tryRead(file);
    if (!body) return notFound();
    const headers = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', vary: 'accept-encoding' };
    if (encoding) headers['content-encoding'] = encoding;
    log.push({ path: url.pathname, status: 200, encoding, bytes: body.length });
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${prefix}`,
    log,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
