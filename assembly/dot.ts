// Inner products of one stored sample row with a weight row: the label kernel
// (assembly/labels.ts) and the float64 GD step (assembly/gdStep.ts). The f32 GD step takes
// rows in blocks (assembly/rowBlock.ts).
//
// Accuracy (the accuracy goal "matches a float64 reference to about 1e-6 relative"): f32 products are
// summed in f32x4 lanes over blocks of 64 elements only, then each lane is widened and added
// into float64 partial sums. Within a block the rounding error is ≤ 16 ulp(f32) of the block
// sum; across blocks it is float64. The scalar build repeats exactly the same operations in
// the same order (4 lane accumulators), so both builds give identical bits.

const BLOCK: i32 = 64;

/**
 * Σ_i w[i]·x[i] (f32 rows, float64 result). Within a block, even and odd 4-element chunks go
 * to separate accumulators (two independent add chains hide the f32x4.add latency); they are
 * combined lane by lane at the end of the block, then widened.
 */
@inline
export function dot1F32(x: usize, w: usize, ld: i32): f64 {
  if (ASC_FEATURE_SIMD) {
    let sa = f64x2.splat(0), sb = f64x2.splat(0);
    let i = 0;
    while (i < ld) {
      const end = min(i + BLOCK, ld);
      let acc = f32x4.splat(0), alt = f32x4.splat(0);
      for (; i + 4 < end; i += 8) {
        const off = <usize>i << 2;
        acc = f32x4.add(acc, f32x4.mul(v128.load(w + off), v128.load(x + off)));
        alt = f32x4.add(alt, f32x4.mul(v128.load(w + off, 16), v128.load(x + off, 16)));
      }
      if (i < end) {
        const off = <usize>i << 2;
        acc = f32x4.add(acc, f32x4.mul(v128.load(w + off), v128.load(x + off)));
        i += 4;
      }
      acc = f32x4.add(acc, alt);
      sa = f64x2.add(sa, f64x2.promote_low_f32x4(acc));
      sb = f64x2.add(sb, f64x2.promote_low_f32x4(v128.shuffle<f32>(acc, acc, 2, 3, 0, 1)));
    }
    return (f64x2.extract_lane(sa, 0) + f64x2.extract_lane(sa, 1)) + (f64x2.extract_lane(sb, 0) + f64x2.extract_lane(sb, 1));
  } else {
    // The four lanes of `acc` (even chunks) and `alt` (odd chunks), in the SIMD order.
    let A0: f64 = 0, A1: f64 = 0, B0: f64 = 0, B1: f64 = 0;
    let i = 0;
    while (i < ld) {
      const end = min(i + BLOCK, ld);
      let a0: f32 = 0, a1: f32 = 0, a2: f32 = 0, a3: f32 = 0;
      let b0: f32 = 0, b1: f32 = 0, b2: f32 = 0, b3: f32 = 0;
      for (; i + 4 < end; i += 8) {
        const off = <usize>i << 2;
        a0 = a0 + load<f32>(w + off) * load<f32>(x + off);
        a1 = a1 + load<f32>(w + off, 4) * load<f32>(x + off, 4);
        a2 = a2 + load<f32>(w + off, 8) * load<f32>(x + off, 8);
        a3 = a3 + load<f32>(w + off, 12) * load<f32>(x + off, 12);
        b0 = b0 + load<f32>(w + off, 16) * load<f32>(x + off, 16);
        b1 = b1 + load<f32>(w + off, 20) * load<f32>(x + off, 20);
        b2 = b2 + load<f32>(w + off, 24) * load<f32>(x + off, 24);
        b3 = b3 + load<f32>(w + off, 28) * load<f32>(x + off, 28);
      }
      if (i < end) {
        const off = <usize>i << 2;
        a0 = a0 + load<f32>(w + off) * load<f32>(x + off);
        a1 = a1 + load<f32>(w + off, 4) * load<f32>(x + off, 4);
        a2 = a2 + load<f32>(w + off, 8) * load<f32>(x + off, 8);
        a3 = a3 + load<f32>(w + off, 12) * load<f32>(x + off, 12);
        i += 4;
      }
      A0 += <f64>(a0 + b0); A1 += <f64>(a1 + b1); B0 += <f64>(a2 + b2); B1 += <f64>(a3 + b3);
    }
    return (A0 + A1) + (B0 + B1);
  }
}

/** Σ_i w[i]·x[i] for float64 rows: two f64x2 lanes (even/odd pairs), combined at the end. */
@inline
export function dot1F64(x: usize, w: usize, ld: i32): f64 {
  if (ASC_FEATURE_SIMD) {
    let sa = f64x2.splat(0), sb = f64x2.splat(0);
    for (let i = 0; i < ld; i += 4) {
      const off = <usize>i << 3;
      sa = f64x2.add(sa, f64x2.mul(v128.load(w + off), v128.load(x + off)));
      sb = f64x2.add(sb, f64x2.mul(v128.load(w + off, 16), v128.load(x + off, 16)));
    }
    return (f64x2.extract_lane(sa, 0) + f64x2.extract_lane(sa, 1)) + (f64x2.extract_lane(sb, 0) + f64x2.extract_lane(sb, 1));
  } else {
    let a0: f64 = 0, a1: f64 = 0, b0: f64 = 0, b1: f64 = 0;
    for (let i = 0; i < ld; i += 4) {
      const off = <usize>i << 3;
      a0 = a0 + load<f64>(w + off) * load<f64>(x + off);
      a1 = a1 + load<f64>(w + off, 8) * load<f64>(x + off, 8);
      b0 = b0 + load<f64>(w + off, 16) * load<f64>(x + off, 16);
      b1 = b1 + load<f64>(w + off, 24) * load<f64>(x + off, 24);
    }
    return (a0 + a1) + (b0 + b1);
  }
}
