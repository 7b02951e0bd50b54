// The reduced engine (docs/model.md §8): gradient descent on fresh Gaussian batches used R
// consecutive times, simulated exactly in distribution at finite d from (M, Q) and the current
// batch only — no d-vector is ever formed.
//
// A batch: with Σ = [[Q, M],[Mᵀ, I_k]] factored as z = ξ_z, u = M z + C ξ_u (C Cᵀ = S = Q − MMᵀ
// by pivoted Cholesky, rank r_s), each sample's component inside span[W; W*] has coordinates
// ξ_μ = (ξ_z, ξ_u) ∈ R^r, r = k + r_s, in an orthonormal basis of that span; the rest of x_μ is
// N(0, I) in the d − r orthogonal dimensions, independent of ξ. With G the n×p gradient fields
// g_μ = (ŷ_μ − y_μ) a ⊙ σ′(u_μ) and Ξ the n×r matrix of the ξ_μ:
//   M′ = c M − (η/d) Gᵀ Z,   Q′ = c² Q − c (η/d)(GᵀU + UᵀG) + (η²/d) Gᵀ K G,
//   d·GᵀKG = (ΞᵀG)ᵀ(ΞᵀG) + Gᵀ Y G,   Y = X⊥X⊥ᵀ ~ Wishart_n(d − r, I) independent of Ξ.
// R = 1 (single-pass): GᵀYG = L A Lᵀ with L Lᵀ = GᵀG (pivoted Cholesky, rank s) and
//   A ~ Wishart_s(d − r) by Bartlett: O(n(p+k)²) per step, whatever d.
// R ≥ 2: Y itself is drawn once per batch as a factor T (n×n Bartlett, or n×(d−r) when
//   d − r < n), and between uses U ← c U − (η/d)(Ξ ΞᵀG + T TᵀG), Z stays. O(n²) memory.
// Training error of W^{t+1} on the batch of step t (R = 1) needs Y G, not only GᵀYG: rotating
// R^n to [Gq, Gq⊥] (Gq an orthonormal basis of G's columns, G = Gq R) and using the Bartlett
// form of the rotated Wishart, Y G = Gq T11 T11ᵀ R + (I − Gq Gqᵀ) Ñ T11ᵀ R with T11 the SAME
// factor as in GᵀYG = Rᵀ T11 T11ᵀ R and Ñ an independent n×s standard normal matrix.
import { evalProgram } from './expr';
import { DISPLACE_NONE, DISPLACE_SAM } from './displacement';
import { normalBlock } from './rng';
import { gramBasis, pivotedCholesky } from './reducedLinalg';
import { lossDerivative } from './lossResidual';
import { lrFactors } from './lrSchedule';
import { Cursor, cursorNext, cursorStart, cursorStartAt, wishartFactor } from './reducedRandom';
import { updateSecondLayer } from './trainStep';

// Stream tags (normalBlock / uniformBlock keys (seed, tag, index)), apart from the explicit
// engine's tags (1, 2, 0x10000000 + batch; src/simulation/streams.ts).
const TAG_BATCH: u32 = 0x20000001; // index = batch (n > 32): ξ of every sample, the Bartlett prefill (R = 1), the label noise
const TAG_TRAIN: u32 = 0x08000000; // + chunk, index = step: Ñ of the training-error path
const TAG_CHUNK: u32 = 0x90000000; // + chunk, index = batch: ξ and label noise of a streamed chunk
const TAG_INIT: u32 = 0x20000003; // index 0: the p×k overlaps of a random initialisation
const TAG_WISHART: u32 = 0x30000000; // + sub, index = step: the p×p Bartlett factor (R = 1)
const TAG_GRAM: u32 = 0x40000000; // + sub, index = batch: the n×n factor of Y (R ≥ 2)
const TAG_INIT_WISHART: u32 = 0x50000000; // + sub, index 0: Wishart_p(d − k) of a random init
const TAG_BLOCK: u32 = 0x20000004; // index = block: ξ and label noise of a block's batches (small n)
const TAG_SEQ: u32 = 0x70000000; // + sub, index 0: the Wishart variates of a small-n run, in step order

/** Relative pivot tolerance of the rank-revealing factors (pivots below it are exact zeros). */
const RANK_TOL: f64 = 1e-13;
const STACK_COLS: i32 = 512;
const GRAM_CHUNK: i32 = 4096;
// Small batches (n ≤ BLOCK_MAX_N, online SGD) draw the normals of BLOCK_SAMPLES / n consecutive
// batches in one call and evaluate their labels in one interpreter pass: the fields ξ do not
// depend on the weights, only their map to u does. Their Wishart variates come from two
// sequential streams (normals, uniforms) read in step order, refilled SEQ_LEN at a time.
const BLOCK_MAX_N: i32 = 32;
const BLOCK_SAMPLES: i32 = 512;
const SEQ_LEN: i32 = 1024;
// Single-pass batches of n > BLOCK_MAX_N (when d ≥ k + 2p, so that d − r ≥ p and GᵀYG always
// has its Bartlett form) are streamed in chunks of STREAM_CHUNK samples, each drawn from its
// own key and never stored: memory O(p + k) whatever n = αd. A step is one pass accumulating
// GᵀΞ, GᵀU, GᵀG; the training error after a step (recorded steps only) redraws the chunks
// twice (GqᵀÑ, then the loss). Every sum runs over the samples in order across chunks.
const STREAM_CHUNK: i32 = 256;
// Learning-rate factors η_t/η (assembly/lrSchedule.ts) are filled LR_WINDOW updates at a time.
const LR_WINDOW: i32 = 1024;

/** Run state and offsets of every buffer of the workspace (all inside one allocation). */
@unmanaged class Ws {
  n: i32; p: i32; k: i32; R: u32; seed: u32; maxStack: i32;
  d: f64; lr: f64; shrink: f64; noise: f64;
  tgt: usize; tgtLen: i32; tgtC: usize;
  act: usize; actLen: i32; actC: usize;
  dact: usize; dactLen: i32; dactC: usize;
  loaded: i64; // batch index in Ξ/U/Z/y (−1: none)
  rs: i32; // rank of S for the loaded batch
  q: i32; // columns of the Y factor (R ≥ 2)
  trainStart: f64; trainEnd: f64; divergedAt: i64;
  a: usize; M: usize; Q: usize;
  Xi: usize; Z: usize; y: usize; U: usize; sig: usize; dsig: usize; G: usize; stack: usize;
  S: usize; C: usize; piv: usize; lwork: usize;
  P1: usize; GU: usize; GG: usize; LG: usize; pivG: usize; T11: usize; H: usize; Orth: usize; B: usize; A1: usize;
  NG: usize; Nw: usize; Gq: usize; KG: usize; GqN: usize;
  gs: i32; // rank of GᵀG at the current step (R = 1)
  Y: usize; normals: usize; uniforms: usize; cbuf: usize; ubuf: usize; cap: i32;
  nb: i32; // batches per block (0: one batch per normalBlock call)
  block: i64; // block index held in XiB/yB (−1: none)
  XiB: usize; ZB: usize; yB: usize; seqN: usize; seqU: usize; seqNbuf: usize; seqUbuf: usize;
  m: i32; // samples in the per-sample buffers (n, or the current chunk when streaming)
  stream: i32; // 1: single-pass batches streamed in chunks (STREAM_CHUNK)
  Mold: usize; // M before the step (the streamed training error redraws the fields)
  GN: usize; // GᵀÑ (p×p), accumulated over a streamed batch at recorded steps
  // Training variants (docs/model.md §4), set from the record of reducedSetup's `vars`.
  gram: i32; // 1: the batch's n×n Gram Y is drawn (R ≥ 2, or a displacement needs it)
  algo: i32; // 0 gd, 1 projected, 2 spherical
  disp: i32; // 0 none, 1 SAM, 2 extra-gradient
  scope: i32; // 0 batch, 1 sample
  rho: f64;
  loss: i32; // 0 square, 1 correlation, 2 exponential
  aLr: f64; aAlt: i32; aEvery: u32;
  T: f64; nf: i32; spec: usize; lrWin: usize; lrWinAt: i64;
  lr0: f64; decay: f64;
  Ut: usize; // displaced fields ũ (p×n, column-major as U)
  xn: usize; // ‖x_μ‖²/d of each sample of the loaded batch (per-sample displacement)
  ag: usize; // Σ_μ ℓ′_μ σ(u_μ) (p), the second layer's gradient sum
  aOld: usize; // a before the step's second-layer update (streamed passes recompute G with it)
  cj: usize; sj: usize; // per-row shrink c_j and renormalisation 1/√Q′_jj (projected, spherical)
}

