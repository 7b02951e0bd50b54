// The fused gradient-descent step of docs/model.md §1: for every sample row of the batch,
// u = W x/√d, ŷ = Σ_j a_j σ(u_j), g_j = ℓ'(ŷ, y)·a_j σ'(u_j) (ℓ' = ŷ − y for the square
// loss; the other losses and the per-sample displacement of docs/model.md §4 change only this
// residual stage) and the gradient accumulation G_j += g_j x.
//
// Rows are taken in blocks of ROWS: the inner products of a block, its residuals, its updates
// (assembly/rowBlock.ts). Each weight load serves four rows, each accumulator load and store
// up to eight. The inner products of block k + 1 and the updates of block k run in one pass
// over the elements, a segment of DOT_SEG elements at a time (blockPass): while the products
// wait for block k + 1 to arrive from memory, the updates work on block k, which the products
// left in L2. One row at a time, the step is bound by the memory stream of the products plus
// the arithmetic of the updates; interleaved, the two overlap (C with SSE on this kernel's
// loops: 36 ms → 27 ms at d = 5000, n = 15000, p = 2). With p = 2 the products of a segment
// are taken in two halves, the block's two quads of rows alternating in each (blockFirstHalf),
// so that the memory stream serves all eight rows together. Each product still sums its
// segments in order and each accumulator element still receives the blocks in order, so the
// bits are those of the products and updates done one after the other. The rows of a block
// are one from each of ROWS runs of consecutive rows of a chunk (blockFirst): each continues
// its own memory stream.
//
// f32 storage: G is accumulated in f32 over FLUSH rows and flushed into a float64
// accumulator. An element's terms of a block are summed pairwise before they enter the f32
// accumulator (assembly/rowBlock.ts), so between flushes an element takes at most
// 1 + 3 + FLUSH/ROWS = 20 f32 roundings (a product, the block's tree, one addition per block),
// against 1 + 32 when 32 rows were added one by one: a longer FLUSH with a smaller error, and
// a quarter of the flushes (−1.1 ms of 27 at the paper size).
// The scalar build performs the same IEEE operations in the same order as the SIMD lanes.
import { dot1F64 } from './dot';
import { evalProgram } from './expr';
import { DISPLACE_NONE, DISPLACE_SAM } from './displacement';
import { LOSS_SQUARE, lossDerivative } from './lossResidual';
import {
  blockFirstHalf, blockSecondHalf, COEF_BYTES, DOT_SEG, dotQuadPairSeg, dotQuadSeg, dotTotal, LIST_BYTES, LIST_COEFS, storeCoef, updateRows,
} from './rowBlock';

// Rows per block. 4, 8 and 16 take the same time in `npm run bench` (the sharing happens in
// quads of rows; every block size re-reads its rows from L2); 8 halves the per-block cost of
// the activation programs against 4 and keeps the block (160 KB at d = 5000) far below L2.
const ROWS: i32 = 8;
const FLUSH: i32 = 128; // a multiple of ROWS; the error bound above

/** Rows per block (GD_STEP_ROWS in src/kernels/gdStep.ts, checked against it by a test). */
export function gdStepRows(): i32 {
  return ROWS;
}

@inline function rowOf(rowIdx: usize, i: i32): i32 {
  return rowIdx == 0 ? i : load<i32>(rowIdx + (<usize>i << 2));
}

@inline function rowPtr(X: usize, rowIdx: usize, i: i32, ld: i32, shift: i32): usize {
  return X + ((<usize>rowOf(rowIdx, i) * <usize>ld) << shift);
}

/** ŷ = Σ_j a_j σ(u_j) for the p pre-activations in work[0..p), leaving σ(u) in work[p..2p) and, if derivative, σ'(u) in work[2p..3p). */
@inline function forward(
  work: usize, p: i32, a: usize,
  act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize, derivative: i32,
): f64 {
  const pb = <usize>p << 3;
  const stack = work + 3 * pb;
  evalProgram(act, actLen, actC, work, p, p, work + pb, stack);
  if (derivative) evalProgram(dact, dactLen, dactC, work, p, p, work + 2 * pb, stack);
  return readout(a, work + pb, p);
}

/** ŷ = Σ_j a_j σ_j for the p values σ(u_j) at S. */
@inline function readout(a: usize, S: usize, p: i32): f64 {
  let yhat: f64 = 0;
  for (let j = 0; j < p; j++) yhat += load<f64>(a + (<usize>j << 3)) * load<f64>(S + (<usize>j << 3));
  return yhat;
}

