// The installed package in headless Chromium: a Vite app (scripts/package/consumer/index.html
// + main.js) as a production build from a static server and from the dev server with no
// config, and the same main.js with a plain import map (importmap.html, no bundler). Each
// must find its WASM and give the Node ESM digests.
import { createServer } from 'node:net';
import path from 'node:path';
import { launchChromium, openPage } from '../lib/chromium.mjs';
import { fail, run, start } from '../lib/processes.mjs';
import { origin, startServer, stopServer } from '../lib/staticServer.mjs';
import { describe } from './nodeChecks.mjs';

/** @param {string} dir */
const viteBin = (dir) => path.join(dir, 'node_modules/vite/bin/vite.js');

/**
 * Loads `url`, waits for the consumer's result and compares it with Node's.
 * @param {string} executablePath
 * @param {string} url
 * @param {Record<string, import('../lib/pageGlobals.js').ConsumerResult>} nodeResult
 * @returns {Promise<string[]>}
 */
async function compare(executablePath, url, nodeResult) {
  const browser = await launchChromium(executablePath);
  try {
    const { page, problems, requests, ready } = await openPage(browser, url, () => window.packageResult || window.packageError);
    if (!ready) fail(`${url} did not finish: ${problems.join('; ') || 'no result within 30 s'}`);
    // Ready: one of the two is set.
    const { result, error } = /** @type {{ result: Record<string, import('../lib/pageGlobals.js').ConsumerResult>, error?: string }} */ (
      await page.evaluate(() => ({ result: window.packageResult, error: window.packageError })));
    if (error) fail(`${url}: ${error}`);
    if (problems.length) fail(`${url}: ${problems.join('; ')}`);
    const wasm = requests.filter((u) => u.endsWith('.wasm')).map((u) => new URL(u).pathname);
    const lines = [`Chromium ${browser.version()}, ${url}; WASM fetched: ${wasm.join(', ')}`];
    for (const [backend, n] of Object.entries(nodeResult)) {
      const b = result[backend];
      const same = b && b.backend === backend && b.digest === n.digest && b.count === n.count && b.M === n.M && b.testError === n.testError;
      if (!same) fail(`${backend}: browser ${b ? describe(b) : 'no result'} | Node ${describe(n)}`);
      lines.push(`${backend.padEnd(6)} browser ${describe(b)} = Node`);
    }
    return lines;
  } finally {
    await browser.close().catch(() => {});
  }
}

/**
 * @param {string} dir the consumer project
 * @param {string} executablePath Chromium
 * @param {Record<string, import('../lib/pageGlobals.js').ConsumerResult>} nodeResult
 */
export async function checkBrowserProd(dir, executablePath, nodeResult) {
  await run(process.execPath, [viteBin(dir), 'build', '--logLevel', 'warn'], { cwd: dir, capture: true });
  const server = await startServer(path.join(dir, 'dist'));
  try {
    return ['vite build → dist/, static server', ...await compare(executablePath, `${origin(server)}/`, nodeResult)];
  } finally {
    await stopServer(server);
  }
}

/**
 * @param {string} dir the consumer project
 * @param {string} executablePath Chromium
 * @param {Record<string, import('../lib/pageGlobals.js').ConsumerResult>} nodeResult
 */
export async function checkImportMap(dir, executablePath, nodeResult) {
  const server = await startServer(dir);
  try {
    return ['import map → /node_modules/multipass-gd/dist/index.js, static server, no bundler',
      ...await compare(executablePath, `${origin(server)}/importmap.html`, nodeResult)];
  } finally {
    await stopServer(server);
  }
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address()); srv.close(() => resolve(port)); });
  });
}

/**
 * @param {string} dir the consumer project
 * @param {string} executablePath Chromium
 * @param {Record<string, import('../lib/pageGlobals.js').ConsumerResult>} nodeResult
 */
export async function checkBrowserDev(dir, executablePath, nodeResult) {
  const port = await freePort();
  const { child, match } = await start(process.execPath, [viteBin(dir), '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: dir, ready: /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/ });
  try {
    return ['vite dev server (no config, dependency optimizer on)', ...await compare(executablePath, match[1], nodeResult)];
  } finally {
    child.kill('SIGTERM');
  }
}