const HEADER: usize = (offsetof<Ws>() + 15) & ~(<usize>15);

@inline function ld(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

@inline function st(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

@inline function al(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

/**
 * Normals of a p×p Bartlett factor drawn with the batch (R = 1): its p(p−1)/2 off-diagonal
 * normals and a first try of each chi-square fit with room to spare; a longer need continues
 * on the factor's own stream.
 */
@inline function wishartPrefill(p: i32): i32 {
  return p * p + 2 * p + 8;
}

/** Cursor buffer length: a p×p Bartlett factor with its retries, or a chunk of the n×n one. */
function cursorCap(n: i32, p: i32, gram: i32): i32 {
  const small = p * p + 4 * p + 16;
  return gram ? max<i32>(small, GRAM_CHUNK) : small;
}

// Bump pointer of layout() (AssemblyScript has no closures).
let layoutAt: usize = 0;

function take(doubles: usize): usize {
  const at = layoutAt;
  layoutAt = al(layoutAt + (doubles << 3));
  return at;
}

/** Lays the buffers out from `base`; returns the end offset. */
function layout(w: Ws, base: usize): usize {
  w.stream = w.R == 1 && w.gram == 0 && w.n > BLOCK_MAX_N && w.d >= <f64>(w.k + 2 * w.p) ? 1 : 0;
  const n = w.stream ? <usize>STREAM_CHUNK : <usize>w.n, p = <usize>w.p, k = <usize>w.k;
  const D = p + k;
  layoutAt = al(base + HEADER);
  w.a = take(p); w.M = take(p * k); w.Q = take(p * p);
  w.Xi = take(n * (D + 1) + <usize>wishartPrefill(w.p)); w.Z = take(k * n); w.y = take(n); w.U = take(p * n);
  w.sig = take(p * n); w.dsig = take(p * n); w.G = take(p * n);
  w.stack = take(<usize>max<i32>(1, w.maxStack) * <usize>STACK_COLS);
  w.S = take(p * p); w.C = take(p * p); w.piv = take(p); w.lwork = take(2 * p);
  w.P1 = take(p * D); w.GU = take(p * p); w.GG = take(p * p); w.LG = take(p * p); w.pivG = take(p);
  w.T11 = take(p * p); w.H = take(p * p); w.Orth = take(p * p); w.B = take(p * p); w.A1 = take(p * p);
  w.NG = take(p * p); w.Nw = take(n * p); w.Gq = take(n * p); w.KG = take(n * p); w.GqN = take(p * p);
  w.Y = w.gram ? take(n * n) : take(1);
  w.cap = cursorCap(w.n, w.p, w.gram);
  w.normals = take(8); w.uniforms = take(8);
  w.cbuf = take(<usize>w.cap); w.ubuf = take(<usize>w.cap);
  w.nb = w.n <= BLOCK_MAX_N ? BLOCK_SAMPLES / w.n : 0;
  const nb = <usize>w.nb;
  w.XiB = take(nb * n * (D + 1)); w.ZB = take(k * nb * n); w.yB = take(nb * n);
  w.seqN = take(8); w.seqU = take(8);
  w.seqNbuf = take(w.nb > 0 ? <usize>SEQ_LEN : 0); w.seqUbuf = take(w.nb > 0 ? <usize>SEQ_LEN : 0);
  w.Mold = take(p * k); w.GN = take(p * p);
  w.Ut = take(w.disp != DISPLACE_NONE ? p * n : 0); w.xn = take(w.disp != DISPLACE_NONE ? n : 0);
  w.ag = take(p); w.aOld = take(p); w.cj = take(p); w.sj = take(p);
  w.spec = take(<usize>(3 * w.nf)); w.lrWin = take(w.nf > 0 ? <usize>LR_WINDOW : 0);
  return layoutAt;
}

/** Whether a run keeps the batch's n×n Gram: R ≥ 2, or a displacement (disp ≠ 0) needs it. */
@inline function keepsGram(R: u32, disp: i32): i32 {
  return R >= 2 || disp != DISPLACE_NONE ? 1 : 0;
}

/**
 * Bytes of the workspace for batch size n, p neurons, k directions, period R, program stack
 * depth, dimension d, a displacement when disp ≠ 0 (the n×n Gram is kept when keepsGram), and
 * nf learning-rate factors.
 */
export function reducedWorkBytes(n: i32, p: i32, k: i32, R: u32, maxStack: i32, d: f64, disp: i32, nf: i32): f64 {
  const w = changetype<Ws>(memory.data(<i32>offsetof<Ws>(), 16)); // scratch header, only for sizes
  w.n = n; w.p = p; w.k = k; w.R = R; w.maxStack = maxStack; w.d = d;
  w.gram = keepsGram(R, disp); w.disp = disp; w.nf = nf;
  return <f64>(layout(w, 0) + 16);
}

/**
 * Sets up a run in the workspace `ws` (reducedWorkBytes bytes, 16-aligned): sizes, seed,
 * η, λ, Δ, d, second layer a (p doubles at aPtr), the compiled programs of f*, σ, σ′
 * (assembly/expr.ts) and the training variants (docs/model.md §4) as float64 at `vars`:
 * algorithm (0 gd, 1 projected, 2 spherical), displacement (0 none, 1 SAM, 2 extra-gradient),
 * its scope (0 batch, 1 sample), ρ, loss (0 square, 1 correlation, 2 exponential), η_a,
 * alternating (0/1), every K, the run's steps T, nf, then nf learning-rate factor records
 * (assembly/lrSchedule.ts). The state (M, Q) is set by reducedInitState.
 */
export function reducedSetup(
  ws: usize, n: i32, p: i32, k: i32, R: u32, seed: u32, d: f64, lr: f64, decay: f64, noise: f64, aPtr: usize,
  tgt: usize, tgtLen: i32, tgtC: usize, act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize,
  maxStack: i32, vars: usize,
): void {
  const w = changetype<Ws>(ws);
  w.n = n; w.p = p; w.k = k; w.R = R; w.seed = seed; w.maxStack = maxStack;
  w.d = d; w.lr = lr; w.shrink = 1.0 - lr * decay; w.noise = noise;
  w.lr0 = lr; w.decay = decay;
  w.algo = <i32>ld(vars, 0); w.disp = <i32>ld(vars, 1); w.scope = <i32>ld(vars, 2); w.rho = ld(vars, 3);
  w.loss = <i32>ld(vars, 4); w.aLr = ld(vars, 5); w.aAlt = <i32>ld(vars, 6); w.aEvery = <u32>ld(vars, 7);
  w.T = ld(vars, 8); w.nf = <i32>ld(vars, 9);
  w.gram = keepsGram(R, w.disp);
  w.lrWinAt = -1;
  w.tgt = tgt; w.tgtLen = tgtLen; w.tgtC = tgtC;
  w.act = act; w.actLen = actLen; w.actC = actC;
  w.dact = dact; w.dactLen = dactLen; w.dactC = dactC;
  layout(w, ws);
  for (let j = 0; j < p; j++) st(w.a, j, ld(aPtr, j));
  for (let i = 0; i < 3 * w.nf; i++) st(w.spec, i, ld(vars, 10 + i));
  const nc = changetype<Cursor>(w.normals), uc = changetype<Cursor>(w.uniforms);
  nc.own = w.cbuf; nc.cap = w.cap; nc.uniform = 0;
  uc.own = w.ubuf; uc.cap = w.cap; uc.uniform = 1;
  if (w.nb > 0) {
    const sn = changetype<Cursor>(w.seqN), su = changetype<Cursor>(w.seqU);
    sn.own = w.seqNbuf; sn.cap = SEQ_LEN; sn.uniform = 0;
    su.own = w.seqUbuf; su.cap = SEQ_LEN; su.uniform = 1;
    cursorStart(sn, seed, TAG_SEQ, 0, SEQ_LEN);
    cursorStart(su, seed, TAG_SEQ, 0, SEQ_LEN);
  }
  w.block = -1;
  w.loaded = -1;
  w.m = n;
  w.divergedAt = -1;
  w.trainStart = NaN;
  w.trainEnd = NaN;
}

/**
 * Initial state (docs/model.md §2). kind 0 orthogonal: M = 0, Q = I. kind 1 prescribed m0
 * (p×k at m0): M = m0, Q = m0 m0ᵀ + diag(1 − ‖m0_j‖²) (rows m0_j W* + √(1−‖m0_j‖²) O_j with O
 * orthonormal to W*). kind 2 random Gaussian rows: the teacher rows are an orthonormal
 * basis (×√d) of k of the d dimensions, so W W*ᵀ/√d = A (p×k standard normals) and the rest of
 * W is p × (d − k) standard normals: M = A/√d, Q = (A Aᵀ + Wishart_p(d − k, I))/d exactly.
 */
export function reducedInitState(ws: usize, kind: i32, m0: usize): void {
  const w = changetype<Ws>(ws);
  const p = w.p, k = w.k;
  for (let i = 0; i < p * p; i++) st(w.Q, i, 0.0);
  if (kind == 0) {
    for (let i = 0; i < p * k; i++) st(w.M, i, 0.0);
    for (let j = 0; j < p; j++) st(w.Q, j * p + j, 1.0);
    return;
  }
  if (kind == 1) {
    for (let i = 0; i < p * k; i++) st(w.M, i, ld(m0, i));
  } else {
    normalBlock(w.seed, TAG_INIT, 0, p * k, w.M, 1);
    const s = 1.0 / Math.sqrt(w.d);
    for (let i = 0; i < p * k; i++) st(w.M, i, ld(w.M, i) * s);
    const nc = changetype<Cursor>(w.normals), uc = changetype<Cursor>(w.uniforms);
    cursorStart(nc, w.seed, TAG_INIT_WISHART, 0, w.cap);
    cursorStart(uc, w.seed, TAG_INIT_WISHART, 0, w.cap);
    const q = wishartFactor(p, w.d - <f64>k, w.T11, p, 1, nc, uc);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let v: f64 = 0;
        for (let c = 0; c < q; c++) v += ld(w.T11, i * p + c) * ld(w.T11, j * p + c);
        st(w.Q, i * p + j, v / w.d);
      }
    }
  }
  for (let i = 0; i < p; i++) {
    let norm2: f64 = 0;
    for (let j = 0; j < p; j++) {
      let v: f64 = 0;
      for (let r = 0; r < k; r++) v += ld(w.M, i * k + r) * ld(w.M, j * k + r);
      st(w.Q, i * p + j, ld(w.Q, i * p + j) + v);
      if (j == i) norm2 = v;
    }
    if (kind == 1) st(w.Q, i * p + i, ld(w.Q, i * p + i) + (1.0 - norm2));
  }
}

/** Draws batch b from Σ(M, Q): Ξ, Z, U, labels y (+ noise); for R ≥ 2 also the factor of Y. */
function loadBatch(w: Ws, b: u32): void {
  const n = w.n, p = w.p, k = w.k, D = p + k;
  // S = Q − M Mᵀ and its rank-revealing factor C (p × rs).
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let v = ld(w.Q, i * p + j);
      for (let r = 0; r < k; r++) v -= ld(w.M, i * k + r) * ld(w.M, j * k + r);
      st(w.S, i * p + j, v);
    }
  }
  let qmax: f64 = 0;
  for (let j = 0; j < p; j++) qmax = max<f64>(qmax, ld(w.Q, j * p + j));
  // Relative to the scale of Q, so a neuron that lies in the target span (S_jj ≈ 0 up to
  // rounding) gets no spurious noise direction.
  const rs = pivotedCholeskyScaled(w.S, p, qmax, w.C, w.piv, w.lwork);
  w.rs = rs;
  w.loaded = <i64>b;
  if (w.stream) return; // the chunks are drawn by each pass (loadChunk)
  if (w.nb > 0) blockBatch(w, b);
  else drawBatch(w, b);
  fields(w, w.M);
  if (w.gram) {
    const nc = changetype<Cursor>(w.normals), uc = changetype<Cursor>(w.uniforms);
    if (w.nb > 0) w.q = wishartFactor(n, w.d - <f64>(k + rs), w.Y, 1, n, changetype<Cursor>(w.seqN), changetype<Cursor>(w.seqU));
    else {
      cursorStart(nc, w.seed, TAG_GRAM, b, w.cap);
      cursorStart(uc, w.seed, TAG_GRAM, b, w.cap);
      w.q = wishartFactor(n, w.d - <f64>(k + rs), w.Y, 1, n, nc, uc);
    }
    if (w.disp != DISPLACE_NONE && w.scope == 1) sampleNorms(w);
  }
}

