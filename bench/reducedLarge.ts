// Single-pass at d = 10⁶ on the reduced engine over worker threads (Node only: the bench page
// runs bench/reduced.ts, not this).
import { simulateSeedsThreads } from '../src/node/simulateSeedsThreads.js';
import { cpuMs } from './reduced.js';

export interface LargeSinglePassBench {
  d: number;
  seeds: number;
  threads: number;
  wallS: number;
  /** CPU seconds of all threads: the wall time on an otherwise idle machine is about cpuS / threads. */
  cpuS: number;
  rssMB: number;
}

/** Single-pass at d = 10⁶, α = 3 (n = 3·10⁶ per step, streamed), 6 steps, over worker threads. */
export async function benchReducedLarge(seeds = 32, threads = 2): Promise<LargeSinglePassBench> {
  const t0 = performance.now();
  const c0 = cpuMs();
  await simulateSeedsThreads({ d: 1e6, alpha: 3, p: 2, steps: 6, seeds, threads, schedule: 'single-pass', target: 'paper-2', engine: 'reduced' });
  return { d: 1e6, seeds, threads, wallS: (performance.now() - t0) / 1000, cpuS: (cpuMs() - c0) / 1000, rssMB: process.memoryUsage().rss / 2 ** 20 };
}
