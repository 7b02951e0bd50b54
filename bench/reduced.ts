// The reduced engine (docs/model.md §8) against the explicit one, through simulate(): the
// paper's single-pass step (d = 5000, n = 15000, p = k = 2, ReLU, no test error) and online SGD
// (n = 1, target tanh(z1 + He3(z2))) at d = 10³ and 10⁶, with a breakdown of an online step by
// subtraction of variants (no timers in the hot loop). Times are the process's CPU time (one
// thread runs a trajectory), so that other work on a shared machine inflates them less than it
// inflates wall time; per-step figures are differences of two run lengths, so set-up cancels;
// best of `repeats`, variants interleaved.
import { createBackend } from '../src/wasm/backend.js';
import { normalBlock } from '../src/kernels/normalBlock.js';
import { simulate } from '../src/simulate.js';
import type { SimulateOptions } from '../src/options/SimulateOptions.js';

export interface OnlineBench {
  d: number;
  /** Reduced engine, steps per CPU second, and ns per step. */
  reduced: number;
  nsPerStep: number;
  /**
   * ns per step by subtraction: target = label tanh(z1 + He3(z2)) against z1; activation = ReLU
   * against the identity u (σ′ = 1); normals = the normals a step draws, timed alone; rest =
   * fields, Σ factor, Bartlett variates, sums and update, and the interpreter's per-call cost.
   */
  breakdown: { target: number; activation: number; normals: number; rest: number };
  explicit: number;
  ratio: number;
}

export interface ReducedBench {
  paperStepMs: { reduced: number; explicit: number; ratio: number };
  online: OnlineBench[];
}

/** Milliseconds of a clock: the process's CPU time in Node, wall time where there is no process (the bench page). */
export type Clock = () => number;

/** CPU milliseconds of this process (Node). */
export const cpuMs: Clock = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function runMs(o: SimulateOptions, clock: Clock): Promise<number> {
  const t0 = clock();
  await simulate({ testError: false, record: [0], ...o });
  return clock() - t0;
}

/** Milliseconds per step of each variant: (best time of T2 steps − best time of T1)/(T2 − T1), best over repeats, variants interleaved. */
async function stepMs(variants: SimulateOptions[], T1: number, T2: number, repeats: number, clock: Clock): Promise<number[]> {
  const a = variants.map(() => Infinity);
  const b = variants.map(() => Infinity);
  for (let r = 0; r < repeats; r++) {
    for (const [i, o] of variants.entries()) {
      a[i] = Math.min(a[i], await runMs({ ...o, steps: T1 }, clock));
      b[i] = Math.min(b[i], await runMs({ ...o, steps: T2 }, clock));
    }
  }
  return variants.map((_, i) => Math.max(b[i] - a[i], 1e-9) / (T2 - T1));
}

/** ns per normal drawn in blocks of `block` (the online engine's block of 512 samples × (p + k + 1)). */
async function normalNs(block: number, calls: number, clock: Clock): Promise<number> {
  const b = await createBackend('auto');
  const out = b.alloc(block * 8);
  try {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = clock();
      for (let i = 0; i < calls; i++) normalBlock(b, out, { seed: 1, stream: 7, index: i, count: block });
      best = Math.min(best, ((clock() - t0) * 1e6) / (calls * block));
    }
    return best;
  } finally {
    b.free(out);
  }
}

export async function benchReduced(repeats = 3, clock: Clock = cpuMs): Promise<ReducedBench> {
  const paper: SimulateOptions = { d: 5000, alpha: 3, p: 2, schedule: 'single-pass', target: 'paper-2' };
  const [reduced] = await stepMs([{ ...paper, engine: 'reduced' }], 1, 41, repeats, clock);
  const [explicit] = await stepMs([{ ...paper, engine: 'explicit' }], 1, 4, 2, clock);
  // Per online step: ξ and label noise (p + k + 1 = 5) and about 3 Bartlett normals (one
  // off-diagonal, two chi-square proposals); the 2 uniforms are not counted.
  const perNormal = await normalNs(512 * 5, 2000, clock);
  const online: OnlineBench[] = [];
  for (const d of [1000, 1_000_000]) {
    const o: SimulateOptions = { d, n: 1, p: 2, lr: 0.5, schedule: 'single-pass', target: 'tanh(z1 + He3(z2))', engine: 'reduced' };
    const [full, plain, linear] = await stepMs([o, { ...o, target: 'z1' }, { ...o, target: 'z1', activation: 'u' }], 1000, 2_001_000, repeats, clock);
    const [exp] = await stepMs([{ ...o, engine: 'explicit' }], 10, d > 1e5 ? 60 : 5010, 1, clock);
    const ns = full * 1e6;
    const target = (full - plain) * 1e6;
    const activation = (plain - linear) * 1e6;
    const normals = 8 * perNormal;
    online.push({
      d, reduced: 1000 / full, nsPerStep: ns, breakdown: { target, activation, normals, rest: ns - target - activation - normals },
      explicit: 1000 / exp, ratio: exp / full,
    });
  }
  return { paperStepMs: { reduced, explicit, ratio: explicit / reduced }, online };
}
