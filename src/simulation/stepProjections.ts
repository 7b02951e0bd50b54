// Observables of docs/model.md §3 that depend only on (M, Q): per-neuron cosine with the target
// subspace and the projections of M on the step-1 direction u₁ = M¹_0/‖M¹_0‖ and on its
// orthogonal complement. Shared by simulations and theory curves, so both are projected the
// same way.
import { neuronObservables } from '../kernels/neuronObservables.js';
import { stepDirection } from '../kernels/stepDirection.js';
import { withBuffers, type Backend } from '../wasm/backend.js';

export interface StepProjections {
  /** u₁ (null when there is no step 1 or M¹_0 = 0). */
  direction: number[] | null;
  /** Orthonormal basis of the complement of u₁ ((k−1)×k), null without u₁. */
  orthogonalBasis: number[][] | null;
  /** ‖M_j‖/√Q_jj, [t][j]. */
  cosine: number[][];
  /** M_j·u₁, [t][j] (NaN without u₁). */
  overlap: number[][];
  /** M_j·basis_c, [t][j][c] (NaN without u₁). */
  orthogonalOverlap: number[][][];
}

/**
 * Ms, Qs: flat row-major M (p×k) and Q (p×p) per step. `direction` overrides u₁ (e.g. a theory
 * curve projected on its own step-1 direction, or Monte-Carlo groups on the global one).
 */
export function stepProjections(b: Backend, Ms: ArrayLike<number>[], Qs: ArrayLike<number>[], p: number, k: number, direction?: ArrayLike<number>): StepProjections {
  const nb = Math.max(1, k - 1);
  return withBuffers(b, (scope) => {
    const [u1, basis, cos, ov, orth, Mb, Qb] = [k * 8, nb * k * 8, p * 8, p * 8, p * nb * 8, p * k * 8, p * p * 8].map((s) => scope.buffer(s));
    let hasDirection = false;
    if (direction) {
      b.writeF64(Mb, direction); // row 0 of Mb = the given direction; stepDirection normalises it
      hasDirection = stepDirection(b, Mb, k, u1, basis);
    } else if (Ms.length > 1) {
      b.writeF64(Mb, Ms[1]);
      hasDirection = stepDirection(b, Mb, k, u1, basis);
    }
    const nanRows = (n: number, m: number) => Array.from({ length: n }, () => new Array<number>(m).fill(NaN));
    const out: StepProjections = {
      direction: hasDirection ? Array.from(b.readF64(u1, k)) : null,
      orthogonalBasis: hasDirection ? rows(b.readF64(basis, (k - 1) * k), k - 1, k) : null,
      cosine: [],
      overlap: [],
      orthogonalOverlap: [],
    };
    for (let t = 0; t < Ms.length; t++) {
      b.writeF64(Mb, Ms[t]);
      b.writeF64(Qb, Qs[t]);
      neuronObservables(b, Mb, Qb, p, k, hasDirection, u1, basis, cos, ov, orth);
      out.cosine.push(Array.from(b.readF64(cos, p)));
      out.overlap.push(hasDirection ? Array.from(b.readF64(ov, p)) : new Array<number>(p).fill(NaN));
      out.orthogonalOverlap.push(hasDirection ? rows(b.readF64(orth, p * (k - 1)), p, k - 1) : nanRows(p, k - 1));
    }
    return out;
  });
}

export function rows(flat: ArrayLike<number>, nRows: number, nCols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < nRows; i++) out.push(Array.from({ length: nCols }, (_, c) => flat[i * nCols + c]));
  return out;
}
