// What lowers the memory a run needs: the default advice by the option that drives it (used by
// MemoryLimitError, src/errors.ts) and a simulation's advice, which adds storage 'f32' (half the
// data) when the run stores f64.
import type { ResolvedSimulateOptions } from './resolveSimulateOptions.js';

/** What lowers the memory a run needs, by the option that drives it (the default advice). */
export const MEMORY_ADVICE: Record<string, string> = {
  d: 'lower d or n (alpha)',
  alpha: 'lower n (alpha) or d',
  n: 'lower n (alpha) or d',
  samples: 'lower samples or steps, or spread the samples over more threads (each has its own 4 GiB)',
  p: 'lower p or k',
  k: 'lower k or p',
};

/** The advice for a simulation too large for its memory. */
export function memoryAdvice(r: Pick<ResolvedSimulateOptions, 'sizeOption' | 'storage'>): string {
  const lower = MEMORY_ADVICE[r.sizeOption];
  return r.storage === 'f64' ? `${lower}, or use storage 'f32'` : lower;
}
