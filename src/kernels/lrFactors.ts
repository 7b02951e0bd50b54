// η_t/η of a learning-rate schedule (docs/model.md §4), computed in WASM (assembly/lrSchedule.ts)
// for a window of updates: engines fill a window buffer ahead of their step loop.
import type { LrFactor, LrSchedule } from '../schedules/LrSchedule.js';
import type { Backend, BufferId } from '../wasm/backend.js';
import { withBuffers } from '../wasm/backend.js';

const KIND = { step: 1, inverse: 2, cosine: 3, warmup: 4 } as const;

function record(f: LrFactor): [number, number, number] {
  switch (f.kind) {
    case 'step': return [KIND.step, f.gamma, f.every];
    case 'inverse': return [KIND.inverse, f.t0, 0];
    case 'cosine': return [KIND.cosine, 0, 0];
    case 'warmup': return [KIND.warmup, f.steps, 0];
  }
}

/** The schedule as the kernel reads it: 3 float64 (kind, a, b) per factor (assembly/lrSchedule.ts). */
export function lrScheduleRecords(schedule: LrSchedule): number[] {
  return schedule.factors.flatMap(record);
}

/**
 * Writes into `out` (float64) the factors of the updates t = t0 … t0 + count − 1 of a run of
 * T steps. A constant schedule gives 1 everywhere.
 */
export function lrFactors(b: Backend, schedule: LrSchedule, t0: number, count: number, T: number, out: BufferId): void {
  const spec = lrScheduleRecords(schedule);
  withBuffers(b, (scope) => {
    const s = scope.copyF64(spec.length > 0 ? spec : [0]);
    b.kernels.lrFactors(s, schedule.factors.length, t0, count, T, out);
  });
}

/** The factors of the updates t0 … t0 + count − 1, as a JS array (tests, small runs). */
export function lrFactorValues(b: Backend, schedule: LrSchedule, t0: number, count: number, T: number): Float64Array {
  return withBuffers(b, (scope) => {
    const out = scope.buffer(Math.max(1, count) * 8);
    lrFactors(b, schedule, t0, count, T, out);
    return b.readF64(out, count);
  });
}
