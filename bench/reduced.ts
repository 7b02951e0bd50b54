// The reduced engine (docs/model.md §8) against the explicit one, through simulate(): the
// paper's single-pass step (d = 5000, n = 15000, p = k = 2, ReLU) and online SGD (n = 1)
// steps per second at d = 10³ and 10⁶. Per-step times are differences of two run lengths,
// so set-up (teacher, initialisation) cancels; best of `repeats`.
import { simulate } from '../src/simulate.js';
import type { SimulateOptions } from '../src/options/SimulateOptions.js';

export interface ReducedBench {
  paperStepMs: { reduced: number; explicit: number; ratio: number };
  onlineStepsPerSecond: { d: number; reduced: number; explicit: number; ratio: number }[];
}

async function runMs(o: SimulateOptions, repeats: number): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await simulate({ testError: false, record: [0], ...o });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Milliseconds per step: (time of T2 steps − time of T1 steps)/(T2 − T1). */
async function stepMs(o: SimulateOptions, T1: number, T2: number, repeats: number): Promise<number> {
  const a = await runMs({ ...o, steps: T1 }, repeats);
  const b = await runMs({ ...o, steps: T2 }, repeats);
  return Math.max(b - a, 1e-9) / (T2 - T1);
}

export async function benchReduced(repeats = 3): Promise<ReducedBench> {
  const paper: SimulateOptions = { d: 5000, alpha: 3, p: 2, schedule: 'single-pass', target: 'paper-2' };
  const reduced = await stepMs({ ...paper, engine: 'reduced' }, 1, 21, repeats);
  const explicit = await stepMs({ ...paper, engine: 'explicit' }, 1, 4, 2);
  const online = [];
  for (const d of [1000, 1_000_000]) {
    const o: SimulateOptions = { d, n: 1, p: 2, lr: 0.5, schedule: 'single-pass', target: 'z1 + z1*z2' };
    const red = await stepMs({ ...o, engine: 'reduced' }, 1000, 1_001_000, repeats);
    const exp = await stepMs({ ...o, engine: 'explicit' }, 10, d > 1e5 ? 110 : 5010, 1);
    online.push({ d, reduced: 1000 / red, explicit: 1000 / exp, ratio: exp / red });
  }
  return { paperStepMs: { reduced, explicit, ratio: explicit / reduced }, onlineStepsPerSecond: online };
}
