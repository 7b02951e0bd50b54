// Strict TypeScript consumers of the shipped .d.ts (scripts/package/consumer/ts/): nodenext
// and bundler resolution type-check; bundler (browser) code importing a Node-only export fails.
import path from 'node:path';
import { fail, run } from '../lib/processes.mjs';

/** @type {(dir: string, config: string) => Promise<import('../lib/processes.mjs').RunResult>} */
const tsc = (dir, config) => run(process.execPath, [path.join(dir, 'node_modules/typescript/bin/tsc'), '-p', `ts/${config}`],
  { cwd: dir, allowFailure: true });

const PASS = [['tsconfig.nodenext.json', 'nodenext (node types)'], ['tsconfig.bundler.json', 'bundler (DOM, no node types)']];

// The three compilations are independent: run side by side.
/** @param {string} dir the consumer project */
export async function checkTypes(dir) {
  const [nodenext, bundler, nodeOnly] = await Promise.all([...PASS.map(([config]) => tsc(dir, config)), tsc(dir, 'tsconfig.bundler-node-only.json')]);
  const lines = [];
  for (const [r, [, label]] of /** @type {[import('../lib/processes.mjs').RunResult, string[]][]} */ ([[nodenext, PASS[0]], [bundler, PASS[1]]])) {
    if (r.code !== 0) fail(`tsc ${label} failed:\n${r.stdout}${r.stderr}`);
    lines.push(`moduleResolution ${label}: consumer.ts type-checks (strict, skipLibCheck false; results not any)`);
  }
  const expected = /error TS2305: Module '"multipass-gd"' has no exported member 'simulateSeedsThreads'/;
  if (nodeOnly.code === 0 || !expected.test(nodeOnly.stdout)) {
    fail(`browser import of a Node-only export: expected TS2305, got exit ${nodeOnly.code}:\n${nodeOnly.stdout}${nodeOnly.stderr}`);
  }
  lines.push(`bundler import of simulateSeedsThreads fails: ${nodeOnly.stdout.trim().split('\n')[0].replace(/^.*error /, 'error ')}`);
  return lines;
}
