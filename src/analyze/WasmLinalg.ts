// k×k linear algebra of the analyser, every floating-point operation inside WASM
// (assembly/analyzeLinalg.ts): symmetric eigen-decompositions, canonical subspace bases,
// basis rotations. Inputs and outputs are small Float64Arrays copied in and out (k ≤ 6). Error
// estimates and decision thresholds (|a − b|, √max(x, 0), max(tol, c·e)) are single IEEE
// operations on values WASM already computed, exact in JS too: they stay in JS.
import type { Kernels } from '../kernels/bindKernels.js';
import { withBuffers, type Backend, type BufferId } from '../wasm/backend.js';

export interface Eigen {
  /** Descending. */
  values: Float64Array;
  /** vectors[j] = the j-th eigenvector (unit, largest component positive). */
  vectors: Float64Array[];
}

export class WasmLinalg {
  readonly backend: Backend;
  readonly K: Kernels;

  constructor(backend: Backend) {
    this.backend = backend;
    this.K = backend.kernels;
  }

  /** Runs body with fresh buffers holding `inputs` (and zeroed buffers of `sizes` doubles), then frees them. */
  with<T>(inputs: ArrayLike<number>[], sizes: number[], body: (ids: BufferId[]) => T): T {
    return withBuffers(this.backend, (s) => {
      const ids = inputs.map((x) => s.copyF64(x.length ? x : [0]));
      for (const n of sizes) ids.push(s.zeros(8 * Math.max(2, n)));
      return body(ids);
    });
  }

  /** Eigen-decomposition of the symmetric n×n row-major matrix a. */
  eigen(a: Float64Array, n: number): Eigen {
    if (n === 0) return { values: new Float64Array(0), vectors: [] };
    return this.with([a], [n * n, n], (ids) => {
      this.K.analyzeJacobiEigen(ids[0], n, ids[1], ids[2]);
      const v = this.backend.readF64(ids[1], n * n);
      const values = this.backend.readF64(ids[2], n);
      const vectors = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => v[i * n + j]));
      return { values, vectors };
    });
  }

  /** A subspace-only-dependent orthonormal basis of span(vecs) (vecs orthonormal, k components each). */
  canonicalBasis(vecs: Float64Array[], k: number): Float64Array[] {
    const r = vecs.length;
    if (r === 0) return [];
    const flat = new Float64Array(r * k);
    vecs.forEach((v, j) => flat.set(v, j * k));
    return this.with([flat], [r * k, k * k + k], (ids) => {
      const got = this.K.analyzeCanonicalBasis(ids[0], k, r, ids[1], ids[2]);
      const out = this.backend.readF64(ids[1], r * k);
      return Array.from({ length: got }, (_, j) => out.slice(j * k, j * k + k));
    });
  }

  /**
   * Replaces the columns c0… of the basis q (k×k row-major, columns = basis vectors) by
   * `vectors` expressed in those columns' coordinates (vectors[j][l] = coefficient on column c0+l).
   */
  rotateColumns(q: Float64Array, k: number, c0: number, vectors: Float64Array[]): Float64Array {
    const nc = vectors.length;
    const v = new Float64Array(nc * nc);
    vectors.forEach((vec, j) => vec.forEach((x, l) => (v[l * nc + j] = x)));
    return this.with([q, v], [nc], (ids) => {
      this.K.analyzeRotateColumns(ids[0], k, c0, nc, ids[1], ids[2]);
      return this.backend.readF64(ids[0], k * k);
    });
  }

  /** Replaces columns c0 … c0+n−1 of q by the canonical basis of their span. */
  canonicalizeColumns(q: Float64Array, k: number, c0: number, n: number): Float64Array {
    if (n === 0) return q;
    const cols = Array.from({ length: n }, (_, j) => column(q, k, c0 + j));
    const canon = this.canonicalBasis(cols, k);
    const out = q.slice();
    canon.forEach((v, j) => v.forEach((x, i) => (out[i * k + c0 + j] = x)));
    return out;
  }

  /** Σ_j c[j] · basis[j] (vectors of equal length): coordinates in a basis back to R^k. */
  combine(basis: ArrayLike<number>[], c: ArrayLike<number>): number[] {
    const r = basis.length;
    const k = basis[0].length;
    const flat = new Float64Array(r * k);
    basis.forEach((v, j) => flat.set(v, j * k));
    return this.with([flat, c], [k], (ids) => {
      this.K.analyzeProject(ids[0], k, r, ids[1], ids[2]);
      return Array.from(this.backend.readF64(ids[2], k));
    });
  }

  /** Σ_i x_i x_iᵀ (k×k row-major) over the n rows of x (n×k row-major). */
  gramRows(x: ArrayLike<number>, n: number, k: number): Float64Array {
    return this.with([x], [k * k], (ids) => {
      this.K.analyzeGramRows(ids[0], n, k, ids[1]);
      return this.backend.readF64(ids[1], k * k);
    });
  }

  /** The canonical orthonormal basis of the orthogonal complement of span(vecs) (vecs orthonormal). */
  complement(vecs: ArrayLike<number>[], k: number): Float64Array[] {
    const r = vecs.length;
    const flat = new Float64Array(Math.max(1, r * k));
    vecs.forEach((v, j) => flat.set(v, j * k));
    return this.with([flat], [k * k, 4 * k * k + 2 * k], (ids) => {
      this.K.analyzeCompleteBasis(ids[0], k, r, ids[1], ids[2]);
      const q = this.backend.readF64(ids[1], k * k);
      return Array.from({ length: k - r }, (_, j) => column(q, k, r + j));
    });
  }

  /** |a_i − b_i|: error estimates from a coarser rule. */
  absDiff(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
    return Float64Array.from({ length: a.length }, (_, i) => Math.abs(a[i] - b[i]));
  }

  /** √max(x_i, 0): RMS values from eigenvalues of PSD matrices (rounding can make them −0 or −1e-17). */
  sqrtPos(x: ArrayLike<number>): Float64Array {
    return Float64Array.from({ length: x.length }, (_, i) => (x[i] > 0 ? Math.sqrt(x[i]) : 0));
  }

  /** The decision threshold max(tolerance, factor · error). */
  threshold(tolerance: number, error: number, factor: number): number {
    const e = factor * error;
    return e > tolerance ? e : tolerance;
  }
}

export function column(q: Float64Array, k: number, j: number): Float64Array {
  return Float64Array.from({ length: k }, (_, i) => q[i * k + j]);
}

export function identity(k: number): Float64Array {
  const q = new Float64Array(k * k);
  for (let i = 0; i < k; i++) q[i * k + i] = 1;
  return q;
}
