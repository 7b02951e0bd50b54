// The two inner loops of the fused GD step (assembly/gdStep.ts), for a block of sample rows
// stored in f32 (length ld, a multiple of 4): the inner products x_b·w_j and the rank-one
// updates G_j += Σ_b c_bj x_b. Four rows share every load of a weight vector in the products
// (the 4 rows × 2 neurons accumulators are independent add chains, which hides the f32x4.add
// latency); in the updates, every load and store of a gradient accumulator serves all the
// block's rows that update it. Without FMA in SIMD128 the arithmetic takes about as long as
// the memory stream of the batch (20 and 21 ms at the paper size here): the step is bound by both.
//
// Accuracy: a product is summed in f32x4 lanes over segments of SEG elements only; at the end
// of a segment, lanes 0+2 and 1+3 are added in f32 (one rounding), widened and added into a
// float64 pair, so the f32 rounding error is that of a 16-term sum per lane plus one addition,
// and across segments it is float64. (Adding the lanes in float64 instead costs one more
// widening per segment: 7% of the products.)
// Updates sum an element's terms c_b·x_b of the block pairwise (a tree of depth 3 over the
// block's rows), then add that sum into the f32 accumulator: three roundings at most per term
// within the block, one per block in the accumulator (assembly/gdStep.ts flushes it into
// float64 every FLUSH rows).
// The scalar build performs, element by element and lane by lane, the same IEEE operations
// in the same order, so both builds give identical bits.

const SEG: i32 = 64;

/** s + float64(lanes 0, 1 of acc + lanes 2, 3 of acc): one f32 addition, one widening. */
@inline function widen(s: v128, acc: v128): v128 {
  return f64x2.add(s, f64x2.promote_low_f32x4(f32x4.add(acc, v128.shuffle<f32>(acc, acc, 2, 3, 0, 1))));
}

/** s + float64(lanes 0, 1 of acc + lanes 2, 3 of acc) into the pair at s (scalar twin of widen). */
@inline function widenScalar(s: usize, a0: f32, a1: f32, a2: f32, a3: f32): void {
  store<f64>(s, load<f64>(s) + <f64>(a0 + a2));
  store<f64>(s, load<f64>(s, 8) + <f64>(a1 + a3), 8);
}

/** One segment [i, end) of x·w in the operation order of one SIMD accumulator, widened into the pair at s. */
@inline function dotSegScalar(x: usize, w: usize, i: i32, end: i32, s: usize): void {
  let a0: f32 = 0, a1: f32 = 0, a2: f32 = 0, a3: f32 = 0;
  for (; i < end; i += 4) {
    const o = <usize>i << 2;
    a0 = a0 + load<f32>(w + o) * load<f32>(x + o);
    a1 = a1 + load<f32>(w + o, 4) * load<f32>(x + o, 4);
    a2 = a2 + load<f32>(w + o, 8) * load<f32>(x + o, 8);
    a3 = a3 + load<f32>(w + o, 12) * load<f32>(x + o, 12);
  }
  widenScalar(s, a0, a1, a2, a3);
}

/** The pair at s, widened by the lanes of acc. */
@inline function widenAt(s: usize, acc: v128): void {
  v128.store(s, widen(v128.load(s), acc));
}

/**
 * One segment [i, end) (end − i ≤ SEG, i a multiple of SEG) of the products x_b·w_j for the
 * four rows x0…x3 and the two neurons w0, w1: the segment's f32 lane sums are widened into the
 * float64 pairs at s + b·stride + 16·j (stride in bytes), which dotTotal adds up at the end.
 * Rows may repeat (a ragged block repeats its last row). Called segment by segment, the
 * products of a block are interleaved with the updates of the previous one (assembly/gdStep.ts).
 */
