// Options are resolved and validated once, before any work.
import { OptionRangeError, OptionTypeError } from '../errors.js';
import { parseActivation, type ParsedActivation, type ParsedTarget } from '../expr/index.js';
import { isSchedule, parseSchedule } from '../schedules/parseSchedule.js';
import type { Schedule } from '../schedules/Schedule.js';
import type { VariantRequest } from '../wasm/backend.js';
import type { InitOption, SecondLayerOption, SimulateOptions } from './SimulateOptions.js';
import { checkDynamics } from './checkDynamics.js';
import { checkOption, OPTION_RANGES } from './optionRanges.js';
import { refuseUnused } from './refuseUnused.js';
import { targetWithK } from './targetWithK.js';
import { enumOption, knownKeys, numberOption } from './validators.js';
import { engineOption, stepsForEngine, type Engine } from './engineOption.js';
import { recordOption, type ResolvedRecord } from './recordOption.js';
import { resolveTraining, TRAINING_OPTION_KEYS, type ResolvedTraining } from './trainingOptions.js';
import { checkTrainingSupport, type TrainingRunner } from './trainingSupport.js';
import { stripUndefined } from './stripUndefined.js';

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
  /** 'random-signs' is resolved to 'rademacher' (the type keeps the alias for older callers). */
  secondLayer: SecondLayerOption;
  seed: number;
  /** Given by the caller, or undefined: then every run draws its second layer from its own seed. */
  secondLayerSeed: number | undefined;
  storage: 'f32' | 'f64';
  backend: VariantRequest;
  testError: boolean;
  /** Which of d, n, alpha a memory error names: the one the caller gave that drives the size. */
  sizeOption: 'd' | 'n' | 'alpha';
  /** The engine that runs (docs/model.md §8 for 'reduced'); 'auto' is resolved here. */
  engine: Engine;
  /** Recorded steps (sorted, within 0 … steps). */
  record: ResolvedRecord;
  /** Training variants (docs/model.md §4); all off by default. */
  training: ResolvedTraining;
}

export const SIMULATE_OPTION_KEYS = [
  'target', 'k', 'activation', 'd', 'alpha', 'n', 'p', 'lr', 'steps', 'schedule', 'weightDecay',
  'labelNoise', 'init', 'secondLayer', 'secondLayerSeed', 'seed', 'storage', 'backend', 'testError', 'engine', 'record',
  ...TRAINING_OPTION_KEYS,
] as const;

/** Options of theory() that a simulation does not have: refused by name rather than as unknown. */
const THEORY_ONLY = {
  method: 'it chooses the theory (theory())',
  samples: "it is the DMFT's Monte Carlo size (theory())",
} as const;

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


/**
 * Validates `options` (plus `extraKeys`, options of the caller such as `seeds`) and fills
 * docs/model.md defaults, and checks that the engine (or `theoryRunner`) covers the training
 * variants. Throws OptionTypeError / OptionRangeError / ExpressionError naming
 * the option.
 */
export function resolveSimulateOptions(
  options: SimulateOptions = {},
  extraKeys: readonly string[] = [],
  /** The theory that will run these options instead of an engine (theory()), for the variant check. */
  theoryRunner?: Exclude<TrainingRunner, 'explicit' | 'reduced' | 'sharded'>,
): ResolvedSimulateOptions {
  if (typeof options !== 'object' || options === null) throw new OptionTypeError('options', 'must be an object');
  refuseUnused(options, THEORY_ONLY, 'the simulation');
  knownKeys(options, [...SIMULATE_OPTION_KEYS, ...extraKeys]);
  const o = { ...DEFAULTS, ...stripUndefined(options) } as Required<SimulateOptions>;

  const d = checkOption('d', o.d);
  let n: number;
  let alpha: number;
  if (options.n !== undefined) {
    n = checkOption('n', o.n);
    alpha = n / d;
  } else {
    alpha = checkOption('alpha', o.alpha);
    n = Math.round(alpha * d);
    const { min, max } = OPTION_RANGES.n;
    if (!(n >= min && n <= max)) throw new OptionRangeError('alpha', `such that round(alpha·d) is from ${min} to ${max}`, alpha);
  }
  const { p, lr, weightDecay, labelNoise, steps: stepsAsked, seed } = checkDynamics(o);
  const storage = enumOption('storage', o.storage, ['f32', 'f64'] as const);
  const backend = enumOption('backend', o.backend, ['auto', 'simd', 'scalar'] as const);
  const secondLayer = secondLayerOption(o.secondLayer);
  const secondLayerSeed = options.secondLayerSeed === undefined ? undefined : checkOption('secondLayerSeed', options.secondLayerSeed);
  if (typeof o.testError !== 'boolean') throw new OptionTypeError('testError', 'must be true or false');

  // The reduced engine runs fresh batches only: asked for without a schedule, it means single-pass.
  const asked = options.schedule === undefined && options.engine === 'reduced' ? 'single-pass' : o.schedule;
  let schedule: Schedule;
  if (isSchedule(asked)) schedule = asked;
  else if (typeof asked === 'string') schedule = parseSchedule(asked);
  else throw new OptionTypeError('schedule', "must be 'multi-pass', 'single-pass', 'resample:R', 'epochs:B' or a Schedule value");

  if (typeof o.target !== 'string') throw new OptionTypeError('target', 'must be an expression string');
  if (typeof o.activation !== 'string') throw new OptionTypeError('activation', 'must be an expression string');
  const target = targetWithK(o.target, options.k);
  const k = target.k;
  if (k > d - p) throw new OptionRangeError('d', `at least k + p = ${k + p} (the student is initialised orthogonal to the k target directions)`, d);
  const activation = parseActivation(o.activation, { option: 'activation' });
  const init = resolveInit(o.init, p, k);
  const training = resolveTraining(options);
  const engine = engineOption(o.engine, { schedule, n, d, p, k, displacement: training.displacement !== null });
  // 'auto' falls back to the explicit engine for a variant the reduced one does not cover.
  checkTrainingSupport(training, theoryRunner ?? engine);
  const steps = stepsForEngine(stepsAsked, engine);
  const record = recordOption(options.record, steps);

  return {
    target, activation, k, d, n, alpha, p, lr, steps, schedule, weightDecay, labelNoise, init,
    secondLayer, secondLayerSeed, seed, storage, backend, testError: o.testError, sizeOption: sizeOption(options, n, d), engine, record, training,
  };
}

/** docs/model.md §1: the second layers; 'random-signs' is the older name of 'rademacher'. */
function secondLayerOption(value: unknown): SecondLayerOption {
  const kind = enumOption('secondLayer', value, ['alternating', 'ones', 'mean', 'rademacher', 'gaussian', 'random-signs'] as const);
  return kind === 'random-signs' ? 'rademacher' : kind;
}

function sizeOption(options: SimulateOptions, n: number, d: number): 'd' | 'n' | 'alpha' {
  const batch = options.n !== undefined ? 'n' : options.alpha !== undefined ? 'alpha' : null;
  if (batch !== null && (n > d || options.d === undefined)) return batch;
  return 'd';
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
