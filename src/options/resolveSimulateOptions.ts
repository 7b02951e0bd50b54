// Options are resolved and validated once, before any work.
import { OptionRangeError, OptionTypeError } from '../errors.js';
import { parseActivation, parseTarget, type ParsedActivation, type ParsedTarget } from '../expr/index.js';
import { isSchedule, parseSchedule } from '../schedules/parseSchedule.js';
import type { Schedule } from '../schedules/Schedule.js';
import type { VariantRequest } from '../wasm/backend.js';
import type { InitOption, SecondLayerOption, SimulateOptions } from './SimulateOptions.js';
import { enumOption, integerOption, knownKeys, numberOption } from './validators.js';
import { engineOption, MAX_STEPS_EXPLICIT, MAX_STEPS_REDUCED, stepsForEngine, type Engine } from './engineOption.js';
import { recordOption, type ResolvedRecord } from './recordOption.js';

export interface ResolvedSimulateOptions {
  target: ParsedTarget;
  activation: ParsedActivation;
  k: number;
  d: number;
  n: number;
  alpha: number;
  p: number;
  lr: number;
  steps: number;
  schedule: Schedule;
  weightDecay: number;
  labelNoise: number;
  init: InitOption;
  secondLayer: SecondLayerOption;
  seed: number;
  storage: 'f32' | 'f64';
  backend: VariantRequest;
  testError: boolean;
  /** The engine that runs (docs/model.md §8 for 'reduced'); 'auto' is resolved here. */
  engine: Engine;
  /** Recorded steps (sorted, within 0 … steps). */
  record: ResolvedRecord;
}

export const SIMULATE_OPTION_KEYS = [
  'target', 'k', 'activation', 'd', 'alpha', 'n', 'p', 'lr', 'steps', 'schedule', 'weightDecay',
  'labelNoise', 'init', 'secondLayer', 'seed', 'storage', 'backend', 'testError', 'engine', 'record',
] as const;

export const DEFAULTS = {
  target: 'paper-2',
  activation: 'relu',
  d: 5000,
  alpha: 3,
  p: 2,
  lr: 0.2,
  steps: 6,
  schedule: 'multi-pass',
  weightDecay: 0,
  labelNoise: 0,
  init: 'orthogonal',
  secondLayer: 'alternating',
  seed: 0,
  storage: 'f32',
  backend: 'auto',
  testError: true,
  engine: 'auto',
} as const;

export const MAX_D = 10_000_000;
export const MAX_N = 100_000_000;
export const MAX_P = 256;
export const MAX_K = 64;
/** Steps of the explicit engine (the reduced engine allows MAX_STEPS_REDUCED). */
export const MAX_STEPS = MAX_STEPS_EXPLICIT;

/**
 * Validates `options` (plus `extraKeys`, options of the caller such as `seeds`) and fills
 * docs/model.md defaults. Throws OptionTypeError / OptionRangeError / ExpressionError naming
 * the option.
 */
export function resolveSimulateOptions(options: SimulateOptions = {}, extraKeys: readonly string[] = []): ResolvedSimulateOptions {
  if (typeof options !== 'object' || options === null) throw new OptionTypeError('options', 'must be an object');
  knownKeys(options, [...SIMULATE_OPTION_KEYS, ...extraKeys]);
  const o = { ...DEFAULTS, ...stripUndefined(options) } as Required<SimulateOptions>;

  const d = integerOption('d', o.d, 2, MAX_D);
  let n: number;
  let alpha: number;
  if (options.n !== undefined) {
    n = integerOption('n', o.n, 1, MAX_N);
    alpha = n / d;
  } else {
    alpha = numberOption('alpha', o.alpha, { min: 0, exclusiveMin: true, max: MAX_N });
    n = Math.round(alpha * d);
    if (!(n >= 1 && n <= MAX_N)) throw new OptionRangeError('alpha', `such that round(alpha·d) is from 1 to ${MAX_N}`, alpha);
  }
  const p = integerOption('p', o.p, 1, MAX_P);
  const lr = numberOption('lr', o.lr, { min: 0, exclusiveMin: true, max: 1e6 });
  const stepsAsked = integerOption('steps', o.steps, 0, MAX_STEPS_REDUCED);
  const weightDecay = numberOption('weightDecay', o.weightDecay, { min: 0 });
  if (!(lr * weightDecay < 1)) throw new OptionRangeError('weightDecay', `such that lr·weightDecay < 1 (lr = ${lr})`, weightDecay);
  const labelNoise = numberOption('labelNoise', o.labelNoise, { min: 0, max: 1e12 });
  const seed = integerOption('seed', o.seed, 0, 2 ** 32 - 1);
  const storage = enumOption('storage', o.storage, ['f32', 'f64'] as const);
  const backend = enumOption('backend', o.backend, ['auto', 'simd', 'scalar'] as const);
  const secondLayer = enumOption('secondLayer', o.secondLayer, ['alternating', 'ones', 'mean', 'random-signs'] as const);
  if (typeof o.testError !== 'boolean') throw new OptionTypeError('testError', 'must be true or false');

  let schedule: Schedule;
  if (isSchedule(o.schedule)) schedule = o.schedule;
  else if (typeof o.schedule === 'string') schedule = parseSchedule(o.schedule);
  else throw new OptionTypeError('schedule', "must be 'multi-pass', 'single-pass', 'resample:R', 'epochs:B' or a Schedule value");

  if (typeof o.target !== 'string') throw new OptionTypeError('target', 'must be an expression string');
  if (typeof o.activation !== 'string') throw new OptionTypeError('activation', 'must be an expression string');
  if (options.k !== undefined) integerOption('k', options.k, 1, MAX_K);
  const target = parseTarget(o.target, { k: options.k, option: 'target' });
  const k = integerOption('k', target.k, 1, MAX_K);
  if (k > d - p) throw new OptionRangeError('d', `at least k + p = ${k + p} (the student is initialised orthogonal to the k target directions)`, d);
  const activation = parseActivation(o.activation, { option: 'activation' });
  const init = resolveInit(o.init, p, k);
  const engine = engineOption(o.engine, { schedule, n, d, p, k });
  const steps = stepsForEngine(stepsAsked, engine);
  const record = recordOption(options.record, steps);

  return {
    target, activation, k, d, n, alpha, p, lr, steps, schedule, weightDecay, labelNoise, init,
    secondLayer, seed, storage, backend, testError: o.testError, engine, record,
  };
}

function resolveInit(init: unknown, p: number, k: number): InitOption {
  if (init === 'orthogonal' || init === 'random') return init;
  if (typeof init === 'object' && init !== null && 'm0' in init) {
    const m0 = (init as { m0: unknown }).m0;
    if (!Array.isArray(m0) || m0.length !== p) throw new OptionRangeError('init.m0', `a p×k array (${p}×${k})`, m0);
    const rows = m0.map((row, j) => {
      if (!Array.isArray(row) || row.length !== k) throw new OptionRangeError(`init.m0[${j}]`, `an array of k = ${k} numbers`, row);
      const r = row.map((v, c) => numberOption(`init.m0[${j}][${c}]`, v, { min: -1, max: 1 }));
      // Integer-free check of ‖m0_j‖ < 1 happens in WASM (combineRows); a rough JS pre-check
      // only gives the user an early, named error.
      if (!(r.reduce((s, v) => s + v * v, 0) < 1)) throw new OptionRangeError(`init.m0[${j}]`, 'a row of norm < 1', row);
      return r;
    });
    return { m0: rows };
  }
  throw new OptionRangeError('init', "'orthogonal', 'random' or { m0: p×k array }", init);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}
