// The two inner loops of the fused GD step (assembly/gdStep.ts), for a block of sample rows
// stored in f32 (length ld, a multiple of 4): the inner products x_b·w_j and the rank-one
// updates G_j += Σ_b c_bj x_b. Four rows share every load of a weight vector in the products
// and every load and store of a gradient accumulator in the updates; the 4 rows × 2 neurons
// accumulators are independent add chains, which hides the f32x4.add latency. Without FMA in
// SIMD128 a step is bound by arithmetic and by loads and stores, not by reading the batch.
//
// Accuracy: a product is summed in f32x4 lanes over segments of SEG elements only; each
// segment's lanes are widened and added into a float64 pair (lanes 0+2 and 1+3), so the f32
// rounding error is that of a 16-term sum per lane, and across segments it is float64.
// Updates add the rows into the accumulator one after the other, in row order.
// The scalar build performs, element by element and lane by lane, the same IEEE operations
// in the same order, so both builds give identical bits.

const SEG: i32 = 64;

/** s + (lanes 0, 1 of acc) + (lanes 2, 3 of acc), in float64. */
@inline function widen(s: v128, acc: v128): v128 {
  const lo = f64x2.promote_low_f32x4(acc);
  const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(acc, acc, 2, 3, 0, 1));
  return f64x2.add(s, f64x2.add(lo, hi));
}

@inline function total(s: v128): f64 {
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** x·w in the operation order of one SIMD accumulator (the scalar twin of every SIMD dot). */
@inline function dotScalar(x: usize, w: usize, ld: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0;
  let i = 0;
  while (i < ld) {
    const end = min(i + SEG, ld);
    let a0: f32 = 0, a1: f32 = 0, a2: f32 = 0, a3: f32 = 0;
    for (; i < end; i += 4) {
      const o = <usize>i << 2;
      a0 = a0 + load<f32>(w + o) * load<f32>(x + o);
      a1 = a1 + load<f32>(w + o, 4) * load<f32>(x + o, 4);
      a2 = a2 + load<f32>(w + o, 8) * load<f32>(x + o, 8);
      a3 = a3 + load<f32>(w + o, 12) * load<f32>(x + o, 12);
    }
    s0 = s0 + (<f64>a0 + <f64>a2);
    s1 = s1 + (<f64>a1 + <f64>a3);
  }
  return s0 + s1;
}

/**
 * out[b·stride + j] = x_b·w_j for the four rows x0…x3 and the two neurons w0, w1 (j = 0, 1);
 * stride in bytes. Rows may repeat (a ragged block repeats its last row). One chunk per pass:
 * unrolled, V8 schedules all loads of the pass first and spills accumulators (10–25% slower).
 */
export function dotQuadPair(x0: usize, x1: usize, x2: usize, x3: usize, w0: usize, w1: usize, ld: i32, out: usize, stride: usize): void {
  if (ASC_FEATURE_SIMD) {
    let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
    let s20 = f64x2.splat(0), s21 = f64x2.splat(0), s30 = f64x2.splat(0), s31 = f64x2.splat(0);
    let i = 0;
    while (i < ld) {
      const end = min(i + SEG, ld);
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      for (; i < end; i += 4) {
        const o = <usize>i << 2;
        const v0 = v128.load(w0 + o), v1 = v128.load(w1 + o);
        let xv = v128.load(x0 + o);
        a00 = f32x4.add(a00, f32x4.mul(v0, xv));
        a01 = f32x4.add(a01, f32x4.mul(v1, xv));
        xv = v128.load(x1 + o);
        a10 = f32x4.add(a10, f32x4.mul(v0, xv));
        a11 = f32x4.add(a11, f32x4.mul(v1, xv));
        xv = v128.load(x2 + o);
        a20 = f32x4.add(a20, f32x4.mul(v0, xv));
        a21 = f32x4.add(a21, f32x4.mul(v1, xv));
        xv = v128.load(x3 + o);
        a30 = f32x4.add(a30, f32x4.mul(v0, xv));
        a31 = f32x4.add(a31, f32x4.mul(v1, xv));
      }
      s00 = widen(s00, a00); s01 = widen(s01, a01); s10 = widen(s10, a10); s11 = widen(s11, a11);
      s20 = widen(s20, a20); s21 = widen(s21, a21); s30 = widen(s30, a30); s31 = widen(s31, a31);
    }
    store<f64>(out, total(s00)); store<f64>(out + 8, total(s01));
    store<f64>(out + stride, total(s10)); store<f64>(out + stride + 8, total(s11));
    store<f64>(out + 2 * stride, total(s20)); store<f64>(out + 2 * stride + 8, total(s21));
    store<f64>(out + 3 * stride, total(s30)); store<f64>(out + 3 * stride + 8, total(s31));
  } else {
    dotQuad(x0, x1, x2, x3, w0, ld, out, stride);
    dotQuad(x0, x1, x2, x3, w1, ld, out + 8, stride);
  }
}

/** out[b·stride] = x_b·w for the four rows x0…x3 and one neuron (p odd). */
export function dotQuad(x0: usize, x1: usize, x2: usize, x3: usize, w: usize, ld: i32, out: usize, stride: usize): void {
  if (ASC_FEATURE_SIMD) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let i = 0;
    while (i < ld) {
      const end = min(i + SEG, ld);
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (; i < end; i += 4) {
        const o = <usize>i << 2;
        const v = v128.load(w + o);
        a0 = f32x4.add(a0, f32x4.mul(v, v128.load(x0 + o)));
        a1 = f32x4.add(a1, f32x4.mul(v, v128.load(x1 + o)));
        a2 = f32x4.add(a2, f32x4.mul(v, v128.load(x2 + o)));
        a3 = f32x4.add(a3, f32x4.mul(v, v128.load(x3 + o)));
      }
      s0 = widen(s0, a0); s1 = widen(s1, a1); s2 = widen(s2, a2); s3 = widen(s3, a3);
    }
    store<f64>(out, total(s0));
    store<f64>(out + stride, total(s1));
    store<f64>(out + 2 * stride, total(s2));
    store<f64>(out + 3 * stride, total(s3));
  } else {
    store<f64>(out, dotScalar(x0, w, ld));
    store<f64>(out + stride, dotScalar(x1, w, ld));
    store<f64>(out + 2 * stride, dotScalar(x2, w, ld));
    store<f64>(out + 3 * stride, dotScalar(x3, w, ld));
  }
}

