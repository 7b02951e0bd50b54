// The one allowed range of every physical option, shared by simulate, theory, the DMFT, the
// state evolution, the Gaussian rules, analyze, reproduce and the CLI (--help prints these
// ranges, every error names them). Each range is what the code can do:
// - p ≤ 256, k ≤ 64: no kernel has a size limit in p or k (assembly/ allocates nothing itself;
//   the DMFT's random streams number columns in 10 bits, src/kernels/dmftPlan.ts dmftStream);
//   larger p or k mostly cost time, and what does not fit the 4 GiB of WebAssembly memory is
//   refused by MemoryLimitError with the size it needs.
// - steps ≤ 100000 (the DMFT: ≤ MAX_DMFT_STEPS, its streams number steps in 10 bits).
// - lr ≥ 0: lr = 0 is the frozen dynamics (a check of the solvers, docs/model.md §6).
// - samples (DMFT Monte Carlo): ≥ 1000 for a meaningful batch-means error, ≤ 10⁸.
import { OptionRangeError } from '../errors.js';
import { integerOption, numberOption } from './validators.js';

export interface OptionRange {
  integer: boolean;
  min: number;
  max: number;
  /** value === min is refused (alpha > 0). */
  exclusiveMin?: boolean;
}

export const OPTION_RANGES = {
  d: { integer: true, min: 2, max: 10_000_000 },
  n: { integer: true, min: 1, max: 100_000_000 },
  alpha: { integer: false, min: 0, max: 1e6, exclusiveMin: true },
  p: { integer: true, min: 1, max: 256 },
  k: { integer: true, min: 1, max: 64 },
  /** Up to 10⁹ on the reduced engine; the explicit engine allows 10⁵ (engineOption.ts), the DMFT 1000. */
  steps: { integer: true, min: 0, max: 1_000_000_000 },
  lr: { integer: false, min: 0, max: 1e6 },
  weightDecay: { integer: false, min: 0, max: 1e6 },
  labelNoise: { integer: false, min: 0, max: 1e12 },
  seed: { integer: true, min: 0, max: 2 ** 32 - 1 },
  secondLayerSeed: { integer: true, min: 0, max: 2 ** 32 - 1 },
  seeds: { integer: true, min: 1, max: 100_000 },
  samples: { integer: true, min: 1000, max: 100_000_000 },
  threads: { integer: true, min: 1, max: 64 },
  /** Displacement radius ρ of SAM / extra-gradient (docs/model.md §4). */
  sam: { integer: false, min: 0, max: 1e6 },
  extragradient: { integer: false, min: 0, max: 1e6 },
  /** Second-layer learning rate η_a (0 = fixed second layer). */
  secondLayerLr: { integer: false, min: 0, max: 1e6 },
  secondLayerEvery: { integer: true, min: 1, max: 1_000_000_000 },
} as const satisfies Record<string, OptionRange>;

export type RangedOption = keyof typeof OPTION_RANGES;

/** The DMFT's random streams number the step in 10 bits (src/kernels/dmftPlan.ts dmftStream). */
export const MAX_DMFT_STEPS = 1000;

/** `value` when it lies in the range of `option`; else OptionTypeError / OptionRangeError naming `option`. */
export function checkOption(option: RangedOption, value: unknown): number {
  const r: OptionRange = OPTION_RANGES[option];
  if (r.integer) return integerOption(option, value, r.min, r.max);
  return numberOption(option, value, { min: r.min, max: r.max, exclusiveMin: r.exclusiveMin });
}

/** The range as --help shows it: '1…256', '> 0, ≤ 1e6'. */
export function rangeText(option: RangedOption): string {
  const r: OptionRange = OPTION_RANGES[option];
  if (r.integer) return `${r.min}…${formatBound(r.max)}`;
  return `${r.exclusiveMin ? '>' : '≥'} ${r.min}, ≤ ${formatBound(r.max)}`;
}

/** Cross-option condition of weight decay: the factor (1 − ηλ) of the update stays positive (docs/model.md §1). */
export function checkWeightDecay(lr: number, weightDecay: number): void {
  if (!(lr * weightDecay < 1)) throw new OptionRangeError('weightDecay', `such that lr·weightDecay < 1 (lr = ${lr})`, weightDecay);
}

function formatBound(x: number): string {
  if (x === 2 ** 32 - 1) return '2^32−1';
  if (x >= 1e6 && Number.isInteger(Math.log10(x))) return `1e${Math.log10(x)}`;
  return String(x);
}
