// Options of the multi-pass DMFT solver with docs/model.md defaults, validated
// before any work; resolved into a structured-clonable DmftPlan (src/kernels/dmftPlan.ts).
import { OptionRangeError, OptionTypeError } from '../errors.js';
import { compileExpression, parseActivation } from '../expr/index.js';
import type { Ast } from '../expr/ast.js';
import { dmftChunkSize, type DmftPlan } from '../kernels/dmftPlan.js';
import { displacementCode } from '../kernels/displacementCode.js';
import { checkDynamics } from '../options/checkDynamics.js';
import { checkOption, MAX_DMFT_STEPS } from '../options/optionRanges.js';
import { targetWithK } from '../options/targetWithK.js';
import { enumOption, knownKeys, numberOption } from '../options/validators.js';
import { withBuffers, type Backend, type VariantRequest } from '../wasm/backend.js';
import type { DmftPhysics } from './dmftSolver.js';
import type { TrainingOptions } from '../options/trainingOptions.js';
import { trainingConfig } from '../simulation/resolvedConfig.js';
import { theoryTraining } from './theoryTraining.js';
import { LOSS_CODE } from '../kernels/lossCode.js';

/** Ranges: src/options/optionRanges.ts (steps ≤ MAX_DMFT_STEPS). */
export interface DmftOptions {
  /** f*(z1…zk): expression or alias ('paper-1', 'paper-2', 'paper-3'). Default 'paper-2'. */
  target?: string;
  /** k, when larger than the largest index in the target. */
  k?: number;
  /** σ(u): expression or alias. Default 'relu'. */
  activation?: string;
  p?: number;
  alpha?: number;
  lr?: number;
  weightDecay?: number;
  labelNoise?: number;
  steps?: number;
  /** Initial overlap M⁰ (p×k). Default 0. */
  M0?: number[][];
  /** Initial Gram Q⁰ (p×p). Default I. */
  Q0?: number[][];
  /** Second layer (length p). Default alternating ±1/√p (docs/model.md §1). */
  a?: number[];
  /** Monte Carlo samples S. Default 10⁶. */
  samples?: number;
  seed?: number;
  /** Worker threads (Node, dmftThreads only). Default 1. */
  threads?: number;
  backend?: VariantRequest;
  /** Called after each step t = 0…steps with (t + 1, steps + 1). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Training variants (docs/model.md §4) the DMFT covers (docs/model.md §6): loss, lrSchedule,
   * secondLayerLr with secondLayerUpdate 'simultaneous' and secondLayerEvery, sam/extragradient
   * with displacement 'sample'. The others are refused (OptionRangeError naming the option).
   */
  training?: TrainingOptions;
}

export const DMFT_OPTION_KEYS = [
  'target', 'k', 'activation', 'p', 'alpha', 'lr', 'weightDecay', 'labelNoise', 'steps', 'M0', 'Q0', 'a',
  'samples', 'seed', 'threads', 'backend', 'onProgress', 'training',
] as const;

export const DMFT_DEFAULTS = {
  target: 'paper-2',
  activation: 'relu',
  p: 2,
  alpha: 3,
  lr: 0.2,
  weightDecay: 0,
  labelNoise: 0,
  steps: 6,
  samples: 1_000_000,
  seed: 0,
  threads: 1,
  backend: 'auto',
} as const;

export interface ResolvedDmftOptions {
  plan: Omit<DmftPlan, 'a'>;
  /** Explicit second layer, or null for the default (computed in WASM). */
  a: number[] | null;
  phys: DmftPhysics;
  M0: number[];
  Q0: number[];
  threads: number;
  backend: VariantRequest;
  onProgress: ((done: number, total: number) => void) | undefined;
  config: Record<string, unknown>;
}

function matrix(option: string, v: unknown, rows: number, cols: number): number[] {
  if (!Array.isArray(v) || v.length !== rows) throw new OptionRangeError(option, `a ${rows}×${cols} array`, v);
  const out: number[] = [];
  v.forEach((row, j) => {
    if (!Array.isArray(row) || row.length !== cols) throw new OptionRangeError(`${option}[${j}]`, `an array of ${cols} numbers`, row);
    row.forEach((x, r) => out.push(numberOption(`${option}[${j}][${r}]`, x, {})));
  });
  return out;
}

