#!/usr/bin/env node
// `npm run bench:browser`: the portable part of `npm run bench` (bench/portable.ts: the paper's
// multi-pass and single-pass steps, normals/s, the DMFT at S = 10⁶) in Node and then in headless
// Chromium (web/bench.html, built by vite into web/dist, served with the cross-origin isolation
// headers), one after the other on the same machine; prints both tables and the figures side by
// side. --quick: small sizes (d = 1000, S = 10⁵).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/build.mjs';
import { ensureChromium, launchChromium, openPage } from './lib/chromium.mjs';
import { closeHeld, held } from './lib/held.mjs';
import { fail, run, runMain } from './lib/processes.mjs';
import { origin, startServer, ISOLATION_HEADERS } from './lib/staticServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
/** @param {unknown[]} a */
const log = (...a) => console.log(...a);

/**
 * The figures compared, with how to read each from a report (Node's or the page's).
 * @type {[string, (r: import('../bench/portable.js').PortableReport) => number, number][]}
 */
const ROWS = [
  ['multi-pass step, SIMD (ms)', (r) => r.gdStep.simd.multiPassStepMs, 1],
  ['plain SIMD read of the batch (ms)', (r) => r.gdStep.simd.plainReadMs, 1],
  ['single-pass step incl. data, SIMD (ms)', (r) => r.gdStep.simd.singlePassStepMs, 1],
  ['data generation alone, SIMD (ms)', (r) => r.gdStep.simd.generateMs, 1],
  ['multi-pass step, scalar (ms)', (r) => r.gdStep.scalar.multiPassStepMs, 1],
  ['SIMD speed-up (scalar / SIMD step)', (r) => r.gdStep.scalar.multiPassStepMs / r.gdStep.simd.multiPassStepMs, 2],
  ['normals/s, SIMD (M/s)', (r) => r.normals.normalsPerSecond / 1e6, 0],
  ['normals/s, scalar (M/s)', (r) => r.normals.scalarNormalsPerSecond / 1e6, 0],
  ['DMFT T = 7 best warm (ms)', (r) => r.dmft.wasmMs.best, 0],
  ['DMFT T = 7 cold (ms)', (r) => r.dmft.wasmMs.cold, 0],
  ['single-pass step, reduced engine (ms)', (r) => r.reduced.paperStepMs.reduced, 2],
  ...[0, 1].map((i) => /** @type {[string, (r: import('../bench/portable.js').PortableReport) => number, number]} */ (
    [`online SGD, reduced, d = ${i === 0 ? '10³' : '10⁶'} (M steps/s)`, (r) => r.reduced.online[i].reduced / 1e6, 2])),
];

async function main() {
  await ensureBuild(root, argv, 'bench:browser');
  await run(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root });
  const executablePath = await ensureChromium(root);

  log('— Node —');
  const nodeOut = await run(path.join(root, 'node_modules/.bin/tsx'), ['bench/portableNode.ts', ...(quick ? ['--quick'] : [])], { cwd: root, capture: true });
  /** @type {import('../bench/portable.js').PortableReport & { runtime: string, wasm: string }} bench/portableNode.ts */
  const node = JSON.parse(/** @type {string} split gives one or more lines */ (nodeOut.trim().split('\n').pop()));
  for (const line of node.lines) log(line);

  held.server = await startServer(path.join(root, 'web/dist'), ISOLATION_HEADERS);
  held.browser = await launchChromium(executablePath);
  const url = `${origin(held.server)}/bench.html${quick ? '?quick=1' : ''}`;
  const { page, problems, ready } = await openPage(held.browser, url, () => document.getElementById('status') !== null);
  if (!ready) fail(`${url} did not load: ${problems.join('; ')}`);
  await page.waitForFunction(() => window.benchReport || window.benchError, null, { timeout: 300_000, polling: 500 });
  const { report: browser, error } = await page.evaluate(() => ({ report: window.benchReport, error: window.benchError }));
  if (!browser) fail(`bench page: ${error}`);
  log(`— ${browser.browser} (headless), WASM ${browser.wasm}, ${browser.workers} worker × ${browser.threads} thread of ${browser.hardwareConcurrency} cores, cross-origin isolated: ${browser.crossOriginIsolated} —`);
  for (const line of browser.lines) log(line);

  log(`\n${'same run, same machine'.padEnd(42)}${`${node.runtime} (${node.wasm})`.padStart(22)}${`Chromium (${browser.wasm})`.padStart(22)}${'browser / Node'.padStart(16)}`);
  for (const [name, get, digits] of ROWS) {
    const a = get(node);
    const b = get(browser);
    log(`${name.padEnd(42)}${a.toFixed(digits).padStart(22)}${b.toFixed(digits).padStart(22)}${(b / a).toFixed(2).padStart(16)}`);
  }
  const t = browser.threadsStep;
  if (t.oneThreadMs !== null && t.threadsMs !== null) log(`${`multi-pass step, ${t.threads} threads (ms, browser)`.padEnd(42)}${'npm run bench'.padStart(22)}${t.threadsMs.toFixed(1).padStart(22)}${`${(t.oneThreadMs / t.threadsMs).toFixed(2)}× 1 thread`.padStart(16)}`);
  for (const p of problems) log(`browser problem: ${p}`);
  return problems.length ? 1 : 0;
}

await runMain('bench:browser', 600_000, main, closeHeld);
