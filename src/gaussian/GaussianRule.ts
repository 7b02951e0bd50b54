// A rule for expectations over (z, ξ_u) ~ N(0, I_{k+p}) held in WASM memory, built once per run
// and reused at every step with a different Σ (the kernels map u = M z + C ξ_u, see
// assembly/gaussian.ts gaussFactorOverlaps): docs/model.md §3 (test error) and §6 (single-pass
// theory).
// - 'quadrature': a pruned tensor rule with mz nodes per z axis (half-range Gauss rules by
//   default: assembly/gaussHalfRange.ts) times a rule in ξ_u with mu nodes per axis. The target
//   is evaluated on the z rule's own axes, where it may be rough (tanh(z1 + He3(z2)) changes
//   sign over ~0.1 in z2), so z gets many more nodes than u. The ξ_u rule is by default the
//   nested kink rule (assembly/gaussProduct.ts gaussMomentsSplit): per z node, each neuron's
//   conditional coordinate is split at its own kink u_j = 0 with mu/2 truncated-normal Gauss
//   nodes per side, so ReLU-type students (kinks and jumps at u = 0) keep Gauss accuracy;
//   with kinks: false, one fixed tensor rule in ξ_u as before.
// - 'monte-carlo': a fixed seeded set of normals (common random numbers across steps), used
//   when the quadrature would need fewer than 8 nodes per z axis or 4 per u axis.
// Each rule carries a coarser companion (fewer nodes per axis, or an independent set of a
// quarter of the points) whose difference from the main rule is the reported error estimate.
import { OptionRangeError, OptionTypeError } from '../errors.js';
import { checkOption } from '../options/optionRanges.js';
import { at, BufferScope, withBuffers, type Backend, type BufferId } from '../wasm/backend.js';

export type GaussianMethod = 'quadrature' | 'monte-carlo';

export interface GaussianRuleOptions {
  /** Student neurons (u dimensions). */
  p: number;
  /** Target directions (z dimensions). */
  k: number;
  /** 'auto' (default): quadrature when it fits the budget with enough nodes, else Monte Carlo. */
  method?: 'auto' | GaussianMethod;
  /** Nodes per z axis (default: the largest even number ≤ 200 (≤ 120 for the kink rule and k > 1) that fits the budget). */
  mz?: number;
  /**
   * Nodes per ξ_u axis (default, kink rule: the largest even number ≤ 10 with mu^p ≤
   * min(4096, budget^{1/3}); fixed rule: ≤ 24 with mu^p ≤ min(4096, √budget)).
   */
  mu?: number;
  /** Largest mz^k · mu^p before pruning (default 2^22). */
  budget?: number;
  /** Monte-Carlo points (default 2^20). */
  samples?: number;
  /** Monte-Carlo seed (default 1). */
  seed?: number;
  /** Build the coarser companion used for the error estimate (default true). */
  coarse?: boolean;
  /**
   * 1-D rule of each axis: 'half-range' (default; Gauss for φ on (0, ∞) mirrored, exact for
   * piecewise polynomials with a break at 0, so kinks of relu/step/sign on an axis cost
   * nothing) or 'hermite' (Gauss–Hermite, exact for polynomials of twice the degree, but
   * converging only like 1/m on a kink: E|ξ| is off by 1.4e-2 at m = 24). mz and mu are even.
   */
  nodes?: 'half-range' | 'hermite';
  /**
   * Split each neuron's conditional ξ_u coordinate at its kink u_j = 0 (default true for
   * quadrature; needs an even mu). False: one fixed tensor rule in ξ_u of the `nodes` kind.
   */
  kinks?: boolean;
}

/** Weight, relative to the largest tensor weight, below which quadrature points are dropped. */
const PRUNE = 1e-18;
const LIMIT = 2 ** 26;

interface Part {
  n: number;
  xId: BufferId;
  wId: BufferId;
}