/**
 * ‖x_μ‖²/d of each sample of the loaded batch: its r = k + rs coordinates ξ_μ inside
 * span[W; W*] and its orthogonal part, whose squared norm is Y_μμ (the batch's Gram drawn
 * above, so that the displacement and the step's GᵀYG see the same x⊥).
 */
function sampleNorms(w: Ws): void {
  const n = w.n, D = w.p + w.k, r = w.k + w.rs, q = w.q;
  for (let mu = 0; mu < n; mu++) {
    const xi = w.Xi + (<usize>(mu * D) << 3);
    let s: f64 = 0;
    for (let l = 0; l < r; l++) s += ld(xi, l) * ld(xi, l);
    let o: f64 = 0;
    for (let c = 0; c < q; c++) o += ld(w.Y, c * n + mu) * ld(w.Y, c * n + mu);
    st(w.xn, mu, (s + o) / w.d);
  }
}

/** U = Mp z + C ξ_u for the w.m samples in Ξ. */
function fields(w: Ws, Mp: usize): void {
  const n = w.m, p = w.p, k = w.k, D = p + k, rs = w.rs;
  if (p == 2 && k == 2 && rs == 2) {
    fields22(w, Mp);
    return;
  }
  for (let mu = 0; mu < n; mu++) {
    const xi = w.Xi + (<usize>(mu * D) << 3);
    for (let j = 0; j < p; j++) {
      let u: f64 = 0;
      for (let r = 0; r < k; r++) u += ld(Mp, j * k + r) * ld(xi, r);
      for (let l = 0; l < rs; l++) u += ld(w.C, j * p + l) * ld(xi, k + l);
      st(w.U, j * n + mu, u);
    }
  }
}

