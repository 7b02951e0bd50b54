// What `sweep --dry-run` prints: the number of points, the WebAssembly memory each needs
// (memoryPlan, the same plan a run checks before allocating) and a time estimate from a short
// calibration. A run costs, per seed, a setup (data, initialisation) plus steps × a step cost,
// and both grow with the work of one step w = n·d·p (docs/model.md §3); both are measured at
// the smallest and the largest w of the grid (0 and 2 steps, 1 seed) and interpolated linearly
// in w. Theory points take w = samples·p (DMFT) or p (single-pass); the DMFT's cost grows
// faster than linearly in the steps, so its estimate is a lower bound.
import { resolveSimulateOptions } from '../../options/resolveSimulateOptions.js';
import { memoryPlan } from '../../simulation/memoryPlan.js';
import type { SweepPoint } from '../../sweep/SweepPoint.js';
import { runPointNode } from './runPointNode.js';

export interface SweepPlan {
  points: number;
  /** WASM bytes per point (run points), smallest and largest; undefined for theory. */
  memoryBytes?: { min: number; max: number };
  /** Estimated seconds for all points on one process with `threads` threads. */
  seconds: number;
  /** Calibration runs made and their total time. */
  calibration: { runs: number; seconds: number };
}

const CAL_STEPS = 2;

function stepWork(point: SweepPoint): number {
  const c = point.config as { n: number; d: number; p: number; samples?: number; method?: string };
  if (point.command === 'run') return c.n * c.d * c.p;
  return c.method === 'single-pass' ? c.p : (c.samples ?? 1) * c.p;
}

async function timeRun(point: SweepPoint, steps: number): Promise<number> {
  const options: Record<string, unknown> = { ...point.options, steps };
  if (point.command === 'run') options.seeds = 1;
  const start = performance.now();
  await runPointNode({ ...point, options }, 1).catch(() => undefined); // a diverging probe still measures time
  return (performance.now() - start) / 1000;
}

/** Setup and per-step seconds of one seed of `point`. */
async function calibrate(point: SweepPoint): Promise<{ w: number; setup: number; perStep: number }> {
  const setup = await timeRun(point, 0);
  const two = await timeRun(point, CAL_STEPS);
  return { w: stepWork(point), setup, perStep: Math.max(0, two - setup) / CAL_STEPS };
}

function memoryRange(points: SweepPoint[]): SweepPlan['memoryBytes'] {
  let range: SweepPlan['memoryBytes'];
  for (const point of points) {
    if (point.command !== 'run') continue;
    const { seeds: _s, ...simulate } = point.options;
    const bytes = memoryPlan(resolveSimulateOptions(simulate)).totalBytes;
    range = { min: Math.min(bytes, range?.min ?? bytes), max: Math.max(bytes, range?.max ?? bytes) };
  }
  return range;
}

export async function planSweep(points: SweepPoint[], threads = 1): Promise<SweepPlan> {
  const memoryBytes = memoryRange(points);
  if (points.length === 0) return { points: 0, memoryBytes, seconds: 0, calibration: { runs: 0, seconds: 0 } };
  const byWork = [...points].sort((a, b) => stepWork(a) - stepWork(b));
  const started = performance.now();
  await timeRun(byWork[0], CAL_STEPS); // loads WASM and fills caches (test-error quadrature); not counted
  const low = await calibrate(byWork[0]);
  const high = stepWork(byWork.at(-1)!) > low.w ? await calibrate(byWork.at(-1)!) : low;
  const at = (w: number, lo: number, hi: number) => (high.w === low.w ? lo : lo + ((hi - lo) * (w - low.w)) / (high.w - low.w));
  const total = points.reduce((sum, p) => {
    const w = stepWork(p);
    const c = p.config as { steps: number; seeds?: number };
    return sum + (c.seeds ?? 1) * (at(w, low.setup, high.setup) + c.steps * at(w, low.perStep, high.perStep));
  }, 0);
  const runs = high === low ? 3 : 5;
  return { points: points.length, memoryBytes, seconds: total / Math.max(1, threads), calibration: { runs, seconds: (performance.now() - started) / 1000 } };
}
