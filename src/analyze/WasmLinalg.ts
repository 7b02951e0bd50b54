// k×k linear algebra of the analyser, every floating-point operation inside WASM
// (assembly/analyzeLinalg.ts): symmetric eigen-decompositions, canonical subspace bases,
// basis rotations, error estimates and decision thresholds. Inputs and outputs are small
// Float64Arrays copied in and out (k ≤ 6).
import { analyzeKernels, type AnalyzeKernels } from '../kernels/analyzeKernels.js';
import type { Backend, BufferId } from '../wasm/backend.js';

export interface Eigen {
  /** Descending. */
  values: Float64Array;
  /** vectors[j] = the j-th eigenvector (unit, largest component positive). */
  vectors: Float64Array[];
}

export class WasmLinalg {
  readonly backend: Backend;
  readonly K: AnalyzeKernels;

  constructor(backend: Backend) {
    this.backend = backend;
    this.K = analyzeKernels(backend);
  }

  /** Runs body with fresh buffers holding `inputs` (and zeroed buffers of `sizes` doubles), then frees them. */
  with<T>(inputs: ArrayLike<number>[], sizes: number[], body: (ptrs: number[], ids: BufferId[]) => T): T {
    const b = this.backend;
    const ids: BufferId[] = [];
    try {
      for (const x of inputs) ids.push(b.fromF64(x.length ? x : [0]));
      for (const n of sizes) ids.push(b.calloc(8 * Math.max(2, n)));
      return body(ids.map((id) => b.ptr(id)), ids);
    } finally {
      for (const id of ids.reverse()) b.free(id);
    }
  }

  /** Eigen-decomposition of the symmetric n×n row-major matrix a. */
  eigen(a: Float64Array, n: number): Eigen {
    if (n === 0) return { values: new Float64Array(0), vectors: [] };
    return this.with([a], [n * n, n], ([pa, pv, pe], ids) => {
      this.K.jacobiEigen(pa, n, pv, pe);
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
    return this.with([flat], [r * k, k * k + k], ([pv, po, ps], ids) => {
      const got = this.K.canonicalBasis(pv, k, r, po, ps);
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
    return this.with([q, v], [nc], ([pq, pv, ps], ids) => {
      this.K.rotateColumns(pq, k, c0, nc, pv, ps);
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
    return this.with([flat, c], [k], ([pb, pc, po], ids) => {
      this.K.project(pb, k, r, pc, po);
      return Array.from(this.backend.readF64(ids[2], k));
    });
  }

  /** Σ_i x_i x_iᵀ (k×k row-major) over the n rows of x (n×k row-major). */
  gramRows(x: ArrayLike<number>, n: number, k: number): Float64Array {
    return this.with([x], [k * k], ([px, po], ids) => {
      this.K.gramRows(px, n, k, po);
      return this.backend.readF64(ids[1], k * k);
    });
  }

  /** The canonical orthonormal basis of the orthogonal complement of span(vecs) (vecs orthonormal). */
  complement(vecs: ArrayLike<number>[], k: number): Float64Array[] {
    const r = vecs.length;
    const flat = new Float64Array(Math.max(1, r * k));
    vecs.forEach((v, j) => flat.set(v, j * k));
    return this.with([flat], [k * k, 4 * k * k + 2 * k], ([pv, pq, ps], ids) => {
      this.K.completeBasis(pv, k, r, pq, ps);
      const q = this.backend.readF64(ids[1], k * k);
      return Array.from({ length: k - r }, (_, j) => column(q, k, r + j));
    });
  }

  absDiff(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
    const n = a.length;
    if (n === 0) return new Float64Array(0);
    return this.with([a, b], [n], ([pa, pb, po], ids) => {
      this.K.absDiff(pa, pb, n, po);
      return this.backend.readF64(ids[2], n);
    });
  }

  sqrtPos(x: ArrayLike<number>): Float64Array {
    const n = x.length;
    if (n === 0) return new Float64Array(0);
    return this.with([x], [n], ([px, po], ids) => {
      this.K.sqrtPos(px, n, po);
      return this.backend.readF64(ids[1], n);
    });
  }

  threshold(tolerance: number, error: number, factor: number): number {
    return this.K.threshold(tolerance, error, factor);
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
