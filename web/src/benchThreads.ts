// The bench page's threads line: the paper case's multi-pass step (d = 5000, n = 15000, p = 2,
// ReLU, f32; quick: d = 1000) in one run on 1 thread and on every core (the library's `threads`
// option, shared memory: a cross-origin isolated page), and whether the two runs have the same
// bits, as they must. Per step: (time of T2 steps − time of 1 step) / (T2 − 1), best of the
// repeats, so that the data generation and the set-up cancel (T2 = 6; quick: 41, the steps being
// 25 times shorter). `npm run bench` measures the same in Node.
import { simulate, type SimulateOptions } from '../../src/index.js';

export interface ThreadsStepBench {
  /** Threads of the threaded run (1 when threads are unavailable here: then `note` says why). */
  threads: number;
  oneThreadMs: number | null;
  threadsMs: number | null;
  /** The 1-thread and the threaded run ended with the same M and Q, bit for bit. */
  identical: boolean | null;
  note?: string;
}

async function timed(o: SimulateOptions): Promise<{ ms: number; bits: string }> {
  const t0 = performance.now();
  const r = await simulate({ ...o, testError: false });
  return { ms: performance.now() - t0, bits: JSON.stringify([r.M.at(-1), r.Q.at(-1)]) };
}

export async function benchThreads(info: { threads: number; threadsUnavailable?: string }, quick: boolean): Promise<ThreadsStepBench> {
  if (info.threadsUnavailable !== undefined || info.threads < 2) {
    return { threads: 1, oneThreadMs: null, threadsMs: null, identical: null, note: info.threadsUnavailable ?? 'one core' };
  }
  const base: SimulateOptions = { d: quick ? 1000 : 5000, alpha: 3, p: 2, seed: 1, schedule: 'multi-pass' };
  const T2 = quick ? 41 : 6;
  const perStep = async (threads: number) => {
    let best = Infinity;
    let bits = '';
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      const one = await timed({ ...base, steps: 1, threads });
      const many = await timed({ ...base, steps: T2, threads });
      best = Math.min(best, (many.ms - one.ms) / (T2 - 1));
      bits = many.bits;
    }
    return { ms: best, bits };
  };
  const one = await perStep(1);
  const many = await perStep(info.threads);
  return { threads: info.threads, oneThreadMs: one.ms, threadsMs: many.ms, identical: one.bits === many.bits };
}

/** The table's line, in the format of bench/lines.ts. */
export function threadsLine(b: ThreadsStepBench): string {
  const label = `  multi-pass step, ${b.threads} thread${b.threads > 1 ? 's' : ''} (page)`.padEnd(44);
  if (b.oneThreadMs === null || b.threadsMs === null) return `${label}n/a (${b.note})`;
  return `${label}${b.threadsMs.toFixed(1)} ms   (1 thread ${b.oneThreadMs.toFixed(1)} ms → ${(b.oneThreadMs / b.threadsMs).toFixed(2)}×; same bits: ${b.identical ? 'yes' : 'NO'})`;
}