/** The p coefficients c_j = ℓ'·a_j σ'(u_j) of one row into C (storeCoef), σ'(u) at D. */
@inline function storeCoefs(C: usize, D: usize, p: i32, a: usize, lp: f64): void {
  for (let j = 0; j < p; j++) {
    const gj = lp * load<f64>(a + (<usize>j << 3)) * load<f64>(D + (<usize>j << 3));
    storeCoef(C + <usize>j * COEF_BYTES, <f32>gj);
  }
}

// The per-step settings block `cfg` (float64, 0 = all defaults; src/kernels/gdStep.ts writes it):
// [0] loss (the codes of lossDerivative, assembly/lossResidual.ts), [1] per-sample displacement
// (assembly/displacement.ts), [2] its radius ρ, [3] the byte offset of a float64 ‖x‖² per
// stored row, 0 for none (rowSqNorm).

@inline function cfgLoss(cfg: usize): i32 {
  return cfg == 0 ? LOSS_SQUARE : <i32>load<f64>(cfg);
}

@inline function cfgShift(cfg: usize): i32 {
  return cfg == 0 ? DISPLACE_NONE : <i32>load<f64>(cfg, 8);
}

/**
 * ‖x‖² of stored row `row` (f32 or float64 storage) for the per-sample displacement. With a
 * norms buffer in cfg (NaN for a row not yet seen since the rows were drawn), a row's norm is
 * computed at its first step and read at the later ones: re-used rows (multi-pass) are not
 * read again at every step for it, and fresh rows (single-pass) cost what they cost without.
 */
@inline function rowSqNorm(cfg: usize, X: usize, row: i32, ld: i32, f32: bool): f64 {
  const norms = <usize>load<f64>(cfg, 24);
  const at = norms + (<usize>row << 3);
  if (norms != 0) {
    const known = load<f64>(at);
    if (known == known) return known;
  }
  const x = X + ((<usize>row * <usize>ld) << (f32 ? 2 : 3));
  const xx = f32 ? sqNormF32(x, ld) : dot1F64(x, x, ld);
  if (norms != 0) store<f64>(at, xx);
  return xx;
}

/**
 * ‖x‖² of an f32 row:
 * f32x4 lanes over segments of 64 elements, each segment's lanes widened into a float64 pair
 * (lanes 0+2 and 1+3). Positive terms: within 17·2⁻²⁴ relative of the exact value.
 */
@inline function sqNormF32(x: usize, ld: i32): f64 {
  if (ASC_FEATURE_SIMD) {
    let s = f64x2.splat(0);
    let i = 0;
    while (i < ld) {
      const end = min(i + 64, ld);
      let acc = f32x4.splat(0);
      for (; i < end; i += 4) {
        const v = v128.load(x + (<usize>i << 2));
        acc = f32x4.add(acc, f32x4.mul(v, v));
      }
      const lo = f64x2.promote_low_f32x4(acc);
      const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(acc, acc, 2, 3, 0, 1));
      s = f64x2.add(s, f64x2.add(lo, hi));
    }
    return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  }
  let s0: f64 = 0, s1: f64 = 0;
  let i = 0;
  while (i < ld) {
    const end = min(i + 64, ld);
    let a0: f32 = 0, a1: f32 = 0, a2: f32 = 0, a3: f32 = 0;
    for (; i < end; i += 4) {
      const o = <usize>i << 2;
      const x0 = load<f32>(x + o), x1 = load<f32>(x + o, 4), x2 = load<f32>(x + o, 8), x3 = load<f32>(x + o, 12);
      a0 = a0 + x0 * x0; a1 = a1 + x1 * x1; a2 = a2 + x2 * x2; a3 = a3 + x3 * x3;
    }
    s0 = s0 + (<f64>a0 + <f64>a2);
    s1 = s1 + (<f64>a1 + <f64>a3);
  }
  return s0 + s1;
}

/**
 * The per-sample displacement of docs/model.md §4 for one sample: u (p values at U, already
 * /√d) becomes ũ = u − ρ·g·‖x‖²/d (extra-gradient) or u + ρ·(g/‖g‖)·‖x‖/√d (SAM; g = 0
 * leaves u), with g_j = ℓ'·a_j σ'(u_j) (σ'(u) at D). xx = ‖x‖².
 */
