// The installed package from Node: an ESM import, a CommonJS require, and the CLI via npx.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fail, run } from '../lib/processes.mjs';

/** @type {(dir: string, file: string) => Promise<string>} */
const node = (dir, file) => run(process.execPath, [file], { cwd: dir, capture: true });

/** @param {import('../lib/pageGlobals.js').ConsumerResult} r */
export const describe = (r) => `M[3][0][0] = ${r.M}, testError[3] = ${r.testError}, digest ${r.digest} (${r.count} numbers)`;

/**
 * Runs scripts/package/consumer/esm.mjs; resolves to its per-build results.
 * @param {string} dir the consumer project
 * @returns {Promise<{ result: Record<string, import('../lib/pageGlobals.js').ConsumerResult>, lines: string[] }>}
 */
export async function checkEsm(dir) {
  /** @type {Record<string, import('../lib/pageGlobals.js').ConsumerResult>} */
  const result = JSON.parse(await node(dir, 'esm.mjs'));
  for (const [backend, r] of Object.entries(result)) if (r.backend !== backend) fail(`asked for ${backend}, ran ${r.backend}`);
  if (result.simd.digest !== result.scalar.digest) fail(`SIMD and scalar builds differ: ${result.simd.digest} vs ${result.scalar.digest}`);
  return { result, lines: Object.entries(result).map(([b, r]) => `${b.padEnd(6)} ${describe(r)}`) };
}

// require(esm) is on by default from Node 20.19 (and 22.12); before it, behind a flag.
const requireEsmByDefault = process.features.require_module === true;

/**
 * @param {string} dir the consumer project
 * @param {Record<string, import('../lib/pageGlobals.js').ConsumerResult>} esm the ESM check's results
 */
export async function checkCjs(dir, esm) {
  const out = JSON.parse(await node(dir, 'cjs.cjs'));
  if (out.error) {
    if (requireEsmByDefault || out.error !== 'ERR_REQUIRE_ESM') fail(`require('multipass-gd') failed on Node ${process.version}: ${out.error} ${out.message}`);
    return [`Node ${process.version} has no require(esm) by default: ${out.error} "${out.message}" (README: use import())`];
  }
  if (out.M !== esm.simd.M) fail(`require() gave M[3][0][0] = ${out.M}, import gave ${esm.simd.M}`);
  return [`Node ${process.version}: require('multipass-gd') works (require(esm)); M[3][0][0] = ${out.M} as with import; require('multipass-gd/package.json').version = ${out.version}`];
}

/**
 * @param {string} dir the consumer project
 * @param {Record<string, import('../lib/pageGlobals.js').ConsumerResult>} esm the ESM check's results
 */
export async function checkCli(dir, esm) {
  /** @param {string[]} args */
  const npx = (...args) => run('npx', ['--no-install', 'multipass-gd', ...args], { cwd: dir, capture: true });
  const help = await npx('--help');
  for (const word of ['Usage: multipass-gd', 'run', 'theory', 'reproduce', 'analyze']) {
    if (!help.includes(word)) fail(`--help does not mention '${word}':\n${help}`);
  }
  // One seed with the ESM case's options: the mean is that trajectory, bit for bit.
  await npx('run', '--target', 'tanh(z1 + He3(z2))', '--d', '200', '--alpha', '2', '--p', '2', '--steps', '3',
    '--schedule', 'multi-pass', '--seed', '7', '--seeds', '1', '--backend', 'simd', '--out', 'run.json');
  const json = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));
  const m = json.M?.mean?.[3]?.[0]?.[0];
  if (m !== esm.simd.M) fail(`run --out run.json: M.mean[3][0][0] = ${m}, the API gave ${esm.simd.M}`);
  return [
    `npx multipass-gd --help: ${help.split('\n').filter((l) => l.trim()).length} lines (run, theory, reproduce, analyze)`,
    `npx multipass-gd run --seeds 1 --seed 7 --out run.json: M.mean[3][0][0] = ${m}, as the API`,
  ];
}
