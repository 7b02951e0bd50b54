// The deterministic half of the DMFT solver (docs/dmft.md §3–7), on the main thread: combines
// the per-chunk moment sums in a fixed order (groups c mod G in chunk order, then groups in
// order), turns the basis sums into the moments of the fields (dmftBasisMoments), solves each step for C, Γ, the causal Cholesky row and m^{t+1} (dmftSolveStep), for
// the full sample and for each group (batch-means standard errors), and emits the
// coefficients the chunks need next. All arithmetic is in WASM.
import { at, BufferScope, type Backend, type BufferId } from '../wasm/backend.js';
import type { Kernels } from '../kernels/bindKernels.js';
import { dmftSumsLength, type DmftPlan } from '../kernels/dmftPlan.js';
import { lrFactors } from '../kernels/lrFactors.js';
import type { LrSchedule } from '../schedules/LrSchedule.js';

export interface DmftPhysics {
  alpha: number;
  lr: number;
  weightDecay: number;
  labelNoise: number;
  /** η_t = lr·factor(t) (docs/model.md §4). */
  lrSchedule: LrSchedule;
  /** Second-layer rate η_a (0: fixed a) and its period K (docs/model.md §4). */
  secondLayerLr: number;
  secondLayerEvery: number;
}

export class DmftSolver {
  readonly G: number;
  readonly obsLength: number;
  /** obs[t] and se[t] (layout of dmftSolveStep). */
  readonly obs: Float64Array[] = [];
  readonly se: Float64Array[] = [];
  /** Each group's own obs vectors, gobs[t] (G × obsLength). */
  readonly gobs: Float64Array[] = [];
  private readonly K: Kernels;
  private readonly scope: BufferScope;
  private readonly states: BufferId[] = [];
  private readonly buf: Record<'partials' | 'groups' | 'total' | 'conv' | 'obs' | 'gobs' | 'se' | 'counts' | 'coefs' | 'M0' | 'Q0' | 'L0' | 'factors' | 'a' | 'ga' | 'ase', BufferId>;
  /** Samples per group (group g = chunks c ≡ g mod G). */
  readonly counts: number[];
  /** With a trained second layer: a^t (the total's) and its batch-means SE, per step. */
  readonly a: Float64Array[] = [];
  readonly aSe: Float64Array[] = [];

  constructor(
    private readonly backend: Backend,
    private readonly plan: DmftPlan,
    private readonly phys: DmftPhysics,
  ) {
    const { p, k, T, nChunks, chunk, S } = plan;
    this.K = backend.kernels;
    this.scope = new BufferScope(backend);
    this.G = Math.min(32, nChunks);
    this.counts = Array.from({ length: this.G }, () => 0);
    for (let c = 0; c < nChunks; c++) this.counts[c % this.G] += Math.min(chunk, S - c * chunk);
    this.obsLength = this.K.dmftObsLength(p, k, T);
    const R = dmftSumsLength(p, k, T);
    const O = this.obsLength;
    const n = (T + 1) * p;
    const alloc = (bytes: number): BufferId => this.scope.buffer(bytes);
    this.buf = {
      partials: alloc(8 * nChunks * R),
      groups: alloc(8 * this.G * R),
      total: alloc(8 * R),
      conv: alloc(8 * (this.G + 1) * R),
      obs: alloc(8 * O),
      gobs: alloc(8 * this.G * O),
      se: alloc(8 * O),
      counts: alloc(8 * this.G),
      coefs: alloc(8 * (4 * n * p + 4 * p + 2 * p * (2 + k))),
      M0: alloc(8 * p * k),
      Q0: alloc(8 * p * p),
      L0: alloc(8 * p * p),
      factors: alloc(8 * Math.max(1, T)),
      // a^t of the whole sample (a) and of each group (ga, G rows of p), stepped in place.
      a: alloc(8 * p),
      ga: alloc(8 * this.G * p),
      ase: alloc(8 * p),
    };
    backend.writeF64(this.buf.counts, this.counts);
    lrFactors(backend, phys.lrSchedule, 0, T, T, this.buf.factors);
    backend.writeF64(this.buf.a, plan.a);
    const ga = backend.f64(this.buf.ga, this.G * p);
    for (let g = 0; g < this.G; g++) ga.set(plan.a, g * p);
    const sb = this.K.dmftStateBytes(p, k, T);
    for (let g = 0; g <= this.G; g++) this.states.push(alloc(sb));
  }

  /** Sets m⁰ = M0 in every state; returns the factor of Q0 − M0M0ᵀ for h̃⁰ (D9). */
  init(M0: ArrayLike<number>, Q0: ArrayLike<number>): Float64Array {
    const { p, k, T } = this.plan;
    const b = this.backend;
    b.writeF64(this.buf.M0, M0);
    b.writeF64(this.buf.Q0, Q0);
    for (const s of this.states) this.K.dmftInit(s, p, k, T, this.buf.M0, this.buf.Q0, this.buf.L0);
    return b.readF64(this.buf.L0, p * p);
  }

