// A tiny static file server on 127.0.0.1 (ephemeral port) for the browser checks: serves
// files under `root` only, GET/HEAD, no caching.
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** @type {Record<string, string>} */
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json', '.css': 'text/css',
  '.png': 'image/png', '.svg': 'image/svg+xml',
};

/**
 * @param {string} root
 * @param {Record<string, string>} headers
 * @returns {import('node:http').RequestListener}
 */
function handler(root, headers) {
  return (req, res) => {
    /** @type {(code: number, text: string) => void} */
    const send = (code, text) => { res.writeHead(code, { 'content-type': 'text/plain' }); res.end(text); };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let rel;
    try { rel = decodeURIComponent(new URL(/** @type {string} a server's request always has one */ (req.url), 'http://x').pathname); } catch { return send(400, 'bad path'); }
    if (rel.includes('\0')) return send(400, 'bad path');
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, '.' + path.posix.normalize(rel));
    const inside = path.relative(root, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return send(403, 'outside the served root');
    let st;
    try { st = statSync(file); } catch { return send(404, 'not found'); }
    if (!st.isFile()) return send(404, 'not found');
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-length': st.size, 'cache-control': 'no-store', ...headers,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };
}

/** The two headers that make a page cross-origin isolated (SharedArrayBuffer, WebAssembly threads). */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * Resolves to the listening server; `origin(server)` is its http://127.0.0.1:PORT. `headers`
 * are added to every file response (e.g. the cross-origin isolation pair).
 * @param {string} root
 * @param {Record<string, string>} [headers]
 * @returns {Promise<import('node:http').Server>}
 */
export function startServer(root, headers = {}) {
  const srv = http.createServer(handler(root, headers));
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

/** @param {import('node:http').Server} server */
export const origin = (server) => `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;

/**
 * @param {import('node:http').Server} server
 * @returns {Promise<void>}
 */
export function stopServer(server) {
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}