/** Chunk c of batch b (streaming): Ξ, labels and the fields U from (Mp, C); sets w.m. */
function loadChunk(w: Ws, b: u32, c: i32, Mp: usize): void {
  const p = w.p, k = w.k, D = p + k;
  const m = min<i32>(STREAM_CHUNK, w.n - c * STREAM_CHUNK);
  w.m = m;
  normalBlock(w.seed, TAG_CHUNK + <u32>c, b, m * D + (w.noise > 0 ? m : 0), w.Xi, 1);
  for (let mu = 0; mu < m; mu++) {
    const xi = w.Xi + (<usize>(mu * D) << 3);
    for (let r = 0; r < k; r++) st(w.Z, r * m + mu, ld(xi, r));
  }
  evalProgram(w.tgt, w.tgtLen, w.tgtC, w.Z, m, m, w.y, w.stack);
  addNoise(w, w.Xi + (<usize>(m * D) << 3), w.y, m);
  fields(w, Mp);
}

/** U = M z + C ξ_u for p = k = rs = 2 with the coefficients in registers (the general loop's order, so its bits). */
function fields22(w: Ws, Mp: usize): void {
  const n = w.m;
  const m00 = ld(Mp, 0), m01 = ld(Mp, 1), m10 = ld(Mp, 2), m11 = ld(Mp, 3);
  const c00 = ld(w.C, 0), c01 = ld(w.C, 1), c10 = ld(w.C, 2), c11 = ld(w.C, 3);
  const u1p = w.U + (<usize>n << 3);
  for (let mu = 0; mu < n; mu++) {
    const xi = w.Xi + (<usize>(mu << 2) << 3);
    const x0 = load<f64>(xi), x1 = load<f64>(xi, 8), x2 = load<f64>(xi, 16), x3 = load<f64>(xi, 24);
    let u0: f64 = 0, u1: f64 = 0;
    u0 += m00 * x0; u0 += m01 * x1; u0 += c00 * x2; u0 += c01 * x3;
    u1 += m10 * x0; u1 += m11 * x1; u1 += c10 * x2; u1 += c11 * x3;
    st(w.U, mu, u0);
    st(u1p, mu, u1);
  }
}

/** Large n: batch b's ξ (and the p×p Bartlett prefill for R = 1) keyed by b, its labels. */
function drawBatch(w: Ws, b: u32): void {
  const n = w.n, p = w.p, k = w.k, D = p + k;
  // Ξ, then the Bartlett prefill (R = 1), then the label noise (only when Δ > 0).
  const pre = w.R == 1 ? wishartPrefill(p) : 0;
  normalBlock(w.seed, TAG_BATCH, b, n * D + pre + (w.noise > 0 ? n : 0), w.Xi, 1);
  for (let mu = 0; mu < n; mu++) {
    const xi = w.Xi + (<usize>(mu * D) << 3);
    for (let r = 0; r < k; r++) st(w.Z, r * n + mu, ld(xi, r));
  }
  evalProgram(w.tgt, w.tgtLen, w.tgtC, w.Z, n, n, w.y, w.stack);
  addNoise(w, w.Xi + (<usize>(n * D + pre) << 3), w.y, n);
}

/** Small n: Ξ and y of batch b point into its block, drawn (ξ, labels) when first needed. */
function blockBatch(w: Ws, b: u32): void {
  const n = w.n, k = w.k, D = w.p + k, nb = w.nb;
  const blk = b / <u32>nb;
  if (w.block != <i64>blk) {
    const len = nb * n;
    normalBlock(w.seed, TAG_BLOCK, blk, len * (D + 1), w.XiB, 1);
    for (let i = 0; i < nb; i++) {
      for (let mu = 0; mu < n; mu++) {
        const xi = w.XiB + (<usize>(i * n * (D + 1) + mu * D) << 3);
        for (let r = 0; r < k; r++) st(w.ZB, r * len + i * n + mu, ld(xi, r));
      }
    }
    evalProgram(w.tgt, w.tgtLen, w.tgtC, w.ZB, len, len, w.yB, w.stack);
    for (let i = 0; i < nb; i++) addNoise(w, w.XiB + (<usize>(i * n * (D + 1) + n * D) << 3), w.yB + (<usize>(i * n) << 3), n);
    w.block = <i64>blk;
  }
  const i = <i32>(b - blk * <u32>nb);
  w.Xi = w.XiB + (<usize>(i * n * (D + 1)) << 3);
  w.y = w.yB + (<usize>(i * n) << 3);
}

/** y += √Δ · (the batch's noise normals at xi). */
function addNoise(w: Ws, xi: usize, y: usize, n: i32): void {
  if (w.noise <= 0) return;
  const s = Math.sqrt(w.noise);
  for (let mu = 0; mu < n; mu++) st(y, mu, ld(y, mu) + s * ld(xi, mu));
}

function pivotedCholeskyScaled(A: usize, p: i32, scale: f64, L: usize, piv: usize, work: usize): i32 {
  let dmax: f64 = 0;
  for (let j = 0; j < p; j++) dmax = max<f64>(dmax, ld(A, j * p + j));
  // pivotedCholesky's tolerance is relative to A's own largest diagonal; rescale to `scale`.
  const tol = dmax > 0 ? RANK_TOL * max<f64>(scale, dmax) / dmax : RANK_TOL;
  return pivotedCholesky(A, p, tol, L, piv, work);
}

/**
 * σ, σ′ at U, residuals, G = ℓ′(ŷ, y) a ⊙ σ′(u) for the w.m samples; returns Σ (ŷ − y)² (the
 * observable, whatever the loss). `grad` = 0: loss only. `agrad`: also ag += Σ_μ ℓ′_μ σ(u_μ),
 * the second layer's gradient sum (docs/model.md §4).
 */
function forward(w: Ws, U: usize, grad: bool, agrad: bool = false): f64 {
  const n = w.m, p = w.p;
  const len = n * p;
  evalProgram(w.act, w.actLen, w.actC, U, len, len, w.sig, w.stack);
  if (grad) evalProgram(w.dact, w.dactLen, w.dactC, U, len, len, w.dsig, w.stack);
  let loss: f64 = 0;
  for (let mu = 0; mu < n; mu++) {
    let yhat: f64 = 0;
    for (let j = 0; j < p; j++) yhat += ld(w.a, j) * ld(w.sig, j * n + mu);
    const y = ld(w.y, mu);
    const r = yhat - y;
    loss += r * r;
    if (!grad && !agrad) continue;
    const lp = lossDerivative(w.loss, yhat, y);
    if (grad) for (let j = 0; j < p; j++) st(w.G, j * n + mu, lp * ld(w.a, j) * ld(w.dsig, j * n + mu));
    if (agrad) for (let j = 0; j < p; j++) st(w.ag, j, ld(w.ag, j) + lp * ld(w.sig, j * n + mu));
  }
  return loss;
}

