// The reference points of the speed goal: plain SIMD reads of a stored batch, against which
// the fused GD step is compared in `npm run bench`. One sequential stream is limited by the
// misses a core keeps in flight (≈ 10 GB/s here); eight streams read side by side, the step's own
// pattern (assembly/gdStep.ts), keep more in flight (≈ 14 GB/s).

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

/**
 * Σ of the n rows of length ld (a multiple of 4) at X, read as the fused step reads a chunk:
 * eight lanes of ⌊n/8⌋ consecutive rows, block k taking row k of each lane, the eight rows side
 * by side, four elements of each in turn, one f32x4 accumulator per row; then the rows left
 * over, in one stream. The SIMD build only (the scalar build returns the plain sum: no speed
 * figure is taken from it).
 */
export function streamReadRowsF32(X: usize, ld: i32, n: i32): f64 {
  if (!ASC_FEATURE_SIMD) return streamReadF32(X, ld * n);
  const rowBytes = <usize>ld << 2;
  const lanes = n >> 3;
  const lane = <usize>lanes * rowBytes;
  let total = f32x4.splat(0);
  for (let k = 0; k < lanes; k++) {
    const x0 = X + <usize>k * rowBytes;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
    for (let i = 0; i < ld; i += 4) {
      const o = x0 + (<usize>i << 2);
      a0 = f32x4.add(a0, v128.load(o));
      a1 = f32x4.add(a1, v128.load(o + lane));
      a2 = f32x4.add(a2, v128.load(o + 2 * lane));
      a3 = f32x4.add(a3, v128.load(o + 3 * lane));
      a4 = f32x4.add(a4, v128.load(o + 4 * lane));
      a5 = f32x4.add(a5, v128.load(o + 5 * lane));
      a6 = f32x4.add(a6, v128.load(o + 6 * lane));
      a7 = f32x4.add(a7, v128.load(o + 7 * lane));
    }
    total = f32x4.add(total, f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7))));
  }
  const r = lanes << 3;
  let s = <f64>f32x4.extract_lane(total, 0) + <f64>f32x4.extract_lane(total, 1) + <f64>f32x4.extract_lane(total, 2) + <f64>f32x4.extract_lane(total, 3);
  if (r < n) s += streamReadF32(X + <usize>r * rowBytes, ld * (n - r));
  return s;
}
