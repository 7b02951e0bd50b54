// Multi-pass at d = 20000, α = 3 (n = 60000; 4.8 GB of f32 rows, more than one 4 GiB WASM
// memory: the rows are sharded over workers, src/kernels/shardPool.ts), 6 steps, in a fresh
// Node process running the built package: time per step and the process's peak RSS (worker
// threads included).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LargeMultiPassBench {
  d: number;
  n: number;
  steps: number;
  /** Seconds from the call to the end of step 1 (data generation, labels and the first step). */
  firstStepS: number;
  /** Mean seconds of steps 2 … T (the data is stored). */
  stepS: number;
  wallS: number;
  peakRssMB: number;
}

export function benchLargeMultiPass(d = 20000, alpha = 3, steps = 6): LargeMultiPassBench {
  const entry = fileURLToPath(new URL('../dist/node/index.js', import.meta.url));
  const script = `
    const { simulate } = await import(${JSON.stringify(entry)});
    const t0 = performance.now();
    const at = [];
    await simulate({ d: ${d}, alpha: ${alpha}, p: 2, steps: ${steps}, schedule: 'multi-pass', engine: 'explicit' }, { onStep: () => at.push(performance.now()) });
    console.log(JSON.stringify({ at, t0, end: performance.now(), rss: process.resourceUsage().maxRSS / 1024 }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { at: number[]; t0: number; end: number; rss: number };
  const first = (r.at[0] - r.t0) / 1000;
  const rest = r.at.length > 1 ? (r.at[r.at.length - 1] - r.at[0]) / 1000 / (r.at.length - 1) : NaN;
  return { d, n: Math.round(alpha * d), steps, firstStepS: first, stepS: rest, wallS: (r.end - r.t0) / 1000, peakRssMB: r.rss };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(benchLargeMultiPass());
