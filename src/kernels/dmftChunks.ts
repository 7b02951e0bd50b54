// The per-sample half of the DMFT solver (docs/dmft.md §7): owns the stored histories of a
// fixed set of chunks on one backend (the main one, or a worker thread's own) and, per step,
// recomputes the cavity field and echo from the stored normals and gradients (h̃^t = A^t ξ,
// e^t = R^t g: D5, D9, D14 unrolled, docs/dmft.md §7), evaluates the gradient and returns each
// chunk's float64 moment sums in the basis layout of dmftBasisMoments. Chunk c's normals
// depend only on (seed, stream, c).
import { MemoryLimitError } from '../errors.js';
import { uploadExpression, type UploadedExpression } from './uploadExpression.js';
import { BufferScope, MAX_WASM_BYTES, type Backend, type BufferId } from '../wasm/backend.js';
import { rawKernels, type RawKernels } from './bindKernels.js';
import { DmftLayout, dmftStream, dmftSumsLength, STREAM_H0, STREAM_NOISE, STREAM_Z, STREAM_ZETA, type DmftPlan } from './dmftPlan.js';

/** Bytes a DmftChunks holding `nOwned` chunks allocates (histories plus scratch). */
export function dmftChunksBytes(plan: DmftPlan, nOwned: number): number {
  const { p, k, T, chunk } = plan;
  const L = new DmftLayout(p, k, T, chunk, plan.labelNoise > 0);
  const maxStack = Math.max(plan.target.maxStack, plan.activation.maxStack, plan.derivative.maxStack, 1);
  const n = (T + 1) * p;
  const s64 = DmftLayout.f64Stride(chunk);
  const scratch =
    8 * s64 * (2 * p + 2 * p + p + k + 1) + L.colBytes * p + 8 * maxStack * 2 * p * s64 +
    8 * (4 * n * p + 4 * p + 2 * p * (2 + k)) + 4 * (9 * n * p + 4 * p * k + 3 * p + 16) + 8 * nOwned * dmftSumsLength(p, k, T) +
    8 * 2 * p * s64 + 2 * p * L.colBytes + 4 * p * n + 20 * Math.ceil(p / 2) * (k + 3 * n) + 8 * s64 + 4096;
  return nOwned * L.blockBytes + scratch;
}

export class DmftChunks {
  private readonly K: RawKernels;
  private readonly L: DmftLayout;
  /** One allocation for all owned chunk blocks (one memory.grow): block i at i·blockBytes. */
  private readonly store: BufferId;
  private readonly scope: BufferScope;
  private readonly progs: UploadedExpression[] = [];
  /** h̃⁰ = L0 ν: the coefficients of step 0 (A⁰ = [L0 | 0]). */
  private L0: Float64Array | null = null;
  private readonly buf: Record<'u' | 'sig' | 'dsig' | 'zf' | 'noise' | 'nu' | 'stack' | 'coefs' | 'cols' | 'a' | 'sums' | 'part' | 'fields' | 'cf32' | 'entries' | 'lcol', BufferId>;