export function dotQuadPairSeg(x0: usize, x1: usize, x2: usize, x3: usize, w0: usize, w1: usize, i: i32, end: i32, s: usize, stride: usize): void {
  if (ASC_FEATURE_SIMD) quadPairSpan(true, true, x0, x1, x2, x3, w0, w1, i, end, 0, s, stride);
  else {
    dotQuadSeg(x0, x1, x2, x3, w0, i, end, s, stride);
    dotQuadSeg(x0, x1, x2, x3, w1, i, end, s + 16, stride);
  }
}

/**
 * Span [i, end) of a segment of the products of the four rows x0…x3 and the two neurons w0, w1
 * (the SIMD build), row b's and neuron j's f32x4 lane sums at b·stride + 16·j: they start at 0
 * if first, else from those kept at acc; at the end they are widened into the pairs at s if
 * last (the segment ends), else kept at acc.
 */
@inline function quadPairSpan(
  first: bool, last: bool, x0: usize, x1: usize, x2: usize, x3: usize, w0: usize, w1: usize, i: i32, end: i32, acc: usize, s: usize, stride: usize,
): void {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  if (!first) {
    a00 = v128.load(acc); a01 = v128.load(acc + 16);
    a10 = v128.load(acc + stride); a11 = v128.load(acc + stride + 16);
    a20 = v128.load(acc + 2 * stride); a21 = v128.load(acc + 2 * stride + 16);
    a30 = v128.load(acc + 3 * stride); a31 = v128.load(acc + 3 * stride + 16);
  }
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
  if (last) {
    widenAt(s, a00); widenAt(s + 16, a01);
    widenAt(s + stride, a10); widenAt(s + stride + 16, a11);
    widenAt(s + 2 * stride, a20); widenAt(s + 2 * stride + 16, a21);
    widenAt(s + 3 * stride, a30); widenAt(s + 3 * stride + 16, a31);
  } else {
    v128.store(acc, a00); v128.store(acc + 16, a01);
    v128.store(acc + stride, a10); v128.store(acc + stride + 16, a11);
    v128.store(acc + 2 * stride, a20); v128.store(acc + 2 * stride + 16, a21);
    v128.store(acc + 3 * stride, a30); v128.store(acc + 3 * stride + 16, a31);
  }
}

/**
 * The first half [i, end) of a segment (i a multiple of SEG) of the products of a whole block of
 * eight rows (pointers at rows) and two neurons w0, w1, rows 0–3 then rows 4–7, the lane sums
 * kept at acc (256 bytes: quadPairSpan with stride 32). The SIMD build's step with p = 2: taking
 * a segment in two halves, the two quads alternate every SEG/2 elements, so every row of the
 * block is read within half a segment of the others, which the memory stream serves faster than
 * a whole segment of one quad then of the other (−0.7 to −1.0 ms of 26 at the paper size, same
 * arithmetic). Each product adds the same terms in the same order as dotQuadPairSeg: the bits
 * do not change.
 */
export function blockFirstHalf(rows: usize, w0: usize, w1: usize, i: i32, end: i32, acc: usize): void {
  quadPairSpan(true, false, load<usize>(rows), load<usize>(rows, 4), load<usize>(rows, 8), load<usize>(rows, 12), w0, w1, i, end, acc, 0, 32);
  quadPairSpan(true, false, load<usize>(rows, 16), load<usize>(rows, 20), load<usize>(rows, 24), load<usize>(rows, 28), w0, w1, i, end, acc + 128, 0, 32);
}

/** The second half [i, end) of the segment: from the lane sums at acc, widened at its end into the float64 pairs at s (the layout of dotQuadPairSeg, p = 2). */
export function blockSecondHalf(rows: usize, w0: usize, w1: usize, i: i32, end: i32, acc: usize, s: usize): void {
  quadPairSpan(false, true, load<usize>(rows), load<usize>(rows, 4), load<usize>(rows, 8), load<usize>(rows, 12), w0, w1, i, end, acc, s, 32);
  quadPairSpan(false, true, load<usize>(rows, 16), load<usize>(rows, 20), load<usize>(rows, 24), load<usize>(rows, 28), w0, w1, i, end, acc + 128, s + 128, 32);
}

