// Wrapper of displaceWeights (assembly/trainStep.ts): the displaced weights W̃ of a batch
// displacement, SAM W + ρ∇L/‖∇L‖_F or extra-gradient W − ρ∇L (docs/model.md §4).
import type { Backend, BufferId } from '../wasm/backend.js';
import { displacementCode } from './displacementCode.js';

/** Writes W̃ into `out` (f32 when outF32, else float64) from W and G = Σ_μ g_μ x_μ. */
export function displaceWeights(
  b: Backend, W: BufferId, G: BufferId, count: number, kind: 'sam' | 'extragradient', rho: number, d: number, out: BufferId, outF32: boolean,
): void {
  b.kernels.displaceWeights(W, G, count, displacementCode(kind), rho, d, out, outF32 ? 1 : 0);
}
