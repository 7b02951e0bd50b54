// The reference point of the speed goal: one plain SIMD read
// of a stored batch, against which the fused GD step is compared in `npm run bench`.

/** Σ of `count` f32 values (count a multiple of 4), 4 lanes; same order in the scalar build. */
export function streamReadF32(X: usize, count: i32): f64 {
  if (ASC_FEATURE_SIMD) {
    let a = f32x4.splat(0), b = f32x4.splat(0);
    let i = 0;
    for (; i + 7 < count; i += 8) {
      const o = <usize>i << 2;
      a = f32x4.add(a, v128.load(X + o));
      b = f32x4.add(b, v128.load(X + o, 16));
    }
    for (; i < count; i += 4) a = f32x4.add(a, v128.load(X + (<usize>i << 2)));
    const s = f32x4.add(a, b);
    return <f64>f32x4.extract_lane(s, 0) + <f64>f32x4.extract_lane(s, 1) + <f64>f32x4.extract_lane(s, 2) + <f64>f32x4.extract_lane(s, 3);
  } else {
    let s: f64 = 0;
    for (let i = 0; i < count; i++) s += <f64>load<f32>(X + (<usize>i << 2));
    return s;
  }
}