export class GaussianRule {
  readonly backend: Backend;
  readonly p: number;
  readonly k: number;
  readonly method: GaussianMethod;
  /** Nodes per z axis and per ξ_u axis (0 for Monte Carlo). */
  readonly mz: number;
  readonly mu: number;
  /** Quadrature: the z rule (k columns) and the ξ_u rule (p columns), column stride n. */
  readonly z: Part | null;
  /** Fixed ξ_u tensor rule (kinks: false); null for the kink rule. */
  readonly u: Part | null;
  /**
   * Kink rule: truncated-normal Gauss table (assembly/gaussHalfRange.ts gaussTruncTable), n =
   * mu/2 nodes per side; n rows of TRUNC_G entries in xId and wId.
   */
  readonly split: Part | null;
  /** Monte Carlo: (z, ξ_u) points, k + p columns of stride n. */
  readonly flat: Part | null;
  readonly coarse: GaussianRule | null;
  /** The buffers of the parts (not of the coarse companion, which has its own). */
  private readonly scope: BufferScope;

  private constructor(scope: BufferScope, p: number, k: number, method: GaussianMethod, mz: number, mu: number, z: Part | null, u: Part | null, split: Part | null, flat: Part | null, coarse: GaussianRule | null) {
    this.scope = scope;
    this.backend = scope.backend;
    this.p = p;
    this.k = k;
    this.method = method;
    this.mz = mz;
    this.mu = mu;
    this.z = z;
    this.u = u;
    this.split = split;
    this.flat = flat;
    this.coarse = coarse;
  }

  /** Points of the rule (after pruning). */
  get points(): number {
    return this.flat ? this.flat.n : this.z!.n * (this.u ? this.u.n : this.mu ** this.p);
  }

  static create(backend: Backend, options: GaussianRuleOptions): GaussianRule {
    const { p, k } = options;
    checkOption('p', p);
    checkOption('k', k);
    const budget = options.budget ?? 2 ** 22;
    if (!Number.isInteger(budget) || budget < 16 || budget > LIMIT) throw new OptionRangeError('budget', `an integer in 16…${LIMIT}`, budget);
    const method = options.method ?? 'auto';
    if (method !== 'auto' && method !== 'quadrature' && method !== 'monte-carlo') {
      throw new OptionTypeError('method', `must be 'auto', 'quadrature' or 'monte-carlo' (got '${String(method)}')`);
    }
    const checkM = (name: string, m: number | undefined, dim: number) => {
      if (m !== undefined && (!Number.isInteger(m) || m < 1 || m > 400 || m ** dim > LIMIT)) {
        throw new OptionRangeError(name, `an integer in 1…400 with ${name}^${dim} ≤ ${LIMIT}`, m);
      }
    };
    checkM('mz', options.mz, k);
    checkM('mu', options.mu, p);
    const kinks = options.kinks ?? true;
    if (typeof kinks !== 'boolean') throw new OptionTypeError('kinks', 'must be a boolean');
    // Defaults. Kink rule (ReLU student, paper targets, p = k = 2, measured against mz = 400 /
    // mu = 16): mu = 8 → M within 3e-6, mu = 10 → 2e-7; the paper-2 target needs mz ≈ 120 along
    // z (mz = 100: 1e-5, 120: 7e-7), and more z nodes only cost time. Fixed ξ_u rule (kinks:
    // false): many u nodes, since a kink cut at an angle converges only like 1/m.
    let mu = options.mu ?? 0;
    if (!mu) {
      if (kinks) {
        mu = 10;
        while (mu > 2 && (mu ** p > 4096 || mu ** p > Math.cbrt(budget))) mu -= 2;
      } else {
        mu = 24;
        while (mu > 2 && (mu ** p > 4096 || mu ** p > Math.sqrt(budget))) mu -= 2;
      }
    }
    let mz = options.mz ?? 0;
    if (!mz) {
      mz = kinks && k > 1 ? 120 : 200;
      while (mz > 2 && mz ** k * mu ** p > budget) mz -= 2;
    }
    const explicit = options.mz !== undefined || options.mu !== undefined;
    const useQuad = method === 'quadrature' || (method === 'auto' && (explicit || (mz >= 8 && mu >= 4 && mz ** k * mu ** p <= budget)));
    const wantCoarse = options.coarse ?? true;
    const kind = options.nodes ?? 'half-range';
    if (kind !== 'half-range' && kind !== 'hermite') throw new OptionTypeError('nodes', `must be 'half-range' or 'hermite' (got '${String(kind)}')`);
    if (useQuad) {
      if (kind === 'half-range') mz += mz % 2;
      if (kind === 'half-range' || kinks) mu += mu % 2;
      const even = kind === 'half-range' || kinks;
      const coarser = (m: number, ev: boolean) => Math.max(ev ? 2 : 1, m - 2 * Math.max(1, Math.round(m / 8)));
      const coarse = wantCoarse && (mz > 2 || mu > 2) ? GaussianRule.quadrature(backend, p, k, coarser(mz, kind === 'half-range'), coarser(mu, even), kind, kinks, null) : null;
      return GaussianRule.quadrature(backend, p, k, mz, mu, kind, kinks, coarse);
    }
    const samples = options.samples ?? 2 ** 20;
    if (!Number.isInteger(samples) || samples < 16 || samples > LIMIT) throw new OptionRangeError('samples', `an integer in 16…${LIMIT}`, samples);
    const seed = options.seed ?? 1;
    checkOption('seed', seed);
    // Too many points for memory: name the rule's samples when the caller set them, else p
    // (the default rule's size is fixed; its points have p + k coordinates).
    const option = options.samples !== undefined ? 'samples' : 'p';
    const coarse = wantCoarse ? GaussianRule.monteCarlo(backend, p, k, Math.max(16, samples >> 2), (seed + 0x9e3779b9) >>> 0, null, option) : null;
    return GaussianRule.monteCarlo(backend, p, k, samples, seed, coarse, option);
  }