  /** Coefficients of the fields at step t (dmftFieldCoefs), followed by a^t with a trained second layer. */
  fieldCoefs(t: number): Float64Array {
    const { p, k } = this.plan;
    this.K.dmftFieldCoefs(this.states[0], p, k, t, this.buf.coefs);
    const field = this.backend.readF64(this.buf.coefs, p * (3 + 2 * k));
    if (!this.plan.secondLayer) return field;
    const out = new Float64Array(field.length + p);
    out.set(field);
    out.set(this.backend.readF64(this.buf.a, p), field.length);
    return out;
  }

  /** η_t/η of update t (1 for the last step, which has no update). */
  private factor(t: number): number {
    return t < this.plan.T ? this.backend.f64(this.buf.factors, this.plan.T)[t] : 1;
  }

  /** Advances the basis coefficients from t to t+1 and returns those of step t+1 (dmftAdvanceCoefs). */
  advanceCoefs(t: number): Float64Array {
    const { p, k, T } = this.plan;
    this.K.dmftAdvanceCoefs(this.states[0], p, k, T, t, this.phys.lr, this.factor(t), this.phys.weightDecay, this.buf.coefs);
    return this.backend.readF64(this.buf.coefs, p * (t + 2) * p + p * (t + 1) * p);
  }

  /** Step t from the moment sums of all chunks in chunk order; returns obs[t]. */
  step(t: number, partials: Float64Array): Float64Array {
    const { p, k, T, nChunks, S } = this.plan;
    const { alpha, lr, weightDecay, labelNoise } = this.phys;
    const b = this.backend;
    const K = this.K;
    const R = dmftSumsLength(p, k, t);
    const O = this.obsLength;
    if (partials.length !== R * nChunks) throw new Error(`dmft: expected ${R * nChunks} partial sums, got ${partials.length}`);
    b.writeF64(this.buf.partials, partials);
    K.dmftGroupSums(this.buf.partials, nChunks, R, this.G, this.buf.groups, this.buf.total);
    const s0 = this.states[0];
    const conv = this.buf.conv;
    K.dmftBasisMoments(s0, s0, p, k, T, t, this.buf.total, conv);
    const factor = this.factor(t);
    K.dmftSolveStep(s0, p, k, T, t, conv, S, alpha, lr, factor, weightDecay, labelNoise, this.buf.obs);
    for (let g = 0; g < this.G; g++) {
      const cg = at(conv, R * (g + 1));
      K.dmftBasisMoments(this.states[g + 1], s0, p, k, T, t, at(this.buf.groups, R * g), cg);
      K.dmftSolveStep(this.states[g + 1], p, k, T, t, cg, this.counts[g], alpha, lr, factor, weightDecay, labelNoise, at(this.buf.gobs, O * g));
    }
    K.dmftStdErr(this.buf.gobs, this.G, O, this.buf.counts, S, this.buf.obs, this.buf.se);
    if (this.plan.secondLayer) this.secondLayerStep(t, R);
    const obs = b.readF64(this.buf.obs, O);
    this.obs.push(obs);
    this.se.push(b.readF64(this.buf.se, O));
    this.gobs.push(b.readF64(this.buf.gobs, this.G * O));
    return obs;
  }

  /**
   * Records a^t (and its batch-means SE over the groups, each group carrying its own a like its
   * own m) and, for an update t with (t + 1) % K = 0, steps a^{t+1} = a^t − η_a E[ℓ'σ(u^t)]
   * (docs/model.md §6) from the sums Σ ℓ'σ(u_j) at the end of the step's moment vector.
   */
  private secondLayerStep(t: number, R: number): void {
    const { p, T, S } = this.plan;
    const b = this.backend;
    const K = this.K;
    const G = this.G;
    K.dmftStdErr(this.buf.ga, G, p, this.buf.counts, S, this.buf.a, this.buf.ase);
    this.a.push(b.readF64(this.buf.a, p));
    this.aSe.push(b.readF64(this.buf.ase, p));
    if (t >= T) return;
    const etaA = this.phys.secondLayerLr;
    const every = this.phys.secondLayerEvery;
    if ((t + 1) % every !== 0) return;
    // a ← a − η_a·(sums/count), in place, for the whole sample and each group (the engines' kernel).
    K.updateSecondLayer(this.buf.a, at(this.buf.total, R - p), p, etaA, S);
    for (let g = 0; g < G; g++) K.updateSecondLayer(at(this.buf.ga, g * p), at(this.buf.groups, R * g + R - p), p, etaA, this.counts[g]);
  }

  free(): void {
    this.scope.free();
  }
}