/**
 * The coefficient c, stored for the updates: splat in the SIMD build, so that the loops load
 * it from memory as an opaque vector (V8 would otherwise broadcast it inside the loop).
 */
@inline export function storeCoef(ptr: usize, c: f32): void {
  if (ASC_FEATURE_SIMD) v128.store(ptr, f32x4.splat(c));
  else store<f32>(ptr, c);
}

/** Coefficients (storeCoef) are 16 bytes apart for the two neurons and cs bytes apart for the rows. */
export const COEF_BYTES: usize = 16;

/** g0 += Σ_b c[b·cs]·x_b and g1 += Σ_b c[b·cs + 16]·x_b over the four rows, in row order. */
export function updateQuadPair(x0: usize, x1: usize, x2: usize, x3: usize, g0: usize, g1: usize, c: usize, cs: usize, ld: i32): void {
  if (ASC_FEATURE_SIMD) {
    const k00 = v128.load(c), k01 = v128.load(c, 16), k10 = v128.load(c + cs), k11 = v128.load(c + cs, 16);
    const k20 = v128.load(c + 2 * cs), k21 = v128.load(c + 2 * cs, 16), k30 = v128.load(c + 3 * cs), k31 = v128.load(c + 3 * cs, 16);
    let i = 0;
    // Two chunks per pass, the second addressed through the constant offset: V8 computes one
    // address per row and pass instead of one per load (about 3% of the step).
    for (; i + 4 < ld; i += 8) {
      const o = <usize>i << 2;
      let u = v128.load(g0 + o), v = v128.load(g1 + o), xv = v128.load(x0 + o);
      u = f32x4.add(u, f32x4.mul(k00, xv)); v = f32x4.add(v, f32x4.mul(k01, xv)); xv = v128.load(x1 + o);
      u = f32x4.add(u, f32x4.mul(k10, xv)); v = f32x4.add(v, f32x4.mul(k11, xv)); xv = v128.load(x2 + o);
      u = f32x4.add(u, f32x4.mul(k20, xv)); v = f32x4.add(v, f32x4.mul(k21, xv)); xv = v128.load(x3 + o);
      u = f32x4.add(u, f32x4.mul(k30, xv)); v = f32x4.add(v, f32x4.mul(k31, xv));
      v128.store(g0 + o, u);
      v128.store(g1 + o, v);
      u = v128.load(g0 + o, 16); v = v128.load(g1 + o, 16); xv = v128.load(x0 + o, 16);
      u = f32x4.add(u, f32x4.mul(k00, xv)); v = f32x4.add(v, f32x4.mul(k01, xv)); xv = v128.load(x1 + o, 16);
      u = f32x4.add(u, f32x4.mul(k10, xv)); v = f32x4.add(v, f32x4.mul(k11, xv)); xv = v128.load(x2 + o, 16);
      u = f32x4.add(u, f32x4.mul(k20, xv)); v = f32x4.add(v, f32x4.mul(k21, xv)); xv = v128.load(x3 + o, 16);
      u = f32x4.add(u, f32x4.mul(k30, xv)); v = f32x4.add(v, f32x4.mul(k31, xv));
      v128.store(g0 + o, u, 16);
      v128.store(g1 + o, v, 16);
    }
    if (i < ld) {
      const o = <usize>i << 2;
      let u = v128.load(g0 + o), v = v128.load(g1 + o), xv = v128.load(x0 + o);
      u = f32x4.add(u, f32x4.mul(k00, xv)); v = f32x4.add(v, f32x4.mul(k01, xv)); xv = v128.load(x1 + o);
      u = f32x4.add(u, f32x4.mul(k10, xv)); v = f32x4.add(v, f32x4.mul(k11, xv)); xv = v128.load(x2 + o);
      u = f32x4.add(u, f32x4.mul(k20, xv)); v = f32x4.add(v, f32x4.mul(k21, xv)); xv = v128.load(x3 + o);
      u = f32x4.add(u, f32x4.mul(k30, xv)); v = f32x4.add(v, f32x4.mul(k31, xv));
      v128.store(g0 + o, u);
      v128.store(g1 + o, v);
    }
  } else {
    const c00 = load<f32>(c), c01 = load<f32>(c, 16), c10 = load<f32>(c + cs), c11 = load<f32>(c + cs, 16);
    const c20 = load<f32>(c + 2 * cs), c21 = load<f32>(c + 2 * cs, 16), c30 = load<f32>(c + 3 * cs), c31 = load<f32>(c + 3 * cs, 16);
    for (let i = 0; i < ld; i++) {
      const o = <usize>i << 2;
      const e0 = load<f32>(x0 + o), e1 = load<f32>(x1 + o), e2 = load<f32>(x2 + o), e3 = load<f32>(x3 + o);
      store<f32>(g0 + o, load<f32>(g0 + o) + c00 * e0 + c10 * e1 + c20 * e2 + c30 * e3);
      store<f32>(g1 + o, load<f32>(g1 + o) + c01 * e0 + c11 * e1 + c21 * e2 + c31 * e3);
    }
  }
}