/** ½·mean over the batch of a loss sum. */
@inline function halfMean(w: Ws, sum: f64): f64 {
  return 0.5 * sum / <f64>w.n;
}

/**
 * out (p×m, row stride ldo) = Gᵀ X for X column-major m×n (X[c·n + μ]) — or, with rowMajor, X
 * row-major n×m with row stride ldx; n = w.m. With `acc`, the sums go on from out's values.
 */
function gT(w: Ws, X: usize, m: i32, ldx: i32, rowMajor: bool, out: usize, ldo: i32, acc: bool = false): void {
  const n = w.m, p = w.p;
  for (let j = 0; j < p; j++) {
    const g = w.G + (<usize>(j * n) << 3);
    for (let c = 0; c < m; c++) {
      let s: f64 = acc ? ld(out, j * ldo + c) : 0;
      if (rowMajor) for (let mu = 0; mu < n; mu++) s += ld(g, mu) * ld(X, mu * ldx + c);
      else {
        const x = X + (<usize>(c * n) << 3);
        for (let mu = 0; mu < n; mu++) s += ld(g, mu) * ld(x, mu);
      }
      st(out, j * ldo + c, s);
    }
  }
}

/**
 * P1 = GᵀΞ (p × r, stride D; its first k columns are GᵀZ), GU = GᵀU and, with `gg`, GG = GᵀG.
 * For p = k = 2 (the paper's case) one pass over the samples with the sums in registers; each
 * sum adds its terms in sample order as gT does, so both paths give the same bits. With `acc`
 * the sums go on from the previous chunk's.
 */
function gradientSums(w: Ws, r: i32, gg: bool, acc: bool): void {
  const n = w.m, p = w.p, D = p + w.k;
  if (p != 2 || D != 4) {
    gT(w, w.Xi, r, D, true, w.P1, D, acc);
    gT(w, w.U, p, 0, false, w.GU, p, acc);
    if (gg) gT(w, w.G, p, 0, false, w.GG, p, acc);
    return;
  }
  const g0p = w.G, g1p = w.G + (<usize>n << 3), u0p = w.U, u1p = w.U + (<usize>n << 3);
  let a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0, b0: f64 = 0, b1: f64 = 0, b2: f64 = 0, b3: f64 = 0;
  let gu00: f64 = 0, gu01: f64 = 0, gu10: f64 = 0, gu11: f64 = 0, gg00: f64 = 0, gg01: f64 = 0, gg11: f64 = 0;
  if (acc) {
    a0 = ld(w.P1, 0); a1 = ld(w.P1, 1); a2 = ld(w.P1, 2); a3 = ld(w.P1, 3);
    b0 = ld(w.P1, 4); b1 = ld(w.P1, 5); b2 = ld(w.P1, 6); b3 = ld(w.P1, 7);
    gu00 = ld(w.GU, 0); gu01 = ld(w.GU, 1); gu10 = ld(w.GU, 2); gu11 = ld(w.GU, 3);
    gg00 = ld(w.GG, 0); gg01 = ld(w.GG, 1); gg11 = ld(w.GG, 3);
  }
  for (let mu = 0; mu < n; mu++) {
    const xi = w.Xi + (<usize>(mu << 2) << 3);
    const x0 = load<f64>(xi), x1 = load<f64>(xi, 8), x2 = load<f64>(xi, 16), x3 = load<f64>(xi, 24);
    const g0 = ld(g0p, mu), g1 = ld(g1p, mu), u0 = ld(u0p, mu), u1 = ld(u1p, mu);
    a0 += g0 * x0; a1 += g0 * x1; a2 += g0 * x2; a3 += g0 * x3;
    b0 += g1 * x0; b1 += g1 * x1; b2 += g1 * x2; b3 += g1 * x3;
    gu00 += g0 * u0; gu01 += g0 * u1; gu10 += g1 * u0; gu11 += g1 * u1;
    gg00 += g0 * g0; gg01 += g0 * g1; gg11 += g1 * g1;
  }
  // Columns l ≥ r of P1 are never read.
  st(w.P1, 0, a0); st(w.P1, 1, a1); st(w.P1, 2, a2); st(w.P1, 3, a3);
  st(w.P1, 4, b0); st(w.P1, 5, b1); st(w.P1, 6, b2); st(w.P1, 7, b3);
  st(w.GU, 0, gu00); st(w.GU, 1, gu01); st(w.GU, 2, gu10); st(w.GU, 3, gu11);
  if (gg) {
    st(w.GG, 0, gg00); st(w.GG, 1, gg01); st(w.GG, 2, gg01); st(w.GG, 3, gg11);
  }
}

/** d·GᵀYG for R = 1 into Orth (p×p), keeping what the training-error path needs. */
function orthogonalPart(w: Ws, t: u32): void {
  const n = w.m, p = w.p;
  const m = w.d - <f64>(w.k + w.rs);
  const s = pivotedCholesky(w.GG, p, RANK_TOL, w.LG, w.pivG, w.lwork);
  w.gs = s;
  let nc = changetype<Cursor>(w.normals), uc = changetype<Cursor>(w.uniforms);
  if (w.nb > 0) {
    nc = changetype<Cursor>(w.seqN);
    uc = changetype<Cursor>(w.seqU);
  } else if (w.stream) {
    cursorStart(nc, w.seed, TAG_WISHART, t, s * s + 2 * s + 8);
    cursorStart(uc, w.seed, TAG_WISHART, t, s + 4);
  } else {
    // R = 1: batch t is step t's, so its prefilled tail belongs to this step.
    cursorStartAt(nc, w.Xi + (<usize>(n * (p + w.k)) << 3), wishartPrefill(p), w.seed, TAG_WISHART, t, s * s + 2 * s + 8);
    cursorStart(uc, w.seed, TAG_WISHART, t, s + 4);
  }
  if (m >= <f64>s) {
    // A = T11 T11ᵀ (s×s Bartlett); H = LG T11; Orth = H Hᵀ.
    wishartFactor(s, m, w.T11, p, 1, nc, uc);
    for (let i = 0; i < p; i++) {
      for (let c = 0; c < s; c++) {
        let v: f64 = 0;
        for (let l = c; l < s; l++) v += ld(w.LG, i * p + l) * ld(w.T11, l * p + c);
        st(w.H, i * p + c, v);
      }
    }
    gram(w.H, p, s, p, w.Orth);
  } else {
    // d − r < s (tiny d): Y = N Nᵀ with N n×m explicit; Orth = (NᵀG)ᵀ(NᵀG).
    const mi = <i32>m;
    for (let mu = 0; mu < n; mu++) for (let c = 0; c < mi; c++) st(w.Nw, mu * p + c, cursorNext(nc));
    gT(w, w.Nw, mi, p, true, w.NG, mi); // NG: p×mi = Gᵀ N
    gram(w.NG, p, mi, mi, w.Orth);
  }
}

/** out (p×p) = X Xᵀ for X p×m (row stride ldx). */
function gram(X: usize, p: i32, m: i32, ldx: i32, out: usize): void {
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let v: f64 = 0;
      for (let c = 0; c < m; c++) v += ld(X, i * ldx + c) * ld(X, j * ldx + c);
      st(out, i * p + j, v);
      st(out, j * p + i, v);
    }
  }
}

