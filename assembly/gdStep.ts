// The fused gradient-descent step of docs/model.md §1: for every sample row of the batch, in
// one visit of the row, u = W x/√d, ŷ = Σ_j a_j σ(u_j), g_j = (ŷ − y)·a_j σ'(u_j) and the
// gradient accumulation G_j += g_j x. The row (20 KB at d = 5000) stays in L1 between the
// dot products and the accumulation, so the batch is streamed from memory once per step.
//
// f32 storage: G is accumulated in f32 over blocks of FLUSH rows and flushed into a float64
// accumulator, which keeps the step within ~1e-7 relative of a float64 reference.
// The scalar build performs the same IEEE operations in the same order as the SIMD lanes.
import { dot1F32, dot1F64, dot2F32 } from './dot';
import { evalProgram } from './expr';

const FLUSH: i32 = 32;

// Scratch layout (float64, `work`): u[p] | σ(u)[p] | σ'(u)[p] | evalProgram stack.
@inline function rowPtr(X: usize, rowIdx: usize, i: i32, ld: i32, shift: i32): usize {
  const row = rowIdx == 0 ? i : load<i32>(rowIdx + (<usize>i << 2));
  return X + ((<usize>row * <usize>ld) << shift);
}

@inline function rowOf(rowIdx: usize, i: i32): i32 {
  return rowIdx == 0 ? i : load<i32>(rowIdx + (<usize>i << 2));
}

/** Residual r = ŷ − y for the p pre-activations in work[0..p), leaving σ'(u) in work[2p..3p). */
@inline function residual(
  work: usize, p: i32, a: usize, y: f64,
  act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize, accumulate: i32,
): f64 {
  const pb = <usize>p << 3;
  const stack = work + 3 * pb;
  evalProgram(act, actLen, actC, work, p, p, work + pb, stack);
  if (accumulate) evalProgram(dact, dactLen, dactC, work, p, p, work + 2 * pb, stack);
  let yhat: f64 = 0;
  for (let j = 0; j < p; j++) yhat += load<f64>(a + (<usize>j << 3)) * load<f64>(work + pb + (<usize>j << 3));
  return yhat - y;
}