  constructor(
    private readonly backend: Backend,
    private readonly plan: DmftPlan,
    /** Chunk indices owned, increasing. */
    readonly chunks: readonly number[],
  ) {
    const { p, k, T, chunk } = plan;
    this.K = rawKernels(backend);
    this.L = new DmftLayout(p, k, T, chunk, plan.labelNoise > 0);
    const need = dmftChunksBytes(plan, chunks.length);
    if (need > MAX_WASM_BYTES) throw new MemoryLimitError('samples', need, MAX_WASM_BYTES);
    backend.assertFits(need, 'samples');
    const maxStack = Math.max(plan.target.maxStack, plan.activation.maxStack, plan.derivative.maxStack, 1);
    const n = (T + 1) * p;
    const s64 = DmftLayout.f64Stride(chunk);
    this.scope = new BufferScope(backend);
    const alloc = (bytes: number): BufferId => this.scope.buffer(bytes);
    try {
      this.buf = {
        u: alloc(8 * 2 * p * s64),
        sig: alloc(8 * 2 * p * s64),
        dsig: alloc(8 * p * s64),
        zf: alloc(8 * k * s64),
        noise: alloc(8 * chunk),
        nu: alloc(this.L.colBytes * p),
        stack: alloc(8 * maxStack * 2 * p * s64),
        coefs: alloc(8 * (4 * n * p + 4 * p + 2 * p * (2 + k))),
        cols: alloc(4 * (9 * n * p + 4 * p * k + 3 * p + 16)),
        a: this.scope.copyF64(plan.a),
        sums: alloc(8 * Math.max(1, chunks.length) * dmftSumsLength(p, k, T)),
        part: alloc(8 * 2 * p * s64),
        fields: alloc(2 * p * this.L.colBytes),
        cf32: alloc(4 * p * n),
        entries: alloc(20 * Math.ceil(p / 2) * (k + 3 * n)),
        lcol: alloc(8 * s64),
      };
      this.store = alloc(Math.max(1, chunks.length) * this.L.blockBytes);
      for (const prog of [plan.target, plan.activation, plan.derivative]) this.progs.push(this.scope.own(uploadExpression(backend, prog)));
    } catch (e) {
      this.free();
      throw e;
    }
  }

  private len(c: number): number {
    return Math.min(this.plan.chunk, this.plan.S - c * this.plan.chunk);
  }

  private run(prog: UploadedExpression, vars: number, stride: number, len: number, out: number): void {
    const b = this.backend;
    this.K.evalProgram(b.ptr(prog.codeId), prog.codeLen, b.ptr(prog.constsId), vars, stride, len, out, b.ptr(this.buf.stack));
  }

  /**
   * g^t of the chunk at `base` (len samples) from the fields in the u scratch, stored over its
   * gradient columns; the error sums go to `errors`. σ is evaluated on `fieldSets` p-column
   * sets (2: the training and the echo-free test fields; 1: the training fields only). Columns
   * are s64 apart, so one call covers all of them (the pads are evaluated too, unused).
   */
  private gradient(t: number, len: number, base: number, fieldSets: 1 | 2, errors: number): void {
    const { p } = this.plan;
    const b = this.backend;
    const L = this.L;
    const s64 = DmftLayout.f64Stride(this.plan.chunk);
    const [u, sig, dsig, a] = [this.buf.u, this.buf.sig, this.buf.dsig, this.buf.a].map((id) => b.ptr(id));
    const [y, fz, g, gStride] = [base + L.Y, base + L.FZ, base + L.G(t, 0), L.colBytes / 4];
    if (this.plan.reluFast) {
      this.K.dmftGradientRelu(p, len, s64, a, u, y, fz, g, gStride, this.plan.loss, errors);
      return;
    }
    this.run(this.progs[1], u, s64, fieldSets * p * s64, sig);
    this.run(this.progs[2], u, s64, p * s64, dsig);
    this.K.dmftGradient(p, len, s64, a, sig, dsig, y, fz, g, gStride, this.plan.loss, errors);
  }