/**
 * d·K G (m×p, column-major into KG) for the samples in the buffers: Ξ (ΞᵀG) + Y G. R ≥ 2: Y = T Tᵀ
 * with the batch's factor. R = 1: Y G from the rotated Bartlett form (header comment), Ñ keyed
 * (seed, TAG_TRAIN, t).
 */
function kTimesG(w: Ws, t: u32): void {
  xiTimesG(w);
  if (w.gram) gramTimesG(w);
  else if (w.d - <f64>(w.k + w.rs) < <f64>w.gs) smallDofTimesG(w);
  else if (w.gs > 0) {
    bartlettCoefficients(w);
    trainNormals(w, 0, t);
    gqnSums(w, false);
    bartlettTimesG(w);
  }
}

/** KG = Ξ (ΞᵀG) = Ξ P1ᵀ. */
function xiTimesG(w: Ws): void {
  const n = w.m, p = w.p, k = w.k, D = p + k, r = k + w.rs;
  for (let j = 0; j < p; j++) {
    for (let mu = 0; mu < n; mu++) {
      let v: f64 = 0;
      const xi = w.Xi + (<usize>(mu * D) << 3);
      for (let l = 0; l < r; l++) v += ld(xi, l) * ld(w.P1, j * D + l);
      st(w.KG, j * n + mu, v);
    }
  }
}

/** KG += Y G = T (TᵀG) with the Gram kept (R ≥ 2 or a displacement), T the batch's factor, column-major n×q (lower triangular when q = n). */
function gramTimesG(w: Ws): void {
  const n = w.n, p = w.p;
  const q = w.q;
  const tri = q == n;
  for (let j = 0; j < p; j++) {
    const g = w.G + (<usize>(j * n) << 3);
    const kg = w.KG + (<usize>(j * n) << 3);
    for (let c = 0; c < q; c++) {
      const col = w.Y + (<usize>(c * n) << 3);
      const from = tri ? c : 0;
      let s: f64 = 0;
      for (let mu = from; mu < n; mu++) s += ld(col, mu) * ld(g, mu);
      for (let mu = from; mu < n; mu++) st(kg, mu, ld(kg, mu) + s * ld(col, mu));
    }
  }
}

/** KG += Y G = N (NᵀG) with the explicit n×(d − r) matrix N of orthogonalPart (d − r < s). */
function smallDofTimesG(w: Ws): void {
  const n = w.n, p = w.p;
  const mi = <i32>(w.d - <f64>(w.k + w.rs));
  for (let j = 0; j < p; j++) {
    for (let mu = 0; mu < n; mu++) {
      let v: f64 = 0;
      for (let c = 0; c < mi; c++) v += ld(w.Nw, mu * p + c) * ld(w.NG, j * mi + c);
      st(w.KG, j * n + mu, ld(w.KG, j * n + mu) + v);
    }
  }
}

/** B = T11ᵀ R (s×p) with R = LGᵀ; A1 = T11 B: the step's coefficients of Y G (header comment). */
function bartlettCoefficients(w: Ws): void {
  const p = w.p, s = w.gs;
  for (let i = 0; i < s; i++) {
    for (let j = 0; j < p; j++) {
      let v: f64 = 0;
      for (let l = i; l < s; l++) v += ld(w.T11, l * p + i) * ld(w.LG, j * p + l);
      st(w.B, i * p + j, v);
    }
  }
  for (let i = 0; i < s; i++) {
    for (let j = 0; j < p; j++) {
      let v: f64 = 0;
      for (let l = 0; l <= i; l++) v += ld(w.T11, i * p + l) * ld(w.B, l * p + j);
      st(w.A1, i * p + j, v);
    }
  }
}

/** Gq (the samples' rows of G's orthonormal basis) and Ñ (m×s, row-major stride p), keyed (seed, TAG_TRAIN + chunk, t). */
function trainNormals(w: Ws, c: i32, t: u32): void {
  gramBasis(w.G, w.m, w.p, w.LG, w.pivG, w.gs, w.Gq);
  normalBlock(w.seed, TAG_TRAIN + <u32>c, t, w.m * w.p, w.Nw, 1);
}

/** GqN = Gqᵀ Ñ (s×s), going on from its values with `acc` (the batch's chunks in order). */
function gqnSums(w: Ws, acc: bool): void {
  const n = w.m, p = w.p, s = w.gs;
  for (let i = 0; i < s; i++) {
    for (let c = 0; c < s; c++) {
      let v: f64 = acc ? ld(w.GqN, i * p + c) : 0;
      for (let mu = 0; mu < n; mu++) v += ld(w.Gq, i * n + mu) * ld(w.Nw, mu * p + c);
      st(w.GqN, i * p + c, v);
    }
  }
}

/** KG += Y G = Gq T Tᵀ R + (I − Gq Gqᵀ) Ñ Tᵀ R (header comment), T the step's s×s Bartlett factor. */
function bartlettTimesG(w: Ws): void {
  const n = w.m, p = w.p, s = w.gs;
  for (let mu = 0; mu < n; mu++) {
    for (let c = 0; c < s; c++) {
      let v = ld(w.Nw, mu * p + c);
      for (let i = 0; i < s; i++) v -= ld(w.Gq, i * n + mu) * ld(w.GqN, i * p + c);
      st(w.Nw, mu * p + c, v);
    }
  }
  for (let j = 0; j < p; j++) {
    for (let mu = 0; mu < n; mu++) {
      let v: f64 = 0;
      for (let i = 0; i < s; i++) v += ld(w.Gq, i * n + mu) * ld(w.A1, i * p + j) + ld(w.Nw, mu * p + i) * ld(w.B, i * p + j);
      st(w.KG, j * n + mu, ld(w.KG, j * n + mu) + v);
    }
  }
}

/** Orth += (ΞᵀG)ᵀ(ΞᵀG) = P1 P1ᵀ: with Orth = d·GᵀYG, the whole d·GᵀKG. */
function addXiGram(w: Ws): void {
  const p = w.p, D = p + w.k, r = w.k + w.rs;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let v: f64 = 0;
      for (let l = 0; l < r; l++) v += ld(w.P1, i * D + l) * ld(w.P1, j * D + l);
      st(w.Orth, i * p + j, ld(w.Orth, i * p + j) + v);
    }
  }
}

/**
 * One update t → t+1 on the loaded batch. `needU` : also move U (next use, training error, or
 * an alternating second-layer step). Returns 0 if (M, Q) is not finite.
 */
function step(w: Ws, t: u32, needU: bool): i32 {
  setLr(w, t);
  const aStep = secondLayerStep(w, t);
  const aSim = aStep && w.aAlt == 0;
  // 'alternating' reads the fields at W^{t+1} on the same batch: U must move.
  const move = needU || (aStep && w.aAlt != 0);
  if (aSim) zero(w.ag, w.p);
  forward(w, w.U, true, aSim);
  if (w.disp != DISPLACE_NONE) displace(w, t);
  // P1 = GᵀΞ (p × r, stride D); its first k columns are GᵀZ.
  gradientSums(w, w.k + w.rs, w.gram == 0, false);
  if (w.gram) {
    // d·K G is needed anyway (U moves); here Orth = Gᵀ(d·K G) is the whole d·GᵀKG.
    kTimesG(w, t);
    gT(w, w.KG, w.p, 0, false, w.Orth, w.p);
  } else {
    orthogonalPart(w, t);
    addXiGram(w);
    if (move) kTimesG(w, t);
  }
  const ok = update(w);
  if (move) moveU(w);
  if (aStep && w.aAlt != 0) {
    // 'alternating': the gradient of a at W^{t+1} on the same batch (U has moved).
    zero(w.ag, w.p);
    forward(w, w.U, false, true);
  }
  if (aStep) secondLayer(w);
  return ok;
}