/** Gblk_j += c_j · x over one f32 row, two neurons per pass so that x is loaded once per pair. */
@inline function accumulateF32(x: usize, Gblk: usize, coef: usize, p: i32, ld: i32): void {
  const rowBytes = <usize>ld << 2;
  let j = 0;
  for (; j + 1 < p; j += 2) {
    const c0 = load<f32>(coef + (<usize>j << 2)), c1 = load<f32>(coef + (<usize>(j + 1) << 2));
    const g0 = Gblk + <usize>j * rowBytes, g1 = g0 + rowBytes;
    if (ASC_FEATURE_SIMD) {
      const cv0 = f32x4.splat(c0), cv1 = f32x4.splat(c1);
      for (let i = 0; i < ld; i += 4) {
        const off = <usize>i << 2;
        const xv = v128.load(x + off);
        v128.store(g0 + off, f32x4.add(v128.load(g0 + off), f32x4.mul(cv0, xv)));
        v128.store(g1 + off, f32x4.add(v128.load(g1 + off), f32x4.mul(cv1, xv)));
      }
    } else {
      for (let i = 0; i < ld; i++) {
        const off = <usize>i << 2;
        const xi = load<f32>(x + off);
        store<f32>(g0 + off, load<f32>(g0 + off) + c0 * xi);
        store<f32>(g1 + off, load<f32>(g1 + off) + c1 * xi);
      }
    }
  }
  if (j < p) {
    const c = load<f32>(coef + (<usize>j << 2));
    const g = Gblk + <usize>j * rowBytes;
    if (ASC_FEATURE_SIMD) {
      const cv = f32x4.splat(c);
      for (let i = 0; i < ld; i += 4) {
        const off = <usize>i << 2;
        v128.store(g + off, f32x4.add(v128.load(g + off), f32x4.mul(cv, v128.load(x + off))));
      }
    } else {
      for (let i = 0; i < ld; i++) {
        const off = <usize>i << 2;
        store<f32>(g + off, load<f32>(g + off) + c * load<f32>(x + off));
      }
    }
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

/**
 * One pass over the rows of a batch stored in f32 (row stride ld, a multiple of 4, padding 0).
 * rowIdx = 0 uses rows 0 … nRows−1, else the i32 row list (mini-batches of a stored set).
 * y: float64 label per stored row. Wf: f32 copy of W (p × ld). a: second layer (p, f64).
 * act/dact: compiled σ and σ' (assembly/expr.ts). work: float64 scratch, 3p + stack·p.
 * accumulate = 0: forward only (training error). Otherwise G (float64 p × ld) receives
 * Σ_μ g_μ x_μ (unscaled; the 1/√d is applied by applyUpdate) and Gblk (f32 p × ld) is scratch.
 * Returns ½·mean_μ (ŷ_μ − y_μ)², the training error at the current weights.
 */
export function gdStepF32(
  X: usize, ld: i32, rowIdx: usize, nRows: i32, y: usize,
  Wf: usize, p: i32, a: usize, d: i32,
  act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize,
  work: usize, G: usize, Gblk: usize, accumulate: i32,
): f64 {
  const scale = 1.0 / Math.sqrt(<f64>d);
  const rowBytes = <usize>ld << 2;
  const pb = <usize>p << 3;
  const coef = work + 3 * pb; // f32 coefficients, placed in the stack area before evalProgram reuses it
  if (accumulate) {
    memory.fill(G, 0, <usize>p * (<usize>ld << 3));
    memory.fill(Gblk, 0, <usize>p * rowBytes);
  }
  let loss: f64 = 0;
  let pending = 0;
  for (let i = 0; i < nRows; i++) {
    const x = rowPtr(X, rowIdx, i, ld, 2);
    let j = 0;
    for (; j + 1 < p; j += 2) {
      dot2F32(x, Wf + <usize>j * rowBytes, Wf + <usize>(j + 1) * rowBytes, ld, work + (<usize>j << 3));
    }
    if (j < p) store<f64>(work + (<usize>j << 3), dot1F32(x, Wf + <usize>j * rowBytes, ld));
    for (j = 0; j < p; j++) store<f64>(work + (<usize>j << 3), load<f64>(work + (<usize>j << 3)) * scale);
    const r = residual(work, p, a, load<f64>(y + (<usize>rowOf(rowIdx, i) << 3)), act, actLen, actC, dact, dactLen, dactC, accumulate);
    loss += r * r;
    if (accumulate) {
      for (j = 0; j < p; j++) {
        const gj = r * load<f64>(a + (<usize>j << 3)) * load<f64>(work + 2 * pb + (<usize>j << 3));
        store<f32>(coef + (<usize>j << 2), <f32>gj);
      }
      accumulateF32(x, Gblk, coef, p, ld);
      if (++pending == FLUSH) {
        flushF32(G, Gblk, p * ld);
        pending = 0;
      }
    }
  }
  if (accumulate && pending > 0) flushF32(G, Gblk, p * ld);
  return nRows > 0 ? 0.5 * loss / <f64>nRows : 0;
}

/** The same step for rows stored in float64; W is used directly and G accumulates in float64. */
export function gdStepF64(
  X: usize, ld: i32, rowIdx: usize, nRows: i32, y: usize,
  W: usize, p: i32, a: usize, d: i32,
  act: usize, actLen: i32, actC: usize, dact: usize, dactLen: i32, dactC: usize,
  work: usize, G: usize, accumulate: i32,
): f64 {
  const scale = 1.0 / Math.sqrt(<f64>d);
  const rowBytes = <usize>ld << 3;
  const pb = <usize>p << 3;
  if (accumulate) memory.fill(G, 0, <usize>p * rowBytes);
  let loss: f64 = 0;
  for (let i = 0; i < nRows; i++) {
    const x = rowPtr(X, rowIdx, i, ld, 3);
    for (let j = 0; j < p; j++) {
      store<f64>(work + (<usize>j << 3), dot1F64(x, W + <usize>j * rowBytes, ld) * scale);
    }
    const r = residual(work, p, a, load<f64>(y + (<usize>rowOf(rowIdx, i) << 3)), act, actLen, actC, dact, dactLen, dactC, accumulate);
    loss += r * r;
    if (accumulate) {
      for (let j = 0; j < p; j++) {
        const c = r * load<f64>(a + (<usize>j << 3)) * load<f64>(work + 2 * pb + (<usize>j << 3));
        const g = G + <usize>j * rowBytes;
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
  return nRows > 0 ? 0.5 * loss / <f64>nRows : 0;
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