/** The same segment for one neuron w (p odd): the pairs at s + b·stride. */
export function dotQuadSeg(x0: usize, x1: usize, x2: usize, x3: usize, w: usize, i: i32, end: i32, s: usize, stride: usize): void {
  if (ASC_FEATURE_SIMD) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    for (; i < end; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(w + o);
      a0 = f32x4.add(a0, f32x4.mul(v, v128.load(x0 + o)));
      a1 = f32x4.add(a1, f32x4.mul(v, v128.load(x1 + o)));
      a2 = f32x4.add(a2, f32x4.mul(v, v128.load(x2 + o)));
      a3 = f32x4.add(a3, f32x4.mul(v, v128.load(x3 + o)));
    }
    widenAt(s, a0); widenAt(s + stride, a1); widenAt(s + 2 * stride, a2); widenAt(s + 3 * stride, a3);
  } else {
    dotSegScalar(x0, w, i, end, s);
    dotSegScalar(x1, w, i, end, s + stride);
    dotSegScalar(x2, w, i, end, s + 2 * stride);
    dotSegScalar(x3, w, i, end, s + 3 * stride);
  }
}

/** The product summed by the segments at s: lane 0 + lane 1, in float64. */
@inline export function dotTotal(s: usize): f64 {
  return load<f64>(s) + load<f64>(s, 8);
}

/** Elements per segment of the products (a multiple of 16: the updates' unrolled pass). */
export const DOT_SEG: i32 = SEG;

/**
 * The coefficient c, stored for the updates: splat in the SIMD build, so that the loops load
 * it from memory as an opaque vector (V8 would otherwise broadcast it inside the loop).
 */
@inline export function storeCoef(ptr: usize, c: f32): void {
  if (ASC_FEATURE_SIMD) v128.store(ptr, f32x4.splat(c));
  else store<f32>(ptr, c);
}

/** Bytes between two stored coefficients (storeCoef). */
export const COEF_BYTES: usize = 16;

/** A row list for updateRows: up to 8 row pointers, then at LIST_COEFS their coefficient pointers. */
export const LIST_BYTES: usize = 64;
export const LIST_COEFS: usize = 32;

/** The vector at p + 16·k (k = 0 … 3, a constant), the offset folded into the load. */
@inline function loadAt(p: usize, k: i32): v128 {
  return k == 0 ? v128.load(p) : k == 1 ? v128.load(p, 16) : k == 2 ? v128.load(p, 32) : v128.load(p, 48);
}

@inline function storeAt(p: usize, v: v128, k: i32): void {
  if (k == 0) v128.store(p, v);
  else if (k == 1) v128.store(p, v, 16);
  else if (k == 2) v128.store(p, v, 32);
  else v128.store(p, v, 48);
}

/** k·x for the vector at x + 16·at. */
@inline function term(k: v128, x: usize, at: i32): v128 {
  return f32x4.mul(k, loadAt(x, at));
}

/** (t0 + t1) + (t2 + t3) for the first c (1 … 4, a constant) terms k_b·x_b, a missing term leaving its partner alone. */
@inline function quadSum(c: i32, at: i32, x0: usize, x1: usize, x2: usize, x3: usize, k0: v128, k1: v128, k2: v128, k3: v128): v128 {
  let t = term(k0, x0, at);
  if (c > 1) t = f32x4.add(t, term(k1, x1, at));
  if (c > 2) {
    let h = term(k2, x2, at);
    if (c > 3) h = f32x4.add(h, term(k3, x3, at));
    t = f32x4.add(t, h);
  }
  return t;
}

/**
 * The chunk of four elements 16·at bytes on: g += t, t = Σ_{b<m} k_b·x_b summed pairwise,
 * ((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7)): three roundings at most per row before
 * the accumulator's one.
 */
