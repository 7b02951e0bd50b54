// A rule for expectations over N(0, I_D) held in WASM memory, built once per run and reused at
// every step with a different Σ (the kernels map ξ ↦ L ξ): SCIENCE.md §3 (test error) and §6
// (single-pass theory). Tensor Gauss–Hermite where m^D fits the budget, otherwise Monte Carlo
// with a fixed seeded set of normals (common random numbers across steps). Each rule carries
// a second, coarser one (fewer nodes per axis, or an independent smaller MC set) whose
// difference from the main rule is the reported error estimate.
import { OptionRangeError, OptionTypeError } from '../errors.js';
import type { Backend, BufferId } from '../wasm/backend.js';

export type GaussianMethod = 'quadrature' | 'monte-carlo';

export interface GaussianRuleOptions {
  /** Dimension D = p + k. */
  dim: number;
  /** 'auto' (default): quadrature when m ≥ minNodes fits the budget, else Monte Carlo. */
  method?: 'auto' | GaussianMethod;
  /** Nodes per axis (quadrature); default: the largest even m ≤ 64 with m^D ≤ budget. */
  m?: number;
  /** Largest tensor size m^D before pruning (default 2^20). */
  budget?: number;
  /** Monte-Carlo points (default: budget). */
  samples?: number;
  /** Monte-Carlo seed (default 1). */
  seed?: number;
  /** Build the coarser companion rule used for the error estimate (default true). */
  coarse?: boolean;
}

/** Weight, relative to the largest tensor weight, below which quadrature points are dropped. */
const PRUNE = 1e-18;
const MIN_NODES = 6;

export class GaussianRule {
  readonly backend: Backend;
  readonly dim: number;
  readonly method: GaussianMethod;
  /** Nodes per axis (0 for Monte Carlo). */
  readonly m: number;
  /** Points kept (after pruning). */
  readonly points: number;
  /** Column stride of ξ: ξ_d of point i is at ptr(xiId) + 8(d·points + i). */
  readonly xiId: BufferId;
  readonly wId: BufferId;
  readonly coarse: GaussianRule | null;
  private freed = false;

  private constructor(backend: Backend, dim: number, method: GaussianMethod, m: number, points: number, xiId: BufferId, wId: BufferId, coarse: GaussianRule | null) {
    this.backend = backend;
    this.dim = dim;
    this.method = method;
    this.m = m;
    this.points = points;
    this.xiId = xiId;
    this.wId = wId;
    this.coarse = coarse;
  }

  static create(backend: Backend, options: GaussianRuleOptions): GaussianRule {
    const { dim } = options;
    if (!Number.isInteger(dim) || dim < 1 || dim > 64) throw new OptionRangeError('dim', 'an integer in 1…64', dim);
    const budget = options.budget ?? 2 ** 20;
    if (!Number.isInteger(budget) || budget < 16 || budget > 2 ** 25) throw new OptionRangeError('budget', 'an integer in 16…33554432', budget);
    const method = options.method ?? 'auto';
    if (method !== 'auto' && method !== 'quadrature' && method !== 'monte-carlo') {
      throw new OptionTypeError('method', `must be 'auto', 'quadrature' or 'monte-carlo' (got '${String(method)}')`);
    }
    let m = options.m ?? 0;
    if (options.m !== undefined && (!Number.isInteger(m) || m < 1 || m > 200 || m ** dim > 2 ** 25)) {
      throw new OptionRangeError('m', `an integer in 1…200 with m^${dim} ≤ 33554432`, m);
    }
    if (!m) {
      m = Math.min(64, Math.floor(budget ** (1 / dim) + 1e-9));
      while (m ** dim > budget) m--;
      m -= m % 2; // even: no node on the kink of relu/sign at 0
    }
    const useQuad = method === 'quadrature' || (method === 'auto' && (options.m !== undefined || m >= MIN_NODES));
    const wantCoarse = options.coarse ?? true;
    if (useQuad) {
      m = Math.max(m, 1);
      const mc = Math.max(1, m - 2 * Math.max(1, Math.round(m / 8)));
      const coarse = wantCoarse && m > 1 ? GaussianRule.quadrature(backend, dim, mc, null) : null;
      return GaussianRule.quadrature(backend, dim, m, coarse);
    }
    const samples = options.samples ?? budget;
    if (!Number.isInteger(samples) || samples < 16 || samples > 2 ** 25) throw new OptionRangeError('samples', 'an integer in 16…33554432', samples);
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new OptionRangeError('seed', 'an integer in 0…2^32−1', seed);
    const coarse = wantCoarse ? GaussianRule.monteCarlo(backend, dim, Math.max(16, samples >> 2), (seed + 0x9e3779b9) >>> 0, null) : null;
    return GaussianRule.monteCarlo(backend, dim, samples, seed, coarse);
  }

  private static quadrature(backend: Backend, dim: number, m: number, coarse: GaussianRule | null): GaussianRule {
    const nodes = backend.alloc(8 * m);
    const weights = backend.alloc(8 * m);
    const scratch = backend.alloc(16 * m);
    try {
      backend.fn<(m: number, x: number, w: number, s: number) => void>('gaussHermiteRule')(m, backend.ptr(nodes), backend.ptr(weights), backend.ptr(scratch));
      const tensor = backend.fn<(D: number, m: number, x: number, w: number, prune: number, xi: number, wo: number, cap: number) => number>('gaussTensorRule');
      const n = tensor(dim, m, backend.ptr(nodes), backend.ptr(weights), PRUNE, 0, 0, 0);
      backend.assertFits(8 * n * (dim + 1), 'budget');
      const xiId = backend.alloc(8 * n * dim);
      const wId = backend.alloc(8 * n);
      tensor(dim, m, backend.ptr(nodes), backend.ptr(weights), PRUNE, backend.ptr(xiId), backend.ptr(wId), n);
      return new GaussianRule(backend, dim, 'quadrature', m, n, xiId, wId, coarse);
    } finally {
      backend.free(scratch);
      backend.free(weights);
      backend.free(nodes);
    }
  }

  private static monteCarlo(backend: Backend, dim: number, n: number, seed: number, coarse: GaussianRule | null): GaussianRule {
    backend.assertFits(8 * n * (dim + 1), 'samples');
    const xiId = backend.alloc(8 * n * dim);
    const wId = backend.alloc(8 * n);
    const block = backend.fn<(seed: number, stream: number, index: number, count: number, out: number, f64: number) => void>('normalBlock');
    for (let d = 0; d < dim; d++) block(seed, d, 0, n, backend.ptr(xiId) + 8 * d * n, 1);
    backend.fn<(n: number, w: number) => void>('gaussEqualWeights')(n, backend.ptr(wId));
    return new GaussianRule(backend, dim, 'monte-carlo', 0, n, xiId, wId, coarse);
  }

  /** Releases the WASM buffers (also of the coarse companion). */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.coarse?.free();
    this.backend.free(this.wId);
    this.backend.free(this.xiId);
  }
}