  /** The pruned dim-fold tensor rule of an m-node rule, its points in `scope`. */
  private static tensor(scope: BufferScope, dim: number, m: number, kind: 'half-range' | 'hermite'): Part {
    const backend = scope.backend;
    const K = backend.kernels;
    return withBuffers(backend, (s) => {
      const nodes = s.buffer(8 * m);
      const weights = s.buffer(8 * m);
      if (kind === 'half-range') K.gaussHalfRangeRule(m, nodes, weights, s.buffer(8 * K.gaussHalfRangeScratch(m)));
      else K.gaussHermiteRule(m, nodes, weights, s.buffer(8 * 2 * m));
      const n = K.gaussTensorRule(dim, m, nodes, weights, PRUNE, null, null, 0);
      backend.assertFits(8 * n * (dim + 1), 'budget');
      const xId = scope.buffer(8 * n * dim);
      const wId = scope.buffer(8 * n);
      K.gaussTensorRule(dim, m, nodes, weights, PRUNE, xId, wId, n);
      return { n, xId, wId };
    });
  }

  private static quadrature(backend: Backend, p: number, k: number, mz: number, mu: number, kind: 'half-range' | 'hermite', kinks: boolean, coarse: GaussianRule | null): GaussianRule {
    const scope = new BufferScope(backend);
    const K = backend.kernels;
    try {
      const z = GaussianRule.tensor(scope, k, mz, kind);
      if (!kinks) {
        const u = GaussianRule.tensor(scope, p, mu, kind);
        return new GaussianRule(scope, p, k, 'quadrature', mz, mu, z, u, null, null, coarse);
      }
      const n = mu / 2;
      const G = K.gaussTruncEntries();
      const xId = scope.buffer(8 * G * n);
      const wId = scope.buffer(8 * G * n);
      withBuffers(backend, (s) => K.gaussTruncTable(n, xId, wId, s.buffer(8 * K.gaussTruncScratch(n))));
      return new GaussianRule(scope, p, k, 'quadrature', mz, mu, z, null, { n, xId, wId }, null, coarse);
    } catch (e) {
      scope.free();
      throw e;
    }
  }

  private static monteCarlo(backend: Backend, p: number, k: number, n: number, seed: number, coarse: GaussianRule | null, option: 'samples' | 'p'): GaussianRule {
    const dim = p + k;
    backend.assertFits(8 * n * (dim + 1), option, option === 'samples' ? 'lower the Monte-Carlo samples of the rule' : 'lower p or k');
    const K = backend.kernels;
    const scope = new BufferScope(backend);
    const xId = scope.buffer(8 * n * dim);
    const wId = scope.buffer(8 * n);
    for (let d = 0; d < dim; d++) K.normalBlock(seed, d, 0, n, at(xId, d * n), 1);
    K.gaussEqualWeights(n, wId);
    return new GaussianRule(scope, p, k, 'monte-carlo', 0, 0, null, null, null, { n, xId, wId }, coarse);
  }

  /** Releases the WASM buffers (also of the coarse companion); safe to call twice. */
  free(): void {
    this.scope.free();
    this.coarse?.free();
  }
}
