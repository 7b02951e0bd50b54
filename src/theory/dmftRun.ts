// The DMFT time loop shared by the browser-safe single-thread dmft() and the Node
// worker-thread variant: the solver (this backend) and a driver that owns the samples.
import { DivergenceError } from '../errors.js';
import type { DmftPlan } from '../kernels/dmftPlan.js';
import type { Backend } from '../wasm/backend.js';
import type { ResolvedDmftOptions } from './dmftOptions.js';
import { assembleDmftResult, type DmftResult } from './dmftResult.js';
import { DmftSolver } from './dmftSolver.js';

/** Owner of the S samples: all chunks on one backend, or spread over workers. */
export interface DmftDriver {
  init(L0: Float64Array): Promise<void>;
  /** Moment sums of every chunk, in chunk order (src/kernels/dmftChunks.ts step). */
  step(t: number, advance: Float64Array | null, field: Float64Array): Promise<Float64Array>;
}

export async function runDmft(backend: Backend, resolved: ResolvedDmftOptions, plan: DmftPlan, driver: DmftDriver): Promise<DmftResult> {
  const { p, k, T, S } = plan;
  const solver = new DmftSolver(backend, plan, resolved.phys);
  try {
    const L0 = solver.init(resolved.M0, resolved.Q0);
    await driver.init(L0);
    let advance: Float64Array | null = null;
    for (let t = 0; t <= T; t++) {
      const partials = await driver.step(t, advance, solver.fieldCoefs(t));
      const obs = solver.step(t, partials);
      if (!obs.every(Number.isFinite)) {
        const partial = assembleDmftResult(solver.obs.slice(0, t), solver.se.slice(0, t), solver.gobs.slice(0, t), solver.counts, p, k, T, S, resolved.config, { mean: solver.a, se: solver.aSe });
        throw new DivergenceError(t, partial, 'the DMFT moments became NaN or infinite');
      }
      if (t < T) advance = solver.advanceCoefs(t);
      resolved.onProgress?.(t + 1, T + 1);
    }
    return assembleDmftResult(solver.obs, solver.se, solver.gobs, solver.counts, p, k, T, S, resolved.config, { mean: solver.a, se: solver.aSe });
  } finally {
    solver.free();
  }
}