@inline function chunk(
  m: i32, at: i32, g: usize,
  x0: usize, x1: usize, x2: usize, x3: usize, x4: usize, x5: usize, x6: usize, x7: usize,
  k0: v128, k1: v128, k2: v128, k3: v128, k4: v128, k5: v128, k6: v128, k7: v128,
): void {
  let t = quadSum(min(m, 4), at, x0, x1, x2, x3, k0, k1, k2, k3);
  if (m > 4) t = f32x4.add(t, quadSum(m - 4, at, x4, x5, x6, x7, k4, k5, k6, k7));
  storeAt(g, f32x4.add(loadAt(g, at), t), at);
}

@inline function rowAt(list: usize, b: i32, m: i32): usize {
  return b < m ? load<usize>(list + (<usize>b << 2)) : 0;
}

@inline function coefAt(list: usize, b: i32, m: i32): v128 {
  return b < m ? v128.load(load<usize>(list + LIST_COEFS + (<usize>b << 2))) : f32x4.splat(0);
}

/**
 * g += Σ_{b<m} c_b·x_b over the m (a constant, 1 … 8) rows of the list and the elements
 * [from, to) (from a multiple of 16), summed pairwise (chunk): each load and store of the
 * accumulator serves the m rows. Four chunks per pass, addressed through constant offsets: V8
 * computes one address per row and pass instead of one per load.
 */
@inline function updateRowsSimd(m: i32, g: usize, list: usize, from: i32, to: i32): void {
  const x0 = rowAt(list, 0, m), x1 = rowAt(list, 1, m), x2 = rowAt(list, 2, m), x3 = rowAt(list, 3, m);
  const x4 = rowAt(list, 4, m), x5 = rowAt(list, 5, m), x6 = rowAt(list, 6, m), x7 = rowAt(list, 7, m);
  const k0 = coefAt(list, 0, m), k1 = coefAt(list, 1, m), k2 = coefAt(list, 2, m), k3 = coefAt(list, 3, m);
  const k4 = coefAt(list, 4, m), k5 = coefAt(list, 5, m), k6 = coefAt(list, 6, m), k7 = coefAt(list, 7, m);
  let i = from;
  for (; i + 12 < to; i += 16) {
    const o = <usize>i << 2;
    chunk(m, 0, g + o, x0 + o, x1 + o, x2 + o, x3 + o, x4 + o, x5 + o, x6 + o, x7 + o, k0, k1, k2, k3, k4, k5, k6, k7);
    chunk(m, 1, g + o, x0 + o, x1 + o, x2 + o, x3 + o, x4 + o, x5 + o, x6 + o, x7 + o, k0, k1, k2, k3, k4, k5, k6, k7);
    chunk(m, 2, g + o, x0 + o, x1 + o, x2 + o, x3 + o, x4 + o, x5 + o, x6 + o, x7 + o, k0, k1, k2, k3, k4, k5, k6, k7);
    chunk(m, 3, g + o, x0 + o, x1 + o, x2 + o, x3 + o, x4 + o, x5 + o, x6 + o, x7 + o, k0, k1, k2, k3, k4, k5, k6, k7);
  }
  for (; i < to; i += 4) {
    const o = <usize>i << 2;
    chunk(m, 0, g + o, x0 + o, x1 + o, x2 + o, x3 + o, x4 + o, x5 + o, x6 + o, x7 + o, k0, k1, k2, k3, k4, k5, k6, k7);
  }
}

