// The `engine` option: 'explicit' (d-dimensional data and weights, every schedule), 'reduced'
// (the exact low-dimensional process of docs/model.md §8: fresh batches used R consecutive
// times) or 'auto' (reduced whenever it applies and is cheaper). One validator, one range.
import { OptionRangeError } from '../errors.js';
import type { Schedule } from '../schedules/Schedule.js';
import { reducedKeepsGram } from './reducedKeepsGram.js';

export type EngineOption = 'explicit' | 'reduced' | 'auto';
export type Engine = 'explicit' | 'reduced';

/** The reduced engine's size limits: p, k ≤ 16 (its small dense algebra). */
export const REDUCED_MAX_PK = 16;
/**
 * resample:R with R ≥ 2 keeps the batch Gram K (n×n) and costs O(n²p) per step and O(n²)
 * normals per batch, against O(n·d·p) for the explicit step: 'auto' takes it when
 * n ≤ min(d, 4096) (K at most 128 MiB); 'reduced' accepts n up to 8192 (512 MiB).
 */
export const REDUCED_AUTO_GRAM_N = 4096;
export const REDUCED_MAX_GRAM_N = 8192;

/** Steps of the explicit engine; the reduced engine (O(n(p+k)²) per step) goes to 10⁹. */
export const MAX_STEPS_EXPLICIT = 100_000;
export const MAX_STEPS_REDUCED = 1_000_000_000;

export interface EngineContext {
  schedule: Schedule;
  n: number;
  d: number;
  p: number;
  k: number;
  /**
   * A displaced gradient (sam, extragradient): the reduced engine then keeps the batch Gram
   * even for single-pass, since the displacement needs ‖x_μ‖²/d (per sample) or K G (per
   * batch) jointly with the step's GᵀKG (docs/model.md §8).
   */
  displacement?: boolean;
}

/**
 * How many consecutive steps a built-in schedule uses each fresh batch (1 single-pass, R for
 * resample:R), or null for re-used data (multi-pass, epochs, a user-written schedule).
 */
export function freshBatchPeriod(schedule: Schedule): number | null {
  const m = /^resample:([0-9]+)$/.exec(schedule.name);
  const R = schedule.name === 'single-pass' ? 1 : m ? Number(m[1]) : null;
  if (R === null) return null;
  // A user-written Schedule may borrow a name: check that it really draws batch ⌊t/R⌋, all rows.
  for (const t of [0, 1, 2, R - 1, R, R + 1, 2 * R, 3 * R + 1]) {
    const s = schedule.step(t, 1, () => new Int32Array(1));
    if (s.batch !== Math.floor(t / R) || s.rows !== null) return null;
  }
  return R;
}

export function engineOption(value: unknown, c: EngineContext): Engine {
  if (value !== 'explicit' && value !== 'reduced' && value !== 'auto') {
    throw new OptionRangeError('engine', "one of 'explicit', 'reduced', 'auto'", value);
  }
  const R = freshBatchPeriod(c.schedule);
  const fits = c.p <= REDUCED_MAX_PK && c.k <= REDUCED_MAX_PK;
  if (value === 'reduced') {
    if (R === null) {
      throw new OptionRangeError('engine', `'explicit' for schedule '${c.schedule.name}': the reduced engine covers fresh batches only (single-pass, resample:R); re-used data needs the explicit engine or the DMFT (theory --method dmft)`, value);
    }
    if (!fits) throw new OptionRangeError('engine', `'explicit' when p or k exceeds ${REDUCED_MAX_PK} (the reduced engine's limit)`, value);
    if (R >= 2 && c.n > REDUCED_MAX_GRAM_N) throw new OptionRangeError('engine', `'explicit' for resample:R with n > ${REDUCED_MAX_GRAM_N} (the reduced engine keeps the n×n batch Gram)`, value);
    if (c.displacement && c.n > REDUCED_MAX_GRAM_N) {
      throw new OptionRangeError('engine', `'explicit' for sam/extragradient with n > ${REDUCED_MAX_GRAM_N} (to stay exact the reduced engine keeps the n×n batch Gram: the displacement must see the same x⊥ as the step)`, value);
    }
    return 'reduced';
  }
  if (value === 'explicit') return 'explicit';
  const gram = R !== null && reducedKeepsGram(R, c.displacement === true);
  const gramOk = !gram || c.n <= Math.min(c.d, REDUCED_AUTO_GRAM_N);
  return R !== null && fits && gramOk ? 'reduced' : 'explicit';
}

/** steps: integer 0 … 10⁹; beyond 10⁵ only with the reduced engine. */
export function stepsForEngine(steps: number, engine: Engine): number {
  if (engine === 'explicit' && steps > MAX_STEPS_EXPLICIT) {
    throw new OptionRangeError('steps', `an integer from 0 to ${MAX_STEPS_EXPLICIT} with the explicit engine (the reduced engine, for single-pass and resample:R, allows up to ${MAX_STEPS_REDUCED})`, steps);
  }
  return steps;
}
