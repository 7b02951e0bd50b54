// The per-sample half of the DMFT solver (docs/dmft.md §7): owns the stored histories of a
// fixed set of chunks on one backend (the main one, or a worker thread's own) and, per step,
// advances the cavity field and echo (D5, D9, D14), evaluates the gradient and returns each
// chunk's float64 moment sums. Chunk c's normals depend only on (seed, stream, c).
import { MemoryLimitError } from '../errors.js';
import { uploadProgram, type UploadedProgram } from '../gaussian/uploadProgram.js';
import { MAX_WASM_BYTES, type Backend, type BufferId } from '../wasm/backend.js';
import { dmftKernels, type DmftKernels } from './dmftKernels.js';
import { DmftLayout, dmftStream, dmftSumsLength, STREAM_H0, STREAM_NOISE, STREAM_Z, STREAM_ZETA, type DmftPlan } from './dmftPlan.js';

/** Bytes a DmftChunks holding `nOwned` chunks allocates (histories plus scratch). */
export function dmftChunksBytes(plan: DmftPlan, nOwned: number): number {
  const { p, k, T, chunk } = plan;
  const L = new DmftLayout(p, k, T, chunk);
  const maxStack = Math.max(plan.target.maxStack, plan.activation.maxStack, plan.derivative.maxStack, 1);
  const n = (T + 1) * p;
  const s64 = DmftLayout.f64Stride(chunk);
  const scratch =
    8 * s64 * (2 * p + 2 * p + p + k + 1) + L.colBytes * p + 8 * maxStack * 2 * p * s64 +
    8 * (4 * n * p + 4 * p + 2 * p * (2 + k)) + 4 * (9 * n * p + 4 * p * k + 3 * p + 16) + 8 * nOwned * dmftSumsLength(p, k, T) +
    20 * Math.ceil(p / 2) * (k + 3 * n) + 4096;
  return nOwned * L.blockBytes + scratch;
}

export class DmftChunks {
  private readonly K: DmftKernels;
  private readonly L: DmftLayout;
  /** One allocation for all owned chunk blocks (one memory.grow): block i at i·blockBytes. */
  private store: BufferId = -1;
  private readonly ids: BufferId[] = [];
  private readonly progs: UploadedProgram[] = [];
  private readonly buf: Record<'u' | 'sig' | 'dsig' | 'zf' | 'noise' | 'nu' | 'stack' | 'coefs' | 'cols' | 'a' | 'sums' | 'part' | 'entries', BufferId>;