// A function per row count: were the eight specialised loops inlined into the switch below,
// binaryen would merge them back into one loop that tests the row count at every row.
function updateRows1(g: usize, list: usize, from: i32, to: i32): void { updateRowsSimd(1, g, list, from, to); }
function updateRows2(g: usize, list: usize, from: i32, to: i32): void { updateRowsSimd(2, g, list, from, to); }
function updateRows3(g: usize, list: usize, from: i32, to: i32): void { updateRowsSimd(3, g, list, from, to); }
function updateRows4(g: usize, list: usize, from: i32, to: i32): void { updateRowsSimd(4, g, list, from, to); }
function updateRows5(g: usize, list: usize, from: i32, to: i32): void { updateRowsSimd(5, g, list, from, to); }
function updateRows6(g: usize, list: usize, from: i32, to: i32): void { updateRowsSimd(6, g, list, from, to); }
function updateRows7(g: usize, list: usize, from: i32, to: i32): void { updateRowsSimd(7, g, list, from, to); }
function updateRows8(g: usize, list: usize, from: i32, to: i32): void { updateRowsSimd(8, g, list, from, to); }

/** The scalar twin of quadSum: the first c (1 … 4) terms k_b·x_b at byte offset o, summed pairwise. */
@inline function quadSumScalar(c: i32, o: usize, x0: usize, x1: usize, x2: usize, x3: usize, k0: f32, k1: f32, k2: f32, k3: f32): f32 {
  let t = k0 * load<f32>(x0 + o);
  if (c > 1) t = t + k1 * load<f32>(x1 + o);
  if (c > 2) {
    let h = k2 * load<f32>(x2 + o);
    if (c > 3) h = h + k3 * load<f32>(x3 + o);
    t = t + h;
  }
  return t;
}

@inline function coefScalar(list: usize, b: i32, m: i32): f32 {
  return b < m ? load<f32>(load<usize>(list + LIST_COEFS + (<usize>b << 2))) : 0;
}

/** The scalar build of updateRows: the rows and coefficients read once, each element's terms summed pairwise as chunk sums a lane. */
function updateRowsScalar(g: usize, list: usize, m: i32, from: i32, to: i32): void {
  const x0 = rowAt(list, 0, m), x1 = rowAt(list, 1, m), x2 = rowAt(list, 2, m), x3 = rowAt(list, 3, m);
  const x4 = rowAt(list, 4, m), x5 = rowAt(list, 5, m), x6 = rowAt(list, 6, m), x7 = rowAt(list, 7, m);
  const k0 = coefScalar(list, 0, m), k1 = coefScalar(list, 1, m), k2 = coefScalar(list, 2, m), k3 = coefScalar(list, 3, m);
  const k4 = coefScalar(list, 4, m), k5 = coefScalar(list, 5, m), k6 = coefScalar(list, 6, m), k7 = coefScalar(list, 7, m);
  for (let i = from; i < to; i++) {
    const o = <usize>i << 2;
    let t = quadSumScalar(min(m, 4), o, x0, x1, x2, x3, k0, k1, k2, k3);
    if (m > 4) t = t + quadSumScalar(m - 4, o, x4, x5, x6, x7, k4, k5, k6, k7);
    store<f32>(g + o, load<f32>(g + o) + t);
  }
}

/**
 * g += Σ_{b<m} c_b·x_b (1 ≤ m ≤ 8) over the elements [from, to) for the rows and coefficients
 * of the list, the m terms of an element summed pairwise (chunk) before the one addition into g.
 * The scalar build performs the same f32 operations in the same order, element by element.
 */
export function updateRows(g: usize, list: usize, m: i32, from: i32, to: i32): void {
  if (ASC_FEATURE_SIMD) {
    switch (m) {
      case 1: updateRows1(g, list, from, to); break;
      case 2: updateRows2(g, list, from, to); break;
      case 3: updateRows3(g, list, from, to); break;
      case 4: updateRows4(g, list, from, to); break;
      case 5: updateRows5(g, list, from, to); break;
      case 6: updateRows6(g, list, from, to); break;
      case 7: updateRows7(g, list, from, to); break;
      default: updateRows8(g, list, from, to); break;
    }
  } else updateRowsScalar(g, list, m, from, to);
}
