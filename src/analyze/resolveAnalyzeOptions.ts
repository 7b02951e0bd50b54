// Validates analyze() options (typed errors naming the option, so the CLI can print one line)
// and fills the defaults of AnalyzeOptions.
import { OptionRangeError, OptionTypeError } from '../errors.js';
import { checkOption } from '../options/optionRanges.js';
import { enumOption, integerOption, knownKeys, numberOption } from '../options/validators.js';
import type { ParsedActivation } from '../expr/parseActivation.js';
import { DEFAULTS, resolveSimulateOptions } from '../options/resolveSimulateOptions.js';
import type { VariantRequest } from '../wasm/backend.js';
import type { AnalyzeOptions } from './AnalyzeOptions.js';

export const MAX_ANALYZE_K = 6;
/** Largest number of entries of one Hermite tensor (k^degree) kept in memory. */
export const MAX_TENSOR_ENTRIES = 2 ** 21;

export interface ResolvedAnalyzeOptions {
  k: number | undefined;
  degree: number;
  maxOrder: number;
  tolerance: number;
  seed: number;
  method: 'auto' | 'quadrature' | 'monte-carlo';
  points: number;
  nodes: number | undefined;
  bins: number;
  /** The student of the single-pass prediction (validated as simulate() validates them). */
  student: { activation: ParsedActivation; alpha: number; lr: number; steps: number; p: number };
  backend: VariantRequest;
}

const KEYS = ['k', 'degree', 'maxOrder', 'tolerance', 'seed', 'method', 'points', 'nodes', 'bins', 'activation', 'alpha', 'lr', 'steps', 'backend'] as const;

export function resolveAnalyzeOptions(options: AnalyzeOptions | undefined): ResolvedAnalyzeOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object') throw new OptionTypeError('options', `must be an object (got ${typeof options})`);
  knownKeys(options, KEYS);
  const o = options;
  const k = o.k === undefined ? undefined : checkOption('k', o.k);
  if (k !== undefined && k > MAX_ANALYZE_K) throw new OptionRangeError('k', `at most ${MAX_ANALYZE_K} for the analysis (its Hermite tensors have k^degree entries)`, k);
  const degree = o.degree === undefined ? 6 : integerOption('degree', o.degree, 1, 10);
  if (k !== undefined && k ** degree > MAX_TENSOR_ENTRIES) {
    throw new OptionRangeError('degree', `at most ${Math.floor(Math.log(MAX_TENSOR_ENTRIES) / Math.log(k))} for k = ${k} (k^degree ≤ 2^21)`, degree);
  }
  const nodes = o.nodes === undefined ? undefined : integerOption('nodes', o.nodes, 4, 400);
  if (nodes !== undefined && nodes % 2) throw new OptionRangeError('nodes', 'an even integer from 4 to 400', nodes);
  // The student options share simulate()'s validators and ranges (one per option, src/options).
  const sim = resolveSimulateOptions({ activation: o.activation, alpha: o.alpha, lr: o.lr, steps: o.steps });
  const student = { activation: sim.activation, alpha: sim.alpha, lr: sim.lr, steps: sim.steps, p: DEFAULTS.p };
  return {
    k,
    degree,
    student,
    maxOrder: o.maxOrder === undefined ? 6 : integerOption('maxOrder', o.maxOrder, 2, 8),
    tolerance: o.tolerance === undefined ? 1e-6 : numberOption('tolerance', o.tolerance, { min: 0, exclusiveMin: true, max: 1 }),
    seed: o.seed === undefined ? 1 : checkOption('seed', o.seed),
    method: o.method === undefined ? 'auto' : enumOption('method', o.method, ['auto', 'quadrature', 'monte-carlo'] as const),
    points: o.points === undefined ? 2 ** 20 : integerOption('points', o.points, 1000, 2 ** 24),
    nodes,
    bins: o.bins === undefined ? 64 : integerOption('bins', o.bins, 2, 1024),
    backend: o.backend === undefined ? 'auto' : enumOption('backend', o.backend, ['auto', 'simd', 'scalar'] as const),
  };
}