/** The expression is fn(u), u the activation's variable. */
function isCallOfU(ast: Ast, fn: string): boolean {
  return ast.type === 'call' && ast.fn === fn && ast.args.length === 1 && ast.args[0].type === 'var' && ast.args[0].index === 0;
}

export function resolveDmftOptions(options: DmftOptions = {}): ResolvedDmftOptions {
  if (typeof options !== 'object' || options === null) throw new OptionTypeError('options', 'must be an object');
  knownKeys(options, DMFT_OPTION_KEYS);
  const o = { ...DMFT_DEFAULTS } as Required<DmftOptions>;
  for (const [key, v] of Object.entries(options)) if (v !== undefined) (o as Record<string, unknown>)[key] = v;
  const { p, lr, weightDecay, labelNoise, steps: T, seed } = checkDynamics(o);
  const alpha = checkOption('alpha', o.alpha);
  if (T > MAX_DMFT_STEPS) throw new OptionRangeError('steps', `at most ${MAX_DMFT_STEPS} for the DMFT (its random streams number steps in 10 bits)`, T);
  const S = checkOption('samples', o.samples);
  const threads = checkOption('threads', o.threads);
  const backend = enumOption('backend', o.backend, ['auto', 'simd', 'scalar'] as const);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new OptionTypeError('onProgress', 'must be a function');
  const target = targetWithK(o.target, options.k);
  const k = target.k;
  const activation = parseActivation(o.activation, { option: 'activation' });
  const M0 = o.M0 === undefined ? new Array(p * k).fill(0) : matrix('M0', o.M0, p, k);
  const Q0 = o.Q0 === undefined ? Array.from({ length: p * p }, (_, i) => (i % (p + 1) === 0 ? 1 : 0)) : matrix('Q0', o.Q0, p, p);
  for (let i = 0; i < p; i++) {
    if (!(Q0[i * p + i] >= 0)) throw new OptionRangeError(`Q0[${i}][${i}]`, 'a number ≥ 0', Q0[i * p + i]);
    for (let j = 0; j < i; j++) if (Q0[i * p + j] !== Q0[j * p + i]) throw new OptionRangeError('Q0', 'a symmetric matrix', o.Q0);
  }
  let a: number[] | null = null;
  if (o.a !== undefined) {
    if (!Array.isArray(o.a) || o.a.length !== p) throw new OptionRangeError('a', `an array of p = ${p} numbers`, o.a);
    a = o.a.map((x, j) => numberOption(`a[${j}]`, x, {}));
  }
  const training = theoryTraining(o.training, 'dmft');
  const chunk = dmftChunkSize(S);
  const plan: Omit<DmftPlan, 'a'> = {
    p, k, T, S, chunk, nChunks: Math.ceil(S / chunk), seed, labelNoise,
    target: compileExpression(target.ast, k),
    activation: compileExpression(activation.ast, 1),
    derivative: compileExpression(activation.derivative, 1),
    reluFast: isCallOfU(activation.ast, 'relu') && isCallOfU(activation.derivative, 'step'),
    loss: LOSS_CODE[training.loss],
    secondLayer: training.secondLayerLr > 0,
    displacement: training.displacement ? { kind: displacementCode(training.displacement.kind), rho: training.displacement.rho } : { kind: 0, rho: 0 },
  };
  return {
    plan, a, M0, Q0, threads, backend, onProgress: options.onProgress,
    phys: { alpha, lr, weightDecay, labelNoise, lrSchedule: training.lrSchedule, secondLayerLr: training.secondLayerLr, secondLayerEvery: training.secondLayerEvery },
    config: {
      target: target.source, activation: activation.source, k, p, alpha, lr, weightDecay, labelNoise, steps: T,
      samples: S, seed, chunk, M0: o.M0 ?? null, Q0: o.Q0 ?? null, a: o.a ?? 'alternating',
      ...trainingConfig(training),
    },
  };
}

/** The plan with its second layer (default computed by dmftAlternating in WASM). */
export function dmftPlan(backend: Backend, r: ResolvedDmftOptions): DmftPlan {
  const { p } = r.plan;
  let a: Float64Array;
  if (r.a) a = Float64Array.from(r.a);
  else {
    a = withBuffers(backend, (s) => {
      const id = s.buffer(8 * p);
      backend.kernels.dmftAlternating(p, id);
      return backend.readF64(id, p);
    });
  }
  return { ...r.plan, a };
}
