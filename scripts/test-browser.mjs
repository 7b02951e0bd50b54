#!/usr/bin/env node
// `npm run test:browser`: checks that the library's browser entry (dist/index.js, built from
// src/ unchanged) runs in headless Chromium and gives the same bits as the Node entry.
//
//  1. builds (npm run build) when dist/ or build/ is missing or older than src/ or assembly/
//     (scripts/lib/build.mjs);
//  2. makes sure Debian's Chromium is installed (scripts/ensure-chromium.sh);
//  3. serves the package root on 127.0.0.1 (ephemeral port) with a tiny static server
//     (scripts/lib/staticServer.mjs);
//  4. opens test/browser/index.html, which imports /dist/index.js and runs the cases of
//     test/browser/shared.js with the SIMD and scalar builds; runs the same cases in Node
//     through dist/node/index.js; compares FNV-1a 64 digests of the exact bits.
//
// Prints one line per case and build; exits 1 on any mismatch, case error, browser console
// error or page error, and after TEST_BROWSER_TIMEOUT_MS (default 180000) in any case.
// Options: --build (always rebuild first), --no-build (never build).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuild } from './lib/build.mjs';
import { ensureChromium, launchChromium, openPage } from './lib/chromium.mjs';
import { fail, runMain } from './lib/processes.mjs';
import { origin, startServer, stopServer, ISOLATION_HEADERS } from './lib/staticServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.TEST_BROWSER_TIMEOUT_MS || 180_000);
/** @param {unknown[]} a */
const log = (...a) => console.log(...a);

// Resources ended on every exit path (the children by runMain).
/** @type {import('node:http').Server | null} */
let server = null;
/** @type {import('playwright-core').Browser | null} */
let browser = null;
async function cleanup() {
  if (browser) { const b = browser; browser = null; await b.close().catch(() => {}); }
  if (server) { const s = server; server = null; await stopServer(s); }
}

/** @typedef {import('./lib/pageGlobals.js').CaseRun} CaseRun */

// ---------- 3. both sides ----------
/**
 * @param {typeof import('../test/browser/shared.js')} shared
 * @returns {Promise<CaseRun[]>}
 */
async function runNode(shared) {
  /** @type {typeof import('../dist/node/index.js')} */
  const lib = await import(pathToFileURL(path.join(root, 'dist/node/index.js')).href);
  /** @type {CaseRun[]} */
  const results = [];
  for (const c of shared.CASES) {
    for (const variant of shared.VARIANTS) {
      const t0 = performance.now();
      try {
        const values = shared.flatten(await c.run(lib, variant));
        results.push({ name: c.name, variant, digest: shared.fnv1a64(values), count: values.length,
          head: Array.from(values.subarray(0, 3)), ms: performance.now() - t0 });
      } catch (e) {
        results.push({ name: c.name, variant, error: String(/** @type {{ stack?: unknown } | null | undefined} */ (e)?.stack ?? e) });
      }
    }
  }
  return results;
}

/**
 * @param {string} executablePath Chromium
 * @param {string} url the test page
 */
async function runBrowser(executablePath, url) {
  browser = await launchChromium(executablePath);
  const { page, problems, ready } = await openPage(browser, url, () => window.browserCasesReady === true);
  if (!ready) {
    const bare = problems.map((p) => /Failed to resolve module specifier "([^"]+)"/.exec(p)?.[1]).find(Boolean);
    const hint = bare ? ` — dist/index.js (from src/) imports the npm package '${bare}' by bare name, which a browser cannot load without a bundler; src/ must import only relative modules` : '';
    fail(`the page did not load its modules: ${problems.join('; ') || 'no error reported within 30 s'}${hint}`);
  }
  // Ready: page.js has set runBrowserCases.
  const results = await page.evaluate(() => /** @type {NonNullable<Window['runBrowserCases']>} */ (window.runBrowserCases)());
  return { version: browser.version(), results, problems };
}

// ---------- main ----------
async function main() {
  await ensureBuild(root, argv, 'test:browser');
  const executablePath = await ensureChromium(root);
  /** @type {typeof import('../test/browser/shared.js')} */
  const common = await import(pathToFileURL(path.join(root, 'test/browser/shared.js')).href);
  /** @type {typeof import('../test/browser/threadsCases.js')} */
  const threads = await import(pathToFileURL(path.join(root, 'test/browser/threadsCases.js')).href);
  const shared = { ...common, CASES: [...common.CASES, ...threads.THREADS_CASES] };

  const nodeResults = await runNode(shared);

  // Cross-origin isolation (the two headers of the README): shared memory for the threads cases.
  server = await startServer(root, ISOLATION_HEADERS);
  const url = `${origin(server)}/test/browser/index.html`;
  const { version, results: browserResults, problems } = await runBrowser(executablePath, url);
  log(`test:browser: Node ${process.version} vs Chromium ${version} (${url})`);

  let bad = 0;
  const width = Math.max(...shared.CASES.map((c) => c.name.length));
  for (const n of nodeResults) {
    const b = browserResults.find((r) => r.name === n.name && r.variant === n.variant);
    const label = `${n.name.padEnd(width)}  ${n.variant.padEnd(6)}`;
    if (n.error !== undefined || !b || b.error !== undefined) {
      bad++;
      log(`FAIL  ${label}  ${[n.error && 'node error: ' + n.error, !b && 'missing in browser', b?.error && 'browser error: ' + b.error].filter(Boolean).join('\n      ')}`);
      continue;
    }
    const same = n.digest === b.digest && n.count === b.count;
    if (!same) bad++;
    log(`${same ? 'ok  ' : 'FAIL'}  ${label}  node ${n.digest}  browser ${b.digest}  ${same ? 'equal' : 'DIFFERENT'}` +
      `  (${n.count} numbers; node ${n.ms.toFixed(0)} ms, browser ${b.ms.toFixed(0)} ms)`);
    if (!same) log(`      first values: node ${n.head.join(', ')} | browser ${b.head.join(', ')}`);
  }
  if (browserResults.length !== nodeResults.length) {
    bad++;
    log(`FAIL  the browser ran ${browserResults.length} case runs, Node ${nodeResults.length}`);
  }
  for (const p of problems) log(`FAIL  browser: ${p}`);
  const total = nodeResults.length;
  if (bad || problems.length) {
    log(`test:browser: ${bad} of ${total} case runs differ or failed; ${problems.length} browser problem(s)`);
    return 1;
  }
  log(`test:browser: all ${total} case runs (${shared.CASES.length} cases × ${shared.VARIANTS.join(' + ')}) bit-identical in Node and Chromium`);
  return 0;
}

await runMain('test:browser', TIMEOUT_MS, main, cleanup);