@inline function zero(p: usize, len: i32): void {
  for (let i = 0; i < len; i++) st(p, i, 0.0);
}

/** Whether update t → t+1 also updates the second layer (η_a > 0, every K-th update). */
@inline function secondLayerStep(w: Ws, t: u32): bool {
  return w.aLr > 0 && (t + 1) % w.aEvery == 0;
}

/** a ← a − η_a·(1/n) Σ_μ ℓ′_μ σ(u_μ) (docs/model.md §4: a mean over the batch, η_a not scheduled). */
@inline function secondLayer(w: Ws): void {
  updateSecondLayer(w.a, w.ag, w.p, w.aLr, w.n);
}

/** η_t = η·factor(t) and c = 1 − η_t λ for update t (a constant schedule keeps η as set up). */
function setLr(w: Ws, t: u32): void {
  if (w.nf == 0) return;
  if (w.lrWinAt < 0 || <i64>t < w.lrWinAt || <i64>t >= w.lrWinAt + <i64>LR_WINDOW) {
    lrFactors(w.spec, w.nf, <f64>t, LR_WINDOW, w.T, w.lrWin);
    w.lrWinAt = <i64>t;
  }
  w.lr = w.lr0 * ld(w.lrWin, <i32>(<i64>t - w.lrWinAt));
  w.shrink = 1.0 - w.lr * w.decay;
}

/**
 * The gradient fields at the displaced weights (docs/model.md §4) into G, the displaced
 * fields into Ut; U stays the undisplaced one. Per sample: ũ_μ = u_μ − ρ g_μ ‖x_μ‖²/d
 * (extra-gradient) or u_μ + ρ (g_μ/‖g_μ‖) ‖x_μ‖/√d (SAM). Per batch: W̃ = W ∓ … moves every
 * field by the batch gradient, ũ = u − ρ K G or u + ρ K G/‖∇L‖_F with ‖∇L‖²_F = tr(GᵀKG),
 * K = X Xᵀ/d the batch's Gram (kept, so exact).
 */
function displace(w: Ws, t: u32): void {
  const n = w.m, p = w.p, rho = w.rho;
  if (w.scope == 1) {
    for (let mu = 0; mu < n; mu++) {
      const xn = ld(w.xn, mu);
      let f: f64 = -rho * xn;
      if (w.disp == DISPLACE_SAM) {
        let g2: f64 = 0;
        for (let j = 0; j < p; j++) g2 += ld(w.G, j * n + mu) * ld(w.G, j * n + mu);
        f = g2 > 0 ? rho * Math.sqrt(xn) / Math.sqrt(g2) : 0.0;
      }
      for (let j = 0; j < p; j++) st(w.Ut, j * n + mu, ld(w.U, j * n + mu) + f * ld(w.G, j * n + mu));
    }
  } else {
    gradientSums(w, w.k + w.rs, false, false);
    kTimesG(w, t); // KG = d·K G
    let f: f64 = -rho / w.d;
    if (w.disp == DISPLACE_SAM) {
      let g2: f64 = 0;
      for (let i = 0; i < p * n; i++) g2 += ld(w.G, i) * ld(w.KG, i);
      g2 /= w.d;
      f = g2 > 0 ? rho / (Math.sqrt(g2) * w.d) : 0.0;
    }
    for (let i = 0; i < p * n; i++) st(w.Ut, i, ld(w.U, i) + f * ld(w.KG, i));
  }
  forward(w, w.Ut, true);
}

/** M′ = c M − (η/d) GᵀZ, Q′ = c² Q − c (η/d)(GᵀU + UᵀG) + (η²/d²) d·GᵀKG. Returns 0 if not finite. */
function update(w: Ws): i32 {
  if (w.algo != 0) return updateRows(w);
  const p = w.p, k = w.k, D = p + k;
  const c = w.shrink, e = w.lr / w.d, e2 = (w.lr * w.lr) / (w.d * w.d);
  let finite = true;
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < k; l++) {
      const v = c * ld(w.M, j * k + l) - e * ld(w.P1, j * D + l);
      st(w.M, j * k + l, v);
      finite = finite && v - v == 0;
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      const gu = ld(w.GU, i * p + j) + ld(w.GU, j * p + i);
      const gkg = 0.5 * (ld(w.Orth, i * p + j) + ld(w.Orth, j * p + i));
      const v = c * c * ld(w.Q, i * p + j) - c * e * gu + e2 * gkg;
      st(w.Q, i * p + j, v);
      st(w.Q, j * p + i, v);
      finite = finite && v - v == 0;
    }
  }
  return finite ? 1 : 0;
}

/**
 * Projected and spherical GD (docs/model.md §4). Spherical: G_j ← G_j − (G_j·w_j) w_j/‖w_j‖²
 * with G_j·w_j = Σ_μ g_μj u_μj = (GᵀU)_jj and ‖w_j‖² = d Q_jj, so the step is the plain one
 * with a per-row shrink c_j = c + (η/d)(GᵀU)_jj/Q_jj:
 *   M′_j = c_j M_j − (η/d)(GᵀZ)_j,  Q′_ij = c_i c_j Q_ij − (η/d)(c_i (GᵀU)_ji + c_j (GᵀU)_ij) + (η²/d²) d·(GᵀKG)_ij.
 * Then every row back to norm √d: s_j = 1/√Q′_jj, M_j ← s_j M_j, Q_ij ← s_i s_j Q_ij, Q_jj = 1.
 */
function updateRows(w: Ws): i32 {
  const p = w.p, k = w.k, D = p + k;
  const c = w.shrink, e = w.lr / w.d, e2 = (w.lr * w.lr) / (w.d * w.d);
  for (let j = 0; j < p; j++) st(w.cj, j, w.algo == 2 ? c + e * ld(w.GU, j * p + j) / ld(w.Q, j * p + j) : c);
  for (let j = 0; j < p; j++) {
    const cj = ld(w.cj, j);
    for (let l = 0; l < k; l++) st(w.M, j * k + l, cj * ld(w.M, j * k + l) - e * ld(w.P1, j * D + l));
  }
  for (let i = 0; i < p; i++) {
    const ci = ld(w.cj, i);
    for (let j = 0; j <= i; j++) {
      const cj = ld(w.cj, j);
      const gkg = 0.5 * (ld(w.Orth, i * p + j) + ld(w.Orth, j * p + i));
      const v = ci * cj * ld(w.Q, i * p + j) - e * (ci * ld(w.GU, j * p + i) + cj * ld(w.GU, i * p + j)) + e2 * gkg;
      st(w.Q, i * p + j, v);
      st(w.Q, j * p + i, v);
    }
  }
  for (let j = 0; j < p; j++) st(w.sj, j, 1.0 / Math.sqrt(ld(w.Q, j * p + j)));
  let finite = true;
  for (let j = 0; j < p; j++) {
    const sj = ld(w.sj, j);
    for (let l = 0; l < k; l++) {
      const v = sj * ld(w.M, j * k + l);
      st(w.M, j * k + l, v);
      finite = finite && v - v == 0;
    }
    for (let i = 0; i < p; i++) {
      const v = i == j ? 1.0 : ld(w.sj, i) * sj * ld(w.Q, i * p + j);
      st(w.Q, i * p + j, v);
      finite = finite && v - v == 0;
    }
  }
  return finite ? 1 : 0;
}