/** g += Σ_b c[b·cs]·x_b over the four rows, in row order (p odd). */
export function updateQuad(x0: usize, x1: usize, x2: usize, x3: usize, g: usize, c: usize, cs: usize, ld: i32): void {
  if (ASC_FEATURE_SIMD) {
    const k0 = v128.load(c), k1 = v128.load(c + cs), k2 = v128.load(c + 2 * cs), k3 = v128.load(c + 3 * cs);
    for (let i = 0; i < ld; i += 4) {
      const o = <usize>i << 2;
      let u = v128.load(g + o);
      u = f32x4.add(u, f32x4.mul(k0, v128.load(x0 + o)));
      u = f32x4.add(u, f32x4.mul(k1, v128.load(x1 + o)));
      u = f32x4.add(u, f32x4.mul(k2, v128.load(x2 + o)));
      u = f32x4.add(u, f32x4.mul(k3, v128.load(x3 + o)));
      v128.store(g + o, u);
    }
  } else {
    const c0 = load<f32>(c), c1 = load<f32>(c + cs), c2 = load<f32>(c + 2 * cs), c3 = load<f32>(c + 3 * cs);
    for (let i = 0; i < ld; i++) {
      const o = <usize>i << 2;
      store<f32>(g + o, load<f32>(g + o) + c0 * load<f32>(x0 + o) + c1 * load<f32>(x1 + o) + c2 * load<f32>(x2 + o) + c3 * load<f32>(x3 + o));
    }
  }
}

/** g += c·x for one row (the rows of a ragged block that do not fill a quad). */
export function updateRow(x: usize, g: usize, c: usize, ld: i32): void {
  if (ASC_FEATURE_SIMD) {
    const k = v128.load(c);
    for (let i = 0; i < ld; i += 4) {
      const o = <usize>i << 2;
      v128.store(g + o, f32x4.add(v128.load(g + o), f32x4.mul(k, v128.load(x + o))));
    }
  } else {
    const k = load<f32>(c);
    for (let i = 0; i < ld; i++) {
      const o = <usize>i << 2;
      store<f32>(g + o, load<f32>(g + o) + k * load<f32>(x + o));
    }
  }
}