@inline function displaceSample(U: usize, D: usize, p: i32, a: usize, lp: f64, xx: f64, kind: i32, rho: f64, d: i32): void {
  if (kind == DISPLACE_SAM) {
    let gg: f64 = 0;
    for (let j = 0; j < p; j++) {
      const g = lp * load<f64>(a + (<usize>j << 3)) * load<f64>(D + (<usize>j << 3));
      gg += g * g;
    }
    if (gg == 0) return;
    const gn = Math.sqrt(gg);
    const c = rho * Math.sqrt(xx) / Math.sqrt(<f64>d);
    for (let j = 0; j < p; j++) {
      const g = lp * load<f64>(a + (<usize>j << 3)) * load<f64>(D + (<usize>j << 3));
      store<f64>(U + (<usize>j << 3), load<f64>(U + (<usize>j << 3)) + c * (g / gn));
    }
  } else {
    const c = rho * (xx / <f64>d);
    for (let j = 0; j < p; j++) {
      const g = lp * load<f64>(a + (<usize>j << 3)) * load<f64>(D + (<usize>j << 3));
      store<f64>(U + (<usize>j << 3), load<f64>(U + (<usize>j << 3)) - c * g);
    }
  }
}

/** Ga_j += ℓ'·σ(u_j): the second-layer gradient sum (σ(u) at S). */
@inline function addGa(Ga: usize, S: usize, p: i32, lp: f64): void {
  for (let j = 0; j < p; j++) {
    const o = <usize>j << 3;
    store<f64>(Ga + o, load<f64>(Ga + o) + lp * load<f64>(S + o));
  }
}

// The scratch `work` of gdStepF32Chunks, for a block (ROWS·p values each): u | σ(u) | σ'(u) in
// float64 (row-major, b·p + j), the coefficients C (COEF_BYTES each), the products' float64
// pairs (16 bytes each, dotTotal), their f32x4 lane sums between the halves of a segment
// (16 bytes each, blockFirstHalf), the p update lists (LIST_BYTES each) with their row counts
// (i32, p rounded up to 4), the block's row pointers (ROWS i32), then the evalProgram stack.
// src/kernels/gdStep.ts (gdStepWorkBytes) sizes it.
@inline function coefsAt(work: usize, p: i32): usize {
  return work + 3 * (<usize>(ROWS * p) << 3);
}
@inline function pairsAt(work: usize, p: i32): usize {
  return coefsAt(work, p) + <usize>(ROWS * p) * COEF_BYTES;
}
@inline function halvesAt(work: usize, p: i32): usize {
  return pairsAt(work, p) + (<usize>(ROWS * p) << 4);
}
@inline function listsAt(work: usize, p: i32): usize {
  return halvesAt(work, p) + (<usize>(ROWS * p) << 4);
}
@inline function countsAt(work: usize, p: i32): usize {
  return listsAt(work, p) + <usize>p * LIST_BYTES;
}
@inline function rowsAt(work: usize, p: i32): usize {
  return countsAt(work, p) + (<usize>((p + 3) & ~3) << 2);
}
@inline function stackAt(work: usize, p: i32): usize {
  return rowsAt(work, p) + (<usize>ROWS << 2);
}

/**
 * Bytes of the scratch `work` of gdStepF32Chunks for p neurons and activation programs at most
 * maxStack deep (the layout above; chunkF64 needs less).
 */
export function gdStepWorkBytes(p: i32, maxStack: i32): i32 {
  return <i32>stackAt(0, p) + ((ROWS * p * max(maxStack, 1)) << 3);
}

/**
 * One pass over the elements, segment by segment: the products of the block of the r rows
 * i0 + b·step (r ≤ ROWS; none if r = 0) into U[b·p + j] = x_b·w_j, and, if update, the
 * updates listed by listUpdates for the previous block into Gblk, the products and the updates
 * alternating within each segment. A ragged block repeats its last row up to a whole quad;
 * those products are never read.
 */
function blockPass(
  X: usize, rowIdx: usize, i0: i32, step: i32, r: i32, ld: i32, Wf: usize, p: i32, work: usize, Gblk: usize, update: i32, P: usize, flush: i32,
): void {
  const rowBytes = <usize>ld << 2;
  const pairs = pairsAt(work, p), rows = rowsAt(work, p);
  const quads = (r + 3) >> 2;
  if (r > 0) {
    memory.fill(pairs, 0, <usize>(ROWS * p) << 4);
    for (let b = 0; b < ROWS; b++) store<usize>(rows + (<usize>b << 2), rowPtr(X, rowIdx, i0 + min(b, r - 1) * step, ld, 2));
  }
  if (ASC_FEATURE_SIMD && p == 2 && quads == 2) {
    // Two quads and two neurons (the paper's p = 2): half a segment of both quads, then the
    // updates of neuron 0; the other half, then those of neuron 1 (blockFirstHalf).
    const halves = halvesAt(work, p);
    for (let i = 0; i < ld; i += DOT_SEG) {
      const end = min(i + DOT_SEG, ld);
      const mid = min(i + (DOT_SEG >> 1), end);
      blockFirstHalf(rows, Wf, Wf + rowBytes, i, mid, halves);
      if (update) updateSegment(work, p, 0, Gblk, rowBytes, i, end, P, ld, flush);
      blockSecondHalf(rows, Wf, Wf + rowBytes, mid, end, halves, pairs);
      if (update) updateSegment(work, p, 1, Gblk, rowBytes, i, end, P, ld, flush);
    }
  } else {
    segmentsByQuad(rows, quads, Wf, p, work, Gblk, rowBytes, ld, update, P, flush);
  }
  for (let k = 0; k < r * p; k++) store<f64>(work + (<usize>k << 3), dotTotal(pairs + (<usize>k << 4)));
}