  constructor(
    private readonly backend: Backend,
    private readonly plan: DmftPlan,
    /** Chunk indices owned, increasing. */
    readonly chunks: readonly number[],
  ) {
    const { p, k, T, chunk } = plan;
    this.K = dmftKernels(backend);
    this.L = new DmftLayout(p, k, T, chunk);
    const need = dmftChunksBytes(plan, chunks.length);
    if (need > MAX_WASM_BYTES) throw new MemoryLimitError('samples', need, MAX_WASM_BYTES);
    backend.assertFits(need, 'samples');
    const maxStack = Math.max(plan.target.maxStack, plan.activation.maxStack, plan.derivative.maxStack, 1);
    const n = (T + 1) * p;
    const s64 = DmftLayout.f64Stride(chunk);
    const alloc = (bytes: number): BufferId => {
      const id = backend.alloc(bytes);
      this.ids.push(id);
      return id;
    };
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
        a: backend.fromF64(plan.a),
        sums: alloc(8 * Math.max(1, chunks.length) * dmftSumsLength(p, k, T)),
        part: alloc(8 * 2 * p * s64),
        entries: alloc(20 * Math.ceil(p / 2) * (k + 3 * n)),
      };
      this.ids.push(this.buf.a);
      this.store = alloc(Math.max(1, chunks.length) * this.L.blockBytes);
      for (const prog of [plan.target, plan.activation, plan.derivative]) this.progs.push(uploadProgram(backend, prog));
    } catch (e) {
      this.free();
      throw e;
    }
  }

  private len(c: number): number {
    return Math.min(this.plan.chunk, this.plan.S - c * this.plan.chunk);
  }

  private run(prog: UploadedProgram, vars: number, stride: number, len: number, out: number): void {
    const b = this.backend;
    this.K.evalProgram(b.ptr(prog.codeId), prog.codeLen, b.ptr(prog.constsId), vars, stride, len, out, b.ptr(this.buf.stack));
  }

  /** Labels, z*, h̃⁰ = L0 ν (L0 the p×p factor of Q⁰ − M⁰M⁰ᵀ from dmftInit) and e⁰ = 0. */
  init(L0: Float64Array): void {
    const { p, k, chunk, seed, labelNoise } = this.plan;
    const b = this.backend;
    const K = this.K;
    const L = this.L;
    const nu = b.ptr(this.buf.nu);
    b.writeF64(this.buf.coefs, L0);
    const s64 = DmftLayout.f64Stride(chunk);
    const zf = b.ptr(this.buf.zf);
    const cols = b.i32(this.buf.cols, p);
    for (let l = 0; l < p; l++) cols[l] = nu + L.colBytes * l;
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      const len = this.len(c);
      const base = b.ptr(this.store) + i * L.blockBytes;
      for (let r = 0; r < k; r++) {
        K.normalBlock(seed, dmftStream(STREAM_Z, 0, r), c, len, base + L.Z(r), 0);
        K.promote(base + L.Z(r), len, zf + 8 * s64 * r);
      }
      this.run(this.progs[0], zf, s64, len, base + L.FZ);
      if (labelNoise > 0) K.normalBlock(seed, dmftStream(STREAM_NOISE, 0, 0), c, len, b.ptr(this.buf.noise), 1);
      K.labels(base + L.FZ, b.ptr(this.buf.noise), labelNoise, len, base + L.Y);
      for (let l = 0; l < p; l++) K.normalBlock(seed, dmftStream(STREAM_H0, 0, l), c, len, nu + L.colBytes * l, 0);
      for (let j = 0; j < p; j++) K.combine(b.ptr(this.buf.coefs) + 8 * p * j, b.ptr(this.buf.cols), p, 0, len, base + L.H(0, j), 0);
      const view = b.f32(this.store);
      for (let j = 0; j < p; j++) view.fill(0, (i * L.blockBytes + L.E(0, j)) / 4, (i * L.blockBytes + L.E(0, j)) / 4 + len);
    }
  }

  /**
   * Step t: when t > 0, draws ζ^{t−1} and advances to h̃^t, e^t with `advance` (dmftAdvanceCoefs
   * at t−1); then u^t, g^t with `field` (dmftFieldCoefs at t). Returns the moment sums of the
   * owned chunks, chunk after chunk (dmftSumsLength(p, k, t) each).
   */
  step(t: number, advance: Float64Array | null, field: Float64Array): Float64Array {
    const { p, k, chunk, seed } = this.plan;
    const b = this.backend;
    const K = this.K;
    const L = this.L;
    const R = dmftSumsLength(p, k, t);
    const s64 = DmftLayout.f64Stride(chunk);
    // Column lists (offsets inside a chunk block): advance terms (h̃: 2tp columns shared by
    // all j; e: tp shared, then g^{t−1}_j per j), field terms, and the outputs of the advance.
    const lists: number[] = [];
    const nt = t * p;
    if (t > 0) {
      for (let s = 0; s < t; s++) for (let l = 0; l < p; l++) lists.push(L.H(s, l));
      for (let s = 0; s < t; s++) for (let l = 0; l < p; l++) lists.push(L.Zeta(s, l));
    }
    const eStart = lists.length;
    if (t > 0) {
      for (let s = 0; s < t; s++) for (let l = 0; l < p; l++) lists.push(L.E(s, l));
      for (let j = 0; j < p; j++) lists.push(L.G(t - 1, j));
    }
    const outStart = lists.length;
    for (let j = 0; j < p; j++) lists.push(L.H(t, j));
    for (let j = 0; j < p; j++) lists.push(L.E(t, j));
    const fieldStart = lists.length;
    for (let j = 0; j < p; j++) {
      lists.push(L.H(t, j), L.E(t, j));
      for (let r = 0; r < k; r++) lists.push(L.Z(r));
    }
    for (let j = 0; j < p; j++) {
      lists.push(L.H(t, j));
      for (let r = 0; r < k; r++) lists.push(L.Z(r));
    }
    b.writeI32(this.buf.cols, lists);
    // Moment sums (layout of dmftSolveStep) as dot products of one stored float32 column with
    // up to two float64 partners: g^t_j (widened once per chunk) or h̃^t_j.
    const part = b.ptr(this.buf.part);
    const gPart = (j: number) => part + 8 * s64 * j;
    const hPart = (j: number) => part + 8 * s64 * (p + j);
    const P2 = p * p;
    const oGG = p * k, oGH = oGG + (t + 1) * P2, oHH = oGH + (t + 1) * P2;
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
        add(L.H(s, l), gPart, (j) => oGH + s * P2 + j * p + l);
        add(L.H(s, l), hPart, (j) => oHH + s * P2 + j * p + l);
      }
    }
    const nEntries = entries.length / 5;
    b.writeI32(this.buf.entries, entries);
    const coefs: number[] = [];
    if (advance) for (let i = 0; i < advance.length; i++) coefs.push(advance[i]);
    const fieldCoef = coefs.length;
    for (let i = 0; i < field.length; i++) coefs.push(field[i]);
    b.writeF64(this.buf.coefs, coefs);

    const cp = b.ptr(this.buf.coefs);
    const lp = b.ptr(this.buf.cols);
    const ep = b.ptr(this.buf.entries);
    const u = b.ptr(this.buf.u);
    const sig = b.ptr(this.buf.sig);
    const dsig = b.ptr(this.buf.dsig);
    const sums = b.ptr(this.buf.sums);
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      const len = this.len(c);
      const base = b.ptr(this.store) + i * L.blockBytes;
      if (t > 0) {
        for (let j = 0; j < p; j++) K.normalBlock(seed, dmftStream(STREAM_ZETA, t - 1, j), c, len, base + L.Zeta(t - 1, j), 0);
        K.combineF32(cp, lp, 2 * nt, 0, p, base, len, lp + 4 * outStart);
        K.combineF32(cp + 8 * 2 * nt * p, lp + 4 * eStart, nt, 1, p, base, len, lp + 4 * (outStart + p));
      }
      let q = fieldCoef;
      let w = fieldStart;
      for (let j = 0; j < p; j++, q += 2 + k, w += 2 + k) K.combine(cp + 8 * q, lp + 4 * w, 2 + k, base, len, u + 8 * s64 * j, 1);
      for (let j = 0; j < p; j++, q += 1 + k, w += 1 + k) K.combine(cp + 8 * q, lp + 4 * w, 1 + k, base, len, u + 8 * s64 * (p + j), 1);
      // Columns are s64 apart, so one call covers all 2p fields (the pads are evaluated too, unused).
      this.run(this.progs[1], u, s64, 2 * p * s64, sig);
      this.run(this.progs[2], u, s64, p * s64, dsig);
      const out = sums + 8 * R * i;
      K.gradient(p, len, s64, b.ptr(this.buf.a), sig, dsig, base + L.Y, base + L.FZ, base + L.G(t, 0), L.colBytes / 4, out + 8 * (R - 2));
      for (let j = 0; j < p; j++) {
        K.promote(base + L.G(t, j), len, gPart(j));
        K.promote(base + L.H(t, j), len, hPart(j));
      }
      K.dotsX(ep, nEntries, base, len, out);
    }
    return b.readF64(this.buf.sums, R * this.chunks.length);
  }

  free(): void {
    for (const prog of this.progs.splice(0)) prog.free();
    for (const id of this.ids.splice(0).reverse()) this.backend.free(id);
  }
}
