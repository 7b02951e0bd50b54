// Random variates of the reduced engine (docs/model.md §8) beyond plain normals: chi-square
// variates of any number of degrees of freedom (exact, by rejection) and Wishart factors by the
// Bartlett decomposition. Every draw comes from a *cursor*: a stream keyed (seed, tag + sub,
// index) of assembly/rng.ts, read in order; when a block is used up the next block has
// sub + 1. So the variates of a step are a pure function of (seed, step) whatever their count.
import { normalBlock, uniformBlock } from './rng';

/** A cursor over normals (uniform = 0) or uniforms in (0, 1) (uniform = 1); lives in WASM memory. */
@unmanaged export class Cursor {
  /** Block being read: `own`, or a caller's prefilled block (cursorStartAt). */
  buf: usize;
  /** The cursor's own buffer of cap values. */
  own: usize;
  cap: i32;
  len: i32;
  pos: i32;
  /** Length of the blocks drawn into `own`. */
  block: i32;
  seed: u32;
  tag: u32;
  index: u32;
  sub: u32;
  uniform: i32;
}

/** Bytes of a Cursor header (its buffer is separate). */
export const CURSOR_BYTES: usize = 48;

/** Restarts the cursor on key (seed, tag, index), reading blocks of `len` (≤ cap) values; nothing is drawn yet. */
export function cursorStart(c: Cursor, seed: u32, tag: u32, index: u32, len: i32): void {
  c.seed = seed;
  c.tag = tag;
  c.index = index;
  c.sub = 0;
  c.block = max<i32>(1, min<i32>(len, c.cap));
  c.buf = c.own;
  c.len = 0;
  c.pos = 0;
}

/**
 * As cursorStart, but the first `count` values are read from `ptr` (normals the caller drew
 * with another block of the same step, saving a generator call); then blocks keyed (seed,
 * tag + sub, index) as usual.
 */
export function cursorStartAt(c: Cursor, ptr: usize, count: i32, seed: u32, tag: u32, index: u32, len: i32): void {
  cursorStart(c, seed, tag, index, len);
  c.buf = ptr;
  c.len = count;
}

export function cursorNext(c: Cursor): f64 {
  if (c.pos >= c.len) {
    c.buf = c.own;
    c.len = c.block;
    if (c.uniform) uniformBlock(c.seed, c.tag + c.sub, c.index, c.len, c.buf);
    else normalBlock(c.seed, c.tag + c.sub, c.index, c.len, c.buf, 1);
    c.sub++;
    c.pos = 0;
  }
  const v = load<f64>(c.buf + (<usize>c.pos << 3));
  c.pos++;
  return v;
}

/**
 * χ²(ν) for ν ≥ 1 (any size, e.g. d − r with d = 10⁷): ν = 1 as ξ²; otherwise 2·Gamma(ν/2)
 * by Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS 26 (2000):
 * with a = ν/2, dd = a − 1/3, cc = 1/√(9dd): draw x ~ N(0,1), v = (1 + cc·x)³ (redraw while
 * v ≤ 0, i.e. cc·x ≤ −1), u ~ U(0,1); accept dd·v if u < 1 − 0.0331x⁴ (squeeze) or
 * log u < x²/2 + dd(1 − v + log v). Exact for a ≥ 1; acceptance ≥ 95 %.
 */
export function chiSquare(nu: f64, normals: Cursor, uniforms: Cursor): f64 {
  if (nu <= 1.0) {
    const x = cursorNext(normals);
    return x * x;
  }
  const dd = 0.5 * nu - 1.0 / 3.0;
  const cc = 1.0 / Math.sqrt(9.0 * dd);
  while (true) {
    let x: f64 = 0;
    let e: f64 = 0;
    do {
      x = cursorNext(normals);
      e = cc * x;
    } while (e <= -1.0);
    const v = (1.0 + e) * (1.0 + e) * (1.0 + e);
    const u = cursorNext(uniforms);
    const x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return 2.0 * dd * v;
    if (Math.log(u) < 0.5 * x2 + dd * onePlusLogMinusCube(e)) return 2.0 * dd * v;
  }
}

/**
 * 1 − v + log v for v = (1 + e)³, as 3(log1p(e) − e) − 3e² − e³: the direct form loses all
 * digits when e = cc·x is tiny (large ν: dd·ulp(1) would reach 0.05 at ν = 10¹⁵), this one
 * keeps them (log1p(e) − e by its series below |e| = 10⁻⁴, truncation < 10⁻¹⁶ relative).
 */
function onePlusLogMinusCube(e: f64): f64 {
  const l = abs<f64>(e) < 1e-4 ? -e * e * (0.5 - e * (1.0 / 3.0 - e * (0.25 - e * 0.2))) : Math.log1p(e) - e;
  return 3.0 * l - 3.0 * e * e - e * e * e;
}

/**
 * A factor F (n×q; element (i, j) at F[i·rs + j·cs], so rs = ldf, cs = 1 is row-major and
 * rs = 1, cs = n column-major) of A ~ Wishart_n(m, I): A = F Fᵀ. For
 * m ≥ n the Bartlett decomposition (Bartlett 1933; Anderson, "An Introduction to Multivariate
 * Statistical Analysis", Thm 7.2.1): F lower triangular (q = n), F_ii = √χ²(m − i),
 * F_ij ~ N(0,1) for i > j — n chi-squares and n(n−1)/2 normals; for m < n, F is n×m of
 * standard normals (A singular, q = m). m = 0 gives q = 0 (A = 0). Returns q.
 */
export function wishartFactor(n: i32, m: f64, F: usize, rs: i32, cs: i32, normals: Cursor, uniforms: Cursor): i32 {
  if (m < <f64>n) {
    const q = <i32>m;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < q; j++) store<f64>(F + (<usize>(i * rs + j * cs) << 3), cursorNext(normals));
    }
    return q;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) store<f64>(F + (<usize>(i * rs + j * cs) << 3), cursorNext(normals));
    store<f64>(F + (<usize>(i * rs + i * cs) << 3), Math.sqrt(chiSquare(m - <f64>i, normals, uniforms)));
    for (let j = i + 1; j < n; j++) store<f64>(F + (<usize>(i * rs + j * cs) << 3), 0.0);
  }
  return n;
}

/** Test-only: `count` χ²(ν) variates of the stream keyed (seed, index) into out; cursors in `work` (2·48 bytes + 2·64 doubles). */
export function reducedChiSquareCheck(seed: u32, index: u32, nu: f64, count: i32, out: usize, work: usize): void {
  const normals = changetype<Cursor>(work);
  const uniforms = changetype<Cursor>(work + CURSOR_BYTES);
  normals.own = work + 2 * CURSOR_BYTES;
  normals.cap = 64;
  normals.uniform = 0;
  uniforms.own = normals.own + 64 * 8;
  uniforms.cap = 64;
  uniforms.uniform = 1;
  cursorStart(normals, seed, 0x60000000, index, 64);
  cursorStart(uniforms, seed, 0x60000000, index, 64);
  for (let i = 0; i < count; i++) store<f64>(out + (<usize>i << 3), chiSquare(nu, normals, uniforms));
}