  /** Labels, z*, the normals ν of h̃⁰ = L0 ν (L0 the p×p factor of Q⁰ − M⁰M⁰ᵀ from dmftInit). */
  init(L0: Float64Array): void {
    const { p, k, chunk, seed, labelNoise } = this.plan;
    const b = this.backend;
    const K = this.K;
    const L = this.L;
    this.L0 = Float64Array.from(L0);
    const s64 = DmftLayout.f64Stride(chunk);
    const zf = b.ptr(this.buf.zf);
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      const len = this.len(c);
      const base = b.ptr(this.store) + i * L.blockBytes;
      for (let r = 0; r < k; r++) {
        K.normalBlock(seed, dmftStream(STREAM_Z, 0, r), c, len, base + L.Z(r), 0);
        K.dmftPromote(base + L.Z(r), len, zf + 8 * s64 * r);
      }
      this.run(this.progs[0], zf, s64, len, base + L.FZ);
      if (labelNoise > 0) K.normalBlock(seed, dmftStream(STREAM_NOISE, 0, 0), c, len, b.ptr(this.buf.noise), 1);
      K.dmftLabels(base + L.FZ, b.ptr(this.buf.noise), labelNoise, len, base + L.Y);
      for (let l = 0; l < p; l++) K.normalBlock(seed, dmftStream(STREAM_H0, 0, l), c, len, base + L.Xi(l), 0);
    }
  }

  /**
   * Step t: when t > 0, draws ζ^{t−1} into ξ; h̃^t = A^t ξ and e^t = R^t g from `advance`
   * (dmftAdvanceCoefs at t−1; A⁰ = [L0 | 0] and e⁰ = 0 at t = 0), in float32 scratch columns;
   * then u^t, g^t with the m^t of `field` (dmftFieldCoefs at t; with a trained second layer its
   * last p entries are a^t). Returns the basis moment sums of the owned chunks, chunk after
   * chunk (dmftSumsLength(p, k, t) each).
   */
  step(t: number, advance: Float64Array | null, field: Float64Array): Float64Array {
    const { p, k, chunk, seed } = this.plan;
    const b = this.backend;
    const K = this.K;
    const L = this.L;
    const R = dmftSumsLength(p, k, t);
    const s64 = DmftLayout.f64Stride(chunk);
    const nx = (t + 1) * p;
    const nt = t * p;
    const fields = b.ptr(this.buf.fields);
    const hCol = (j: number) => L.colBytes * j;
    const eCol = (j: number) => L.colBytes * (p + j);
    if (t === 0) b.f32(this.buf.fields).fill(0);
    // Column lists: ξ (shared by every h̃_j), g^s (shared by every e_j), then the scratch
    // outputs (offsets from `fields`).
    const lists: number[] = [];
    for (let c = 0; c < nx; c++) lists.push(L.Xi(c));
    const gStart = lists.length;
    for (let s = 0; s < t; s++) for (let l = 0; l < p; l++) lists.push(L.G(s, l));
    const outStart = lists.length;
    for (let j = 0; j < p; j++) lists.push(hCol(j));
    for (let j = 0; j < p; j++) lists.push(eCol(j));
    b.writeI32(this.buf.cols, lists);
    if (this.plan.secondLayer) {
      const fieldLength = p * (3 + 2 * k);
      if (field.length !== fieldLength + p) throw new Error(`dmft: expected ${fieldLength + p} field coefficients (with a^t) at step ${t}`);
      b.writeF64(this.buf.a, field.subarray(fieldLength));
    }
    const coefs: number[] = [];
    if (t === 0) {
      for (let i = 0; i < p * p; i++) coefs.push(this.L0![i]);
    } else {
      if (!advance || advance.length !== p * nx + p * nt) throw new Error(`dmft: expected ${p * nx + p * nt} advance coefficients at step ${t}`);
      for (let i = 0; i < advance.length; i++) coefs.push(advance[i]);
    }
    // m^t from the field coefficients (dmftFieldCoefs: p blocks [1, 1, m_j·], then p blocks [1, m_j·]).
    const mStart = coefs.length;
    for (let j = 0; j < p; j++) for (let r = 0; r < k; r++) coefs.push(field[j * (2 + k) + 2 + r]);
    b.writeF64(this.buf.coefs, coefs);
    const cp = b.ptr(this.buf.coefs);
    const lp = b.ptr(this.buf.cols);
    const ep = b.ptr(this.buf.entries);
    const u = b.ptr(this.buf.u);
    const sig = b.ptr(this.buf.sig);
    const sums = b.ptr(this.buf.sums);
    const part = b.ptr(this.buf.part);
    const cf = b.ptr(this.buf.cf32);
    const gPart = (j: number) => part + 8 * s64 * j;
    const xPart = (j: number) => part + 8 * s64 * (p + j);
    // Moment sums (layout of dmftBasisMoments) as dot products of one stored float32 column
    // with up to two float64 partners: g^t_j, or the newest normals ξ_{tp+j}.
    const P2 = p * p;
    const oGG = p * k, oGX = oGG + (t + 1) * P2, oXX = oGX + (t + 1) * P2;
    const entries: number[] = [];
    const add = (col: number, partner: (j: number) => number, outIndex: (j: number) => number) => {
      for (let j = 0; j < p; j += 2) {
        const two = j + 1 < p;
        entries.push(col, partner(j), two ? partner(j + 1) : 0, outIndex(j), two ? outIndex(j + 1) : 0);
      }
    };
    for (let r = 0; r < k; r++) add(L.Z(r), gPart, (j) => j * k + r);
    for (let s = 0; s <= t; s++) for (let l = 0; l < p; l++) add(L.G(s, l), gPart, (j) => oGG + s * P2 + j * p + l);
    for (let s = 0; s <= t; s++) {
      for (let l = 0; l < p; l++) {
        add(L.Xi(s * p + l), gPart, (j) => oGX + s * P2 + j * p + l);
        add(L.Xi(s * p + l), xPart, (j) => oXX + s * P2 + j * p + l);
      }
    }
    const nEntries = entries.length / 5;
    b.writeI32(this.buf.entries, entries);
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      const len = this.len(c);
      const base = b.ptr(this.store) + i * L.blockBytes;
      if (t > 0) for (let j = 0; j < p; j++) K.normalBlock(seed, dmftStream(STREAM_ZETA, t - 1, j), c, len, base + L.Xi(t * p + j), 0);
      K.dmftCombineF32(cp, lp, nx, p, base, len, lp + 4 * outStart, fields, cf);
      if (t > 0) K.dmftCombineF32(cp + 8 * p * nx, lp + 4 * gStart, nt, p, base, len, lp + 4 * (outStart + p), fields, cf);
      K.dmftFields(p, k, cp + 8 * mStart, fields, L.colBytes, base + L.Z(0), len, u, s64);
      const out = sums + 8 * R * i;
      const loss = this.plan.loss;
      // σ of all 2p fields (training and test), for the errors.
      this.gradient(t, len, base, 2, out + 8 * (R - 2 - p));
      // Σ ℓ'σ(u_j) for the second layer (docs/model.md §6), or zeros when it is fixed.
      if (this.plan.secondLayer) {
        K.dmftSecondLayerSums(p, len, s64, b.ptr(this.buf.a), this.plan.reluFast ? u : sig, this.plan.reluFast ? 1 : 0, base + L.Y, loss, b.ptr(this.buf.lcol), out + 8 * (R - p));
      } else b.f64(this.buf.sums, R * this.chunks.length).fill(0, R * i + R - p, R * (i + 1));
      // Per-sample displacement: g replaced by g̃ = g at ũ (the fields with the echo moved along
      // the sample's own g, in place); the errors of the displaced pass are discarded.
      const disp = this.plan.displacement;
      if (disp.kind !== 0) {
        K.dmftDisplace(p, len, s64, u, base + L.G(t, 0), L.colBytes / 4, disp.kind, disp.rho);
        this.gradient(t, len, base, 1, b.ptr(this.buf.lcol));
      }
      for (let j = 0; j < p; j++) {
        K.dmftPromote(base + L.G(t, j), len, gPart(j));
        K.dmftPromote(base + L.Xi(t * p + j), len, xPart(j));
      }
      K.dmftDotsX(ep, nEntries, base, len, out);
    }
    return b.readF64(this.buf.sums, R * this.chunks.length);
  }

  free(): void {
    this.scope.free();
  }
}
