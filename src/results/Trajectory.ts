// One simulated trajectory: observables of docs/model.md §3 at t = 0 … T.
import type { Reasons } from './nonFiniteReasons.js';
export interface Trajectory {
  /** Resolved options (JSON-safe), including derived n and k. */
  config: Record<string, unknown>;
  /** Which WASM build ran: 'simd' or 'scalar'. */
  backend: 'simd' | 'scalar';
  /** 0 … T (shorter if the run diverged). */
  steps: number[];
  /** Overlap M = W W*ᵀ/d, indexed [t][j][r] (p×k). */
  M: number[][][];
  /** Student Gram Q = W Wᵀ/d, indexed [t][j][l] (p×p). */
  Q: number[][][];
  /** Population error ½E[(y − ŷ)²] from (M, Q) in the (p+k)-dim Gaussian, [t]. NaN if disabled. */
  testError: number[];
  /** ½ mean over the batch of (y − ŷ)², [t]: at t on the batch of the update that produced W^t (t = 0: the first batch). */
  trainError: number[];
  /** Per-neuron cosine with the target subspace ‖M_j‖/√Q_jj, [t][j]. */
  cosine: number[][];
  /** Step-1 direction u₁ = M¹_0/‖M¹_0‖ ∈ R^k (null before step 1 or if M¹_0 = 0). */
  direction: number[] | null;
  /** Orthonormal basis of the complement of u₁ in R^k ((k−1) vectors). */
  orthogonalBasis: number[][] | null;
  /** M_j·u₁ ("overlap"), [t][j]. */
  overlap: number[][];
  /** Projections of M_j on the complement basis ("orthogonal overlap"), [t][j][c]. */
  orthogonalOverlap: number[][][];
  /** Second layer a_j at each step, [t][j]: present only when it is trained (secondLayerLr > 0, docs/model.md §4). */
  a?: number[][];
  /** Why an observable holds NaN or ±Infinity (null in JSON), for each one that does. */
  reasons?: Reasons;
  /** Set when the run stopped because the weights became NaN/Inf at this step. */
  divergedAt?: number;
  /** Set when the divergence is not the learning rate's doing (the gradient at W⁰ was not finite): why. */
  divergenceCause?: string;
}
