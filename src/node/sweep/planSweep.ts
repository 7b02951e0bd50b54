// What `sweep --dry-run` prints: the number of points, the WebAssembly memory each needs
// (memoryPlan, the same plan a run checks before allocating) and a time estimate from a short
// calibration: the cheapest point run with at most 2 steps and 1 seed, twice (the first run
// pays for loading WASM), scaled by each point's work ∝ seeds·steps·n·d·p (docs/model.md §3:
// one step costs O(n·d·p)). Theory points scale by samples·steps² (the DMFT's time loop).
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
  calibration: { point: number; seconds: number };
}

const CAL_STEPS = 2;

function work(point: SweepPoint, steps?: number, seeds?: number): number {
  const c = point.config as { n: number; d: number; p: number; steps: number; seeds?: number; samples?: number; method?: string };
  const T = Math.max(1, steps ?? c.steps);
  if (point.command === 'run') return (seeds ?? c.seeds ?? 1) * T * c.n * c.d * c.p;
  return c.method === 'single-pass' ? T * c.p : (c.samples ?? 1) * T * T * c.p;
}

function calibrationOptions(point: SweepPoint): Record<string, unknown> {
  const options: Record<string, unknown> = { ...point.options, steps: Math.min(CAL_STEPS, point.config.steps as number) };
  if (point.command === 'run') options.seeds = 1;
  return options;
}

export async function planSweep(points: SweepPoint[], threads = 1): Promise<SweepPlan> {
  let memoryBytes: SweepPlan['memoryBytes'];
  for (const point of points) {
    if (point.command !== 'run') continue;
    const { seeds: _s, ...simulate } = point.options;
    const bytes = memoryPlan(resolveSimulateOptions(simulate)).totalBytes;
    memoryBytes = { min: Math.min(bytes, memoryBytes?.min ?? bytes), max: Math.max(bytes, memoryBytes?.max ?? bytes) };
  }
  if (points.length === 0) return { points: 0, memoryBytes, seconds: 0, calibration: { point: -1, seconds: 0 } };
  const cheapest = points.reduce((a, b) => (work(b) < work(a) ? b : a));
  const probe = { ...cheapest, options: calibrationOptions(cheapest) };
  let seconds = 0;
  for (let i = 0; i < 2; i++) {
    const start = performance.now();
    await runPointNode(probe, 1).catch(() => undefined); // a diverging probe still measures time
    seconds = (performance.now() - start) / 1000;
  }
  const unit = seconds / work(cheapest, Math.min(CAL_STEPS, cheapest.config.steps as number), 1);
  const total = points.reduce((s, p) => s + unit * work(p), 0);
  return { points: points.length, memoryBytes, seconds: total / Math.max(1, threads), calibration: { point: cheapest.index, seconds } };
}