/** U ← c U − (η/d) d·K G for the samples in the buffers (projected, spherical: c_j, then × s_j). */
function moveU(w: Ws): void {
  const c = w.shrink, e = w.lr / w.d;
  if (w.algo == 0) {
    for (let i = 0; i < w.p * w.m; i++) st(w.U, i, c * ld(w.U, i) - e * ld(w.KG, i));
    return;
  }
  const n = w.m;
  for (let j = 0; j < w.p; j++) {
    const cj = ld(w.cj, j), sj = ld(w.sj, j);
    for (let mu = 0; mu < n; mu++) st(w.U, j * n + mu, (cj * ld(w.U, j * n + mu) - e * ld(w.KG, j * n + mu)) * sj);
  }
}

/**
 * A streamed single-pass step t → t+1 (one pass over the chunks of batch t); trainEnd too with
 * `needTrain`, and with `start` trainStart (the loss of W^t on batch t, summed in the same pass).
 */
function stepStream(w: Ws, t: u32, needTrain: bool, start: bool): i32 {
  const r = w.k + w.rs;
  setLr(w, t);
  const aStep = secondLayerStep(w, t);
  const aSim = aStep && w.aAlt == 0, aAlt = aStep && w.aAlt != 0;
  for (let i = 0; i < w.p * w.k; i++) st(w.Mold, i, ld(w.M, i));
  for (let j = 0; j < w.p; j++) st(w.aOld, j, ld(w.a, j));
  if (aSim) zero(w.ag, w.p);
  let loss: f64 = 0;
  for (let c = 0; c * STREAM_CHUNK < w.n; c++) {
    loadChunk(w, t, c, w.Mold);
    loss += forward(w, w.U, true, aSim);
    gradientSums(w, r, true, c > 0);
    if (needTrain || aAlt) {
      normalBlock(w.seed, TAG_TRAIN + <u32>c, t, w.m * w.p, w.Nw, 1);
      gT(w, w.Nw, w.p, w.p, true, w.GN, w.p, c > 0);
    }
  }
  if (start) w.trainStart = halfMean(w, loss);
  orthogonalPart(w, t);
  addXiGram(w);
  const ok = update(w);
  if (ok && aAlt) {
    zero(w.ag, w.p);
    streamTrainEnd(w, t, true);
  }
  if (ok && aStep) secondLayer(w);
  if (ok && needTrain) w.trainEnd = streamTrainEnd(w, t, false);
  return ok;
}

/**
 * ½ mean (ŷ − y)² of W^{t+1} on batch t, streamed: one more pass over the chunks for the loss at
 * U′ (with `agrad`, also the second layer's gradient sum there). GqᵀÑ comes from the step's GᵀÑ:
 * Gq = G_π R11⁻¹ (gramBasis), so GqᵀÑ = R11⁻ᵀ G_πᵀÑ, the same forward substitution applied to
 * the pivot rows of GᵀÑ. G is recomputed with the step's second layer (aOld).
 */
function streamTrainEnd(w: Ws, t: u32, agrad: bool): f64 {
  const s = w.gs, p = w.p;
  if (s > 0) {
    bartlettCoefficients(w);
    for (let j = 0; j < s; j++) {
      const pj = load<i32>(w.pivG + (<usize>j << 2));
      for (let c = 0; c < s; c++) {
        let v = ld(w.GN, pj * p + c);
        for (let i = 0; i < j; i++) v -= ld(w.GqN, i * p + c) * ld(w.LG, pj * p + i);
        st(w.GqN, j * p + c, v / ld(w.LG, pj * p + j));
      }
    }
  }
  let loss: f64 = 0;
  const aNow = w.a;
  for (let c = 0; c * STREAM_CHUNK < w.n; c++) {
    loadChunk(w, t, c, w.Mold);
    w.a = w.aOld;
    forward(w, w.U, true);
    w.a = aNow;
    xiTimesG(w);
    if (s > 0) {
      trainNormals(w, c, t);
      bartlettTimesG(w);
    }
    moveU(w);
    loss += forward(w, w.U, false, agrad);
  }
  return halfMean(w, loss);
}

/** ½ mean (ŷ − y)² of the current W on batch b, streamed. */
function streamLoss(w: Ws, b: u32): f64 {
  let loss: f64 = 0;
  for (let c = 0; c * STREAM_CHUNK < w.n; c++) {
    loadChunk(w, b, c, w.M);
    loss += forward(w, w.U, false);
  }
  return halfMean(w, loss);
}

/**
 * Runs updates t0 → t1 (t1 ≥ t0) entirely in WASM. flags bit 0: set trainStart = ½ mean (ŷ − y)²
 * of W^{t0} on the batch of step t0 (t = 0 of a trajectory); bit 1: set trainEnd = that of
 * W^{t1} on the batch of step t1 − 1 (the batch that produced it). Returns 1, or 0 when (M, Q)
 * became NaN/∞ (divergedAt = the step reached; M, Q are then that step's values).
 */
export function reducedRun(ws: usize, t0: u32, t1: u32, flags: i32): i32 {
  const w = changetype<Ws>(ws);
  const R = w.R;
  // A streamed batch's trainStart comes with step t0's pass when there is one.
  const startInStep = w.stream && (flags & 1) != 0 && t1 > t0;
  if ((flags & 1) && !startInStep) {
    const b = t0 / R;
    if (w.loaded != <i64>b) loadBatch(w, b);
    w.trainStart = w.stream ? streamLoss(w, b) : halfMean(w, forward(w, w.U, false));
  }
  for (let t = t0; t < t1; t++) {
    const b = t / R;
    if (w.loaded != <i64>b) loadBatch(w, b);
    const last = t + 1 == t1;
    const needTrain = last && (flags & 2) != 0;
    // U moves when the batch is kept (R ≥ 2 keeps the Gram: gram ≠ 0) or the train error is read.
    const ok = w.stream ? stepStream(w, t, needTrain, startInStep && t == t0) : step(w, t, needTrain || w.gram != 0);
    if (!ok) {
      w.divergedAt = <i64>(t + 1);
      return 0;
    }
    if (needTrain && !w.stream) w.trainEnd = halfMean(w, forward(w, w.U, false));
    // R = 1: U now belongs to W^{t+1} on a spent batch; the next step draws a fresh one.
  }
  return 1;
}

/** Copies M (p×k), Q (p×p), then trainStart, trainEnd, divergedAt (−1: none) and the second layer a (p) into out. */
export function reducedRead(ws: usize, out: usize): void {
  const w = changetype<Ws>(ws);
  const p = w.p, k = w.k;
  for (let i = 0; i < p * k; i++) st(out, i, ld(w.M, i));
  for (let i = 0; i < p * p; i++) st(out, p * k + i, ld(w.Q, i));
  st(out, p * k + p * p, w.trainStart);
  st(out, p * k + p * p + 1, w.trainEnd);
  st(out, p * k + p * p + 2, <f64>w.divergedAt);
  for (let j = 0; j < p; j++) st(out, p * k + p * p + 3 + j, ld(w.a, j));
}
