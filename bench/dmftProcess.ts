// Multi-pass DMFT as whole processes, what a user waits for: `multipass-gd theory --method dmft`
// (node start, imports, WASM compilation, memory first touch, compute, JSON written) against
// the numpy implementation bench/dmft_numpy.py of the same equations run as `python3`, the
// two interleaved round by round so that the shared machine's load hits both alike; median
// and minimum of each. Needs `npm run build` (the CLI runs from dist/).
// Run: npx tsx bench/dmftProcess.ts [rounds]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DmftProcessBench {
  rounds: number;
  /** Wall times of the CLI process, ms. */
  cliMs: { median: number; min: number };
  /** Wall times of the numpy process, ms, or null without python3/numpy. */
  numpyMs: { median: number; min: number } | null;
  /** numpy / CLI, of the medians and of the minima. */
  ratio: { median: number; min: number } | null;
  line: string;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

function timed(command: string, args: string[]): number | null {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    if (command === 'node') throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
    return null;
  }
  return ms;
}

function stats(xs: number[]): { median: number; min: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0] };
}

export function benchDmftProcess(rounds = 5, samples = 1_000_000, steps = 6, target = 'paper-2'): DmftProcessBench {
  const dir = mkdtempSync(join(tmpdir(), 'dmft-process-'));
  const cli = [here('../bin/multipass-gd.js'), 'theory', '--method', 'dmft', '--target', target, '--samples', String(samples), '--steps', String(steps), '--out', join(dir, 'dmft.json'), '--quiet'];
  const numpy = [here('./dmft_numpy.py'), target, String(samples), String(steps)];
  const ours: number[] = [];
  const theirs: number[] = [];
  try {
    timed('node', cli); // warms the file cache, as the numpy run below does for python
    let python = timed('python3', numpy) !== null;
    for (let r = 0; r < rounds; r++) {
      ours.push(timed('node', cli)!);
      const t = python ? timed('python3', numpy) : null;
      if (t === null) python = false;
      else theirs.push(t);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cliMs = stats(ours);
  const numpyMs = theirs.length === rounds ? stats(theirs) : null;
  const ratio = numpyMs && { median: numpyMs.median / cliMs.median, min: numpyMs.min / cliMs.min };
  const head = `dmft process T = ${steps}, S = ${samples}, ${target}, ${rounds} interleaved rounds: CLI median ${cliMs.median.toFixed(0)} ms (min ${cliMs.min.toFixed(0)})`;
  const line = numpyMs && ratio
    ? `${head}; numpy process median ${numpyMs.median.toFixed(0)} ms (min ${numpyMs.min.toFixed(0)}) → ${ratio.median.toFixed(1)}× (of minima ${ratio.min.toFixed(1)}×, goal ≥ 4×)`
    : `${head}; numpy process skipped (python3 with numpy unavailable)`;
  return { rounds, cliMs, numpyMs, ratio, line };
}

const isMain = typeof process !== 'undefined' && process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) console.log(benchDmftProcess(process.argv[2] ? Number(process.argv[2]) : undefined).line);
