#!/usr/bin/env node
// `npm run test:package`: the package as a user installs it. Packs the repository
// (npm pack), installs the tarball into a fresh temporary project (with vite, typescript and
// @types/node at the repository's versions; offline from the npm cache when it can), and
// checks there:
//   tarball      exactly the `files` entries, source maps resolve into src/, dependencies =
//                what dist/ imports                                  (package/tarball.mjs)
//   ESM          import 'multipass-gd' and run a small simulate, SIMD and scalar
//   CommonJS     require('multipass-gd') works (require(esm)) or fails with ERR_REQUIRE_ESM
//   CLI          npx multipass-gd --help, and a one-seed run equal to the API (package/nodeChecks.mjs)
//   TypeScript   strict consumers, moduleResolution nodenext and bundler; a Node-only import
//                from browser code fails to type-check               (package/typeChecks.mjs)
//   browser      a Vite app in headless Chromium, production build and dev server, and a
//                plain import map: each gives the Node digests       (package/browserChecks.mjs)
// The consumer project's files are scripts/package/consumer/. Prints one block per check and
// 'N passed, N failed'; exits 1 on any failure and after TEST_PACKAGE_TIMEOUT_MS (default
// 300000). Removes its temporary folder on every exit path. Options: --build, --no-build,
// --keep (leave the temporary folder and print where).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/build.mjs';
import { ensureChromium } from './lib/chromium.mjs';
import { describeError, runMain } from './lib/processes.mjs';
import { checkBrowserDev, checkBrowserProd, checkImportMap } from './package/browserChecks.mjs';
import { makeConsumer, pack } from './package/consumer.mjs';
import { checkCjs, checkCli, checkEsm } from './package/nodeChecks.mjs';
import { checkTarball } from './package/tarball.mjs';
import { checkTypes } from './package/typeChecks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.TEST_PACKAGE_TIMEOUT_MS || 300_000);
const NAME = 'test:package';

/** @type {string | null} */
let tmp = null;
async function cleanup() {
  if (tmp && !argv.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
  else if (tmp) console.log(`${NAME}: kept ${tmp}`);
}

/** @typedef {{ passed: number, failed: number }} Tally */

/** Runs one named check, prints its lines (or the failure) and its time; resolves to its value. */
function checker() {
  /** @type {Tally} */
  const tally = { passed: 0, failed: 0 };
  /**
   * @template T
   * @param {string} name
   * @param {() => Promise<{ lines: string[], value: T }>} body
   * @returns {Promise<T | undefined>}
   */
  const check = async (name, body) => {
    const t0 = performance.now();
    try {
      const { lines, value } = await body();
      tally.passed++;
      console.log(`ok    ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      for (const l of lines) console.log(`        ${l}`);
      return value;
    } catch (e) {
      tally.failed++;
      console.log(`FAIL  ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n        ${describeError(e).replace(/\n/g, '\n        ')}`);
      return undefined;
    }
  };
  return { tally, check };
}

async function main() {
  const t0 = performance.now();
  await ensureBuild(root, argv, NAME);
  const work = mkdtempSync(path.join(os.tmpdir(), 'multipass-gd-package-'));
  tmp = work;
  const app = path.join(work, 'app');
  const { tally, check } = checker();
  /**
   * @template T
   * @param {string[]} lines
   * @param {T} [value]
   */
  const same = (lines, value) => ({ lines, value });

  const tarball = await check('npm pack + npm install of the .tgz into a fresh project', async () => {
    const info = await pack(root, work);
    const versions = await makeConsumer(root, app, info.path);
    return same([`${app}: multipass-gd from ${info.filename}, vite ${versions.vite}, typescript ${versions.typescript}, @types/node ${versions.typesNode}`], info);
  });
  if (!tarball) return finish(tally, t0);
  await check('tarball contents', async () => same(checkTarball(path.join(app, 'node_modules/multipass-gd'), tarball)));
  const esm = await check('ESM: import from \'multipass-gd\', simulate (d = 200, 3 steps, seed 7)', async () => {
    const { result, lines } = await checkEsm(app);
    return same(lines, result);
  });
  /** @param {(esm: Record<string, import('./lib/pageGlobals.js').ConsumerResult>) => Promise<string[]>} body */
  const needEsm = (body) => async () => { if (!esm) throw new Error('skipped: the ESM check failed, nothing to compare with'); return same(await body(esm), null); };
  await check('CommonJS: require(\'multipass-gd\')', needEsm((esm) => checkCjs(app, esm)));
  await check('CLI from the installed copy', needEsm((esm) => checkCli(app, esm)));
  await check('TypeScript consumers of the shipped .d.ts', async () => same(await checkTypes(app)));
  const chromium = await ensureChromium(root);
  await check('browser: Vite production build in headless Chromium', needEsm((esm) => checkBrowserProd(app, chromium, esm)));
  await check('browser: Vite dev server in headless Chromium', needEsm((esm) => checkBrowserDev(app, chromium, esm)));
  await check('browser: plain import map, no bundler, in headless Chromium', needEsm((esm) => checkImportMap(app, chromium, esm)));
  return finish(tally, t0);
}

/**
 * @param {Tally} tally
 * @param {number} t0 performance.now() at the start
 */
function finish(tally, t0) {
  console.log(`${NAME}: ${tally.passed} passed, ${tally.failed} failed (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return tally.failed ? 1 : 0;
}

await runMain(NAME, TIMEOUT_MS, main, cleanup);