/**
 * The segments of blockPass for any p and block: within a segment, the products of a quad of
 * rows and a pair of neurons (dotQuadPairSeg, or dotQuadSeg for the last neuron of an odd p)
 * alternate with the updates of a neuron.
 */
function segmentsByQuad(
  rows: usize, quads: i32, Wf: usize, p: i32, work: usize, Gblk: usize, rowBytes: usize, ld: i32, update: i32, P: usize, flush: i32,
): void {
  const stride = <usize>p << 4;
  const pairs = pairsAt(work, p);
  for (let i = 0; i < ld; i += DOT_SEG) {
    const end = min(i + DOT_SEG, ld);
    let k = 0; // the next neuron to update
    for (let q = 0; q < quads; q++) {
      const xq = rows + (<usize>q << 4);
      const x0 = load<usize>(xq), x1 = load<usize>(xq, 4), x2 = load<usize>(xq, 8), x3 = load<usize>(xq, 12);
      const sq = pairs + <usize>(q << 2) * stride;
      for (let j = 0; j < p; j += 2) {
        const w = Wf + <usize>j * rowBytes;
        if (j + 1 < p) dotQuadPairSeg(x0, x1, x2, x3, w, w + rowBytes, i, end, sq + (<usize>j << 4), stride);
        else dotQuadSeg(x0, x1, x2, x3, w, i, end, sq + (<usize>j << 4), stride);
        if (update && k < p) updateSegment(work, p, k++, Gblk, rowBytes, i, end, P, ld, flush);
      }
    }
    if (update) for (; k < p; k++) updateSegment(work, p, k, Gblk, rowBytes, i, end, P, ld, flush);
  }
}

/** Neuron k's listed updates (listUpdates) over the elements [i, end), then, if flush, the flush of those elements into P. */
@inline function updateSegment(work: usize, p: i32, k: i32, Gblk: usize, rowBytes: usize, i: i32, end: i32, P: usize, ld: i32, flush: i32): void {
  const m = load<i32>(countsAt(work, p) + (<usize>k << 2));
  const g = Gblk + <usize>k * rowBytes;
  if (m > 0) updateRows(g, listsAt(work, p) + <usize>k * LIST_BYTES, m, i, end);
  if (flush) flushF32(P + <usize>k * (<usize>ld << 3) + (<usize>i << 3), g + (<usize>i << 2), end - i);
}

/**
 * For the block's rows b < r, with u = U/√d (U from blockPass): r_b = Σ_j a_j σ(u_bj) − y_b,
 * loss + Σ_b r_b² (returned, in block order), Ga_j += ℓ'_b σ(u_bj) when Ga ≠ 0 and, if
 * accumulate, the coefficients c_bj = ℓ'_b a_j σ'(u_bj) for listUpdates — with a per-sample
 * displacement (cfg), at the displaced ũ_b instead (ℓ' and a σ' both at ũ_b; docs/model.md §4).
 * Layout of work in gdStepF32Chunks.
 */
function blockResiduals(
  loss: f64, X: usize, ld: i32, rowIdx: usize, i0: i32, step: i32, r: i32, y: usize, p: i32, a: usize, d: i32,
  act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize, work: usize, accumulate: i32,
  cfg: usize, Ga: usize,
): f64 {
  const scale = 1.0 / Math.sqrt(<f64>d);
  const blockBytes = <usize>(ROWS * p) << 3;
  const U = work, S = work + blockBytes, D = work + 2 * blockBytes, C = coefsAt(work, p);
  const stack = stackAt(work, p);
  const len = r * p;
  const kind = cfgLoss(cfg);
  const shift = accumulate ? cfgShift(cfg) : DISPLACE_NONE;
  for (let k = 0; k < len; k++) store<f64>(U + (<usize>k << 3), load<f64>(U + (<usize>k << 3)) * scale);
  evalProgram(act, actLen, actC, U, len, len, S, stack);
  if (accumulate) evalProgram(dact, dactLen, dactC, U, len, len, D, stack);
  for (let b = 0; b < r; b++) {
    const o = <usize>(b * p) << 3;
    const yhat = readout(a, S + o, p);
    const yb = load<f64>(y + (<usize>rowOf(rowIdx, i0 + b * step) << 3));
    const res = yhat - yb;
    loss += res * res;
    const lp = lossDerivative(kind, yhat, yb);
    if (Ga != 0) addGa(Ga, S + o, p, lp);
    if (!accumulate) continue;
    if (shift != DISPLACE_NONE) {
      const xx = rowSqNorm(cfg, X, rowOf(rowIdx, i0 + b * step), ld, true);
      displaceSample(U + o, D + o, p, a, lp, xx, shift, load<f64>(cfg, 16), d);
      continue;
    }
    storeCoefs(C + <usize>(b * p) * COEF_BYTES, D + o, p, a, lp);
  }
  if (shift == DISPLACE_NONE) return loss;
  evalProgram(act, actLen, actC, U, len, len, S, stack);
  evalProgram(dact, dactLen, dactC, U, len, len, D, stack);
  for (let b = 0; b < r; b++) {
    const o = <usize>(b * p) << 3;
    const lp = lossDerivative(kind, readout(a, S + o, p), load<f64>(y + (<usize>rowOf(rowIdx, i0 + b * step) << 3)));
    storeCoefs(C + <usize>(b * p) * COEF_BYTES, D + o, p, a, lp);
  }
  return loss;
}

/**
 * The update lists of the block's rows b < r for blockPass: for each neuron j, the rows whose
 * coefficient c_bj (at C + (b·p + j)·COEF_BYTES) is not 0, in block order, and their count.
 * A block's update is the pairwise sum over these rows only: a term c·x = ±0 (x finite) adds
 * nothing to the exact sum, and with ReLU σ'(u) = 0 for about half the rows.
 */
function listUpdates(X: usize, rowIdx: usize, i0: i32, step: i32, r: i32, ld: i32, p: i32, work: usize): void {
  const C = coefsAt(work, p), lists = listsAt(work, p), counts = countsAt(work, p);
  for (let j = 0; j < p; j++) {
    const list = lists + <usize>j * LIST_BYTES;
    let m = 0;
    for (let b = 0; b < r; b++) {
      const c = C + <usize>(b * p + j) * COEF_BYTES;
      if (load<f32>(c) == 0) continue;
      store<usize>(list + (<usize>m << 2), rowPtr(X, rowIdx, i0 + b * step, ld, 2));
      store<usize>(list + LIST_COEFS + (<usize>m << 2), c);
      m++;
    }
    store<i32>(counts + (<usize>j << 2), m);
  }
}

/** G += widen(Gblk); Gblk = 0. */
function flushF32(G: usize, Gblk: usize, count: i32): void {
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    for (let i = 0; i < count; i += 4) {
      const o4 = <usize>i << 2, o8 = <usize>i << 3;
      const v = v128.load(Gblk + o4);
      v128.store(G + o8, f64x2.add(v128.load(G + o8), f64x2.promote_low_f32x4(v)));
      v128.store(G + o8, f64x2.add(v128.load(G + o8, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
      v128.store(Gblk + o4, zero);
    }
  } else {
    for (let i = 0; i < count; i++) {
      const o4 = <usize>i << 2, o8 = <usize>i << 3;
      store<f64>(G + o8, load<f64>(G + o8) + <f64>load<f32>(Gblk + o4));
      store<f32>(Gblk + o4, 0);
    }
  }
}

// The blocks of a chunk of len rows from rowStart: its first lanes·ROWS rows (lanes = ⌊len/ROWS⌋)
// are ROWS lanes of `lanes` consecutive rows, and block k < lanes takes row k of every lane
// (rows rowStart + k + b·lanes, b < ROWS); the len − lanes·ROWS rows left form a last, ragged
// block. Each of the block's rows thus follows the previous block's row of its lane in memory,
// and the memory stream of a lane runs on from block to block instead of starting afresh at
// every block (rows k·ROWS … k·ROWS + 7 would start eight new streams per block): −1.2 to
// −1.6 ms of 25.5 at the paper size, and the C reference of bench/gd_ref.c 28.0 → 23.5 ms.
@inline function blockFirst(rowStart: i32, lanes: i32, k: i32): i32 {
  return k < lanes ? rowStart + k : rowStart + lanes * ROWS;
}
@inline function blockStep(lanes: i32, k: i32): i32 {
  return k < lanes ? lanes : 1;
}
@inline function blockRows(len: i32, lanes: i32, k: i32): i32 {
  return k < lanes ? ROWS : len - lanes * ROWS;
}

// The claims of a pass (gdStepF32Chunks, gdStepF64Chunks): an i32 counter, the number of
// chunks, then per chunk four i32: rowStart, rowEnd, and the byte offsets of its partial P and
// of its second-layer sums Ga (0: none).
const CHUNK_ENTRY: usize = 16;

/**
 * The next unclaimed chunk of the pass, or −1: the counter at `claims` is shared by the threads
 * of a pass, each claim an atomic increment.
 */
function claimChunk(claims: usize): i32 {
  const nChunks = load<i32>(claims, 4);
  let c: i32;
  if (ASC_FEATURE_THREADS) c = atomic.add<i32>(claims, 1);
  else {
    c = load<i32>(claims);
    store<i32>(claims, c + 1);
  }
  return c < nChunks ? c : -1;
}

@inline function chunkAt(claims: usize, c: i32): usize {
  return claims + 8 + <usize>c * CHUNK_ENTRY;
}

/**
 * The chunks of an f32 pass claimed one after the other by this thread (claimChunk), each as
 * chunkF32 computes it, its Σ (ŷ − y)² into the float64 L[c]. A chunk's last pass over the
 * elements also computes the products of the first block of the chunk claimed next, so that the
 * memory stream and the updates keep overlapping from one chunk to the next (−0.6 to −0.7 ms of
 * 24.5 at the paper size on one thread, against the same chunks one call each). The next chunk
 * is claimed then, with one block of this one left, and not before, so that the threads still
 * share the last chunks. Those products are the ones the next chunk's start would compute: the
 * bits do not change.
 */
export function gdStepF32Chunks(
  claims: usize, L: usize, X: usize, ld: i32, rowIdx: usize, y: usize,
  Wf: usize, p: i32, a: usize, d: i32,
  act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize,
  work: usize, Gblk: usize, accumulate: i32, cfg: usize,
): void {
  // Zero once: every chunk's last accumulating pass flushes Gblk back to zero (flushF32).
  if (accumulate) memory.fill(Gblk, 0, <usize>p * (<usize>ld << 2));
  let c = claimChunk(claims);
  let primed = false;
  while (c >= 0) {
    const next = chunkF32(claims, c, L, X, ld, rowIdx, y, Wf, p, a, d, act, actLen, actC, dact, dactLen, dactC, work, Gblk, accumulate, cfg, primed);
    primed = next >= 0;
    c = primed ? next : claimChunk(claims);
  }
}

/** The chunks of a pass over float64 rows claimed one after the other by this thread, each as chunkF64 computes it, its loss into L[c]. */
export function gdStepF64Chunks(
  claims: usize, L: usize, X: usize, ld: i32, rowIdx: usize, y: usize,
  W: usize, p: i32, a: usize, d: i32,
  act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize,
  work: usize, accumulate: i32, cfg: usize,
): void {
  for (let c = claimChunk(claims); c >= 0; c = claimChunk(claims)) {
    const e = chunkAt(claims, c);
    const loss = chunkF64(
      X, ld, rowIdx, load<i32>(e), load<i32>(e, 4), y, W, p, a, d, act, actLen, actC, dact, dactLen, dactC,
      work, <usize>load<i32>(e, 8), accumulate, cfg, <usize>load<i32>(e, 12),
    );
    store<f64>(L + (<usize>c << 3), loss);
  }
}

/** blockPass for block k of the chunk of len rows from start (blockFirst). */
@inline function blockPassAt(
  X: usize, rowIdx: usize, start: i32, len: i32, k: i32, ld: i32, Wf: usize, p: i32, work: usize, Gblk: usize, update: i32, P: usize, flush: i32,
): void {
  const lanes = len / ROWS;
  blockPass(X, rowIdx, blockFirst(start, lanes, k), blockStep(lanes, k), blockRows(len, lanes, k), ld, Wf, p, work, Gblk, update, P, flush);
}

/**
 * Chunk c of an f32 pass (its rows rowStart … rowEnd−1, P and Ga from the claims; row stride
 * ld, a multiple of 4, padding 0), in the blocks of blockFirst, flushed every FLUSH rows.
 * rowIdx = 0 uses those stored rows, else entries rowStart … rowEnd−1 of the i32 row list
 * (mini-batches of a stored set). y: float64 label per stored row. Wf: f32 copy of W (p × ld).
 * a: second layer (p, f64). act/dact: compiled σ and σ' (assembly/expr.ts). work: the scratch
 * laid out above blockPass.
 * accumulate = 0: forward only (training error). Otherwise P (float64 p × ld) receives the
 * chunk's Σ_μ g_μ x_μ (unscaled; the 1/√d is applied by applyUpdate) and Gblk (f32 p × ld,
 * zero on entry and on return) is scratch. cfg: the per-step settings (loss, per-sample
 * displacement; layout above blockResiduals' helpers), 0 for the square loss without
 * displacement. Ga ≠ 0 (p float64) receives the chunk's Σ_μ ℓ'_μ σ(u_μ), in block order, at the
 * undisplaced weights (the second-layer gradient sum). L[c] receives Σ_μ (ŷ_μ − y_μ)² over the
 * chunk, whatever the loss.
 * A pass is a fixed list of chunks that depends on the number of rows only
 * (src/kernels/stepChunks.ts), reduced by gdReduce and gdReduceLoss in chunk order, so any
 * number of threads running the chunks gives the same bits.
 * primed: the products of its first block are already in work (the previous chunk's last
 * pass). Its last pass claims the next chunk (claimChunk) and computes the products of that
 * chunk's first block; returns that chunk, or −1.
 */
function chunkF32(
  claims: usize, c: i32, L: usize, X: usize, ld: i32, rowIdx: usize, y: usize,
  Wf: usize, p: i32, a: usize, d: i32,
  act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize,
  work: usize, Gblk: usize, accumulate: i32, cfg: usize, primed: bool,
): i32 {
  const e = chunkAt(claims, c);
  const rowStart = load<i32>(e), len = load<i32>(e, 4) - rowStart;
  const P = <usize>load<i32>(e, 8), Ga = <usize>load<i32>(e, 12);
  if (Ga != 0) memory.fill(Ga, 0, <usize>p << 3);
  if (accumulate) memory.fill(P, 0, <usize>p * (<usize>ld << 3));
  let loss: f64 = 0;
  let pending = 0;
  let next = -1;
  const lanes = len / ROWS;
  const blocks = lanes + (len > lanes * ROWS ? 1 : 0);
  if (!primed) blockPassAt(X, rowIdx, rowStart, len, 0, ld, Wf, p, work, Gblk, 0, P, 0);
  for (let k = 0; k < blocks; k++) {
    const i0 = blockFirst(rowStart, lanes, k), step = blockStep(lanes, k), r = blockRows(len, lanes, k);
    loss = blockResiduals(loss, X, ld, rowIdx, i0, step, r, y, p, a, d, act, actLen, actC, dact, dactLen, dactC, work, accumulate, cfg, Ga);
    if (accumulate) listUpdates(X, rowIdx, i0, step, r, ld, p, work);
    pending += r;
    const last = k + 1 == blocks;
    const flush = accumulate && (pending == FLUSH || last);
    if (!last) blockPassAt(X, rowIdx, rowStart, len, k + 1, ld, Wf, p, work, Gblk, accumulate, P, flush);
    else {
      // The next chunk's first block, if this thread claims one.
      next = claimChunk(claims);
      if (next >= 0) {
        const n = chunkAt(claims, next);
        blockPassAt(X, rowIdx, load<i32>(n), load<i32>(n, 4) - load<i32>(n), 0, ld, Wf, p, work, Gblk, accumulate, P, flush);
      } else if (accumulate) blockPass(X, rowIdx, 0, 1, 0, ld, Wf, p, work, Gblk, accumulate, P, flush);
    }
    if (flush) pending = 0;
  }
  store<f64>(L + (<usize>c << 3), loss);
  return next;
}

/** A chunk as chunkF32 computes it, for rows stored in float64; W is used directly and P accumulates in float64. */
function chunkF64(
  X: usize, ld: i32, rowIdx: usize, rowStart: i32, rowEnd: i32, y: usize,
  W: usize, p: i32, a: usize, d: i32,
  act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize,
  work: usize, P: usize, accumulate: i32, cfg: usize, Ga: usize,
): f64 {
  const scale = 1.0 / Math.sqrt(<f64>d);
  const rowBytes = <usize>ld << 3;
  const pb = <usize>p << 3;
  const kind = cfgLoss(cfg);
  const shift = accumulate ? cfgShift(cfg) : DISPLACE_NONE;
  if (accumulate) memory.fill(P, 0, <usize>p * rowBytes);
  if (Ga != 0) memory.fill(Ga, 0, pb);
  let loss: f64 = 0;
  for (let i = rowStart; i < rowEnd; i++) {
    const x = rowPtr(X, rowIdx, i, ld, 3);
    for (let j = 0; j < p; j++) {
      store<f64>(work + (<usize>j << 3), dot1F64(x, W + <usize>j * rowBytes, ld) * scale);
    }
    const yi = load<f64>(y + (<usize>rowOf(rowIdx, i) << 3));
    let yhat = forward(work, p, a, act, actLen, actC, dact, dactLen, dactC, accumulate);
    const r = yhat - yi;
    loss += r * r;
    let lp = lossDerivative(kind, yhat, yi);
    if (Ga != 0) addGa(Ga, work + pb, p, lp);
    if (accumulate) {
      if (shift != DISPLACE_NONE) {
        displaceSample(work, work + 2 * pb, p, a, lp, rowSqNorm(cfg, X, rowOf(rowIdx, i), ld, false), shift, load<f64>(cfg, 16), d);
        yhat = forward(work, p, a, act, actLen, actC, dact, dactLen, dactC, 1);
        lp = lossDerivative(kind, yhat, yi);
      }
      for (let j = 0; j < p; j++) {
        const c = lp * load<f64>(a + (<usize>j << 3)) * load<f64>(work + 2 * pb + (<usize>j << 3));
        const g = P + <usize>j * rowBytes;
        if (ASC_FEATURE_SIMD) {
          const cv = f64x2.splat(c);
          for (let k = 0; k < ld; k += 2) {
            const off = <usize>k << 3;
            v128.store(g + off, f64x2.add(v128.load(g + off), f64x2.mul(cv, v128.load(x + off))));
          }
        } else {
          for (let k = 0; k < ld; k++) {
            const off = <usize>k << 3;
            store<f64>(g + off, load<f64>(g + off) + c * load<f64>(x + off));
          }
        }
      }
    }
  }
  return loss;
}

/**
 * G[i] = ((P_0[i] + P_1[i]) + P_2[i]) + … for i in [from, to) (from even): the chunk partials
 * (float64, chunkBytes apart) summed in chunk order, whatever thread made them. An odd `to`
 * ends with one scalar element (the p second-layer sums of a pass's chunks, p odd).
 */
export function gdReduce(P: usize, chunkBytes: i32, nChunks: i32, from: i32, to: i32, G: usize): void {
  let i = from;
  if (ASC_FEATURE_SIMD) {
    for (; i + 1 < to; i += 2) {
      const o = <usize>i << 3;
      let v = v128.load(P + o);
      for (let c = 1; c < nChunks; c++) v = f64x2.add(v, v128.load(P + <usize>c * <usize>chunkBytes + o));
      v128.store(G + o, v);
    }
  }
  for (; i < to; i++) {
    const o = <usize>i << 3;
    let v = load<f64>(P + o);
    for (let c = 1; c < nChunks; c++) v += load<f64>(P + <usize>c * <usize>chunkBytes + o);
    store<f64>(G + o, v);
  }
}

/** ½·(Σ_c L[c])/nRows, the chunk losses summed in chunk order: the training error of a pass. */
export function gdReduceLoss(L: usize, nChunks: i32, nRows: i32): f64 {
  let s: f64 = 0;
  for (let c = 0; c < nChunks; c++) s += load<f64>(L + (<usize>c << 3));
  return nRows > 0 ? 0.5 * s / <f64>nRows : 0;
}

/**
 * W ← (1 − ηλ) W − η G/√d (docs/model.md §1), refreshing the f32 copy Wf when
 * Wf ≠ 0. Returns 1 if every weight is finite, 0 otherwise (divergence).
 */
export function applyUpdate(W: usize, Wf: usize, G: usize, count: i32, lr: f64, decay: f64, d: i32): i32 {
  const scale = 1.0 / Math.sqrt(<f64>d);
  const shrink = 1.0 - lr * decay;
  const coef = lr * scale;
  let finite = 1;
  for (let i = 0; i < count; i++) {
    const o = <usize>i << 3;
    const w = shrink * load<f64>(W + o) - coef * load<f64>(G + o);
    store<f64>(W + o, w);
    if (Wf != 0) store<f32>(Wf + (<usize>i << 2), <f32>w);
    if (!(w - w == 0)) finite = 0;
  }
  return finite;
}

/** dst (f32) = src (f64), for the f32 copy of the weights and of the teacher. */
export function toF32(src: usize, dst: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32>load<f64>(src + (<usize>i << 3)));
}
