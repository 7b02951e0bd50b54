// f32 and f32x4 elementary functions for the Gaussian generator (assembly/rng.ts).
//
// Why not NativeMathf: it is scalar only, and the SIMD build must produce the SAME BITS as the
// scalar build. Every function below therefore comes in two twins, `…x4(v128)` and `…(f32)`,
// that perform the same IEEE-754 single-precision operations (+, −, ×, ÷, sqrt, exact integer
// bit manipulation) in the same order, lane by lane. No fused multiply-add, no relaxed SIMD,
// no approximate reciprocal: each operation is correctly rounded in both builds, so the
// results are bit-identical.
//
// Polynomials: the Cephes single-precision kernels (S. L. Moshier, Cephes Math Library,
// logf.c and sinf.c), which are minimax fits for exactly these reduced ranges and are
// documented to ~1 ulp in IEEE single arithmetic. Measured here (test/rng.test.ts, exhaustive
// over the generator's inputs): log within 0.83 ulp of the exact value on (0, 1] (0.74 ulp on
// log-uniform points of (2^-126, 2^100)), sin within 0.76 ulp and cos within 0.98 ulp on [−π/4, π/4].

// ---------------------------------------------------------------------------------------
// log on (0, +inf) for normal inputs (the generator only feeds k·2^-24, k = 1 … 2^24).
// x = 2^e · m, m ∈ [√½, √2) after the Cephes adjustment, f = m − 1 exact (Sterbenz),
// log x = f − f²/2 + f³·P(f) + e·ln2, ln2 split in a short high part (exact e·hi) and a low part.

const SQRTHF: f32 = 0.707106781186547524;
const L0: f32 = 7.0376836292e-2;
const L1: f32 = -1.1514610310e-1;
const L2: f32 = 1.1676998740e-1;
const L3: f32 = -1.2420140846e-1;
const L4: f32 = 1.4249322787e-1;
const L5: f32 = -1.6668057665e-1;
const L6: f32 = 2.0000714765e-1;
const L7: f32 = -2.4999993993e-1;
const L8: f32 = 3.3333331174e-1;
const LN2_LO: f32 = -2.12194440e-4;
const LN2_HI: f32 = 0.693359375;

/** log x for four normal positive f32 lanes. */
// @ts-ignore: decorator
@inline export function logf32x4(x: v128): v128 {
  const bits = x;
  // frexp: mantissa in [0.5, 1), exponent e such that x = m·2^e
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126));
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const small = f32x4.lt(m, f32x4.splat(SQRTHF)); // all ones where m < √½
  e = i32x4.add(e, small); // e − 1 there
  const t = v128.bitselect(f32x4.add(m, m), m, small);
  const f = f32x4.sub(t, f32x4.splat(1.0));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(f, f);
  let p = f32x4.splat(L0);
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(L1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(L2));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(L3));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(L4));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(L5));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(L6));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(L7));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(L8));
  let y = f32x4.mul(f32x4.mul(p, f), z);
  y = f32x4.add(y, f32x4.mul(f32x4.splat(LN2_LO), fe));
  y = f32x4.add(y, f32x4.mul(f32x4.splat(-0.5), z));
  let r = f32x4.add(f, y);
  r = f32x4.add(r, f32x4.mul(f32x4.splat(LN2_HI), fe));
  return r;
}

/** Scalar twin of logf32x4: same operations, same order. */
// @ts-ignore: decorator
@inline export function logf32(x: f32): f32 {
  const bits = reinterpret<u32>(x);
  let e = <i32>(bits >>> 23) - 126;
  let m = reinterpret<f32>((bits & 0x007fffff) | 0x3f000000);
  let t = m;
  if (m < SQRTHF) {
    e -= 1;
    t = m + m;
  }
  const f = t - <f32>1.0;
  const fe = <f32>e;
  const z = f * f;
  let p = L0;
  p = p * f + L1;
  p = p * f + L2;
  p = p * f + L3;
  p = p * f + L4;
  p = p * f + L5;
  p = p * f + L6;
  p = p * f + L7;
  p = p * f + L8;
  let y = (p * f) * z;
  y = y + LN2_LO * fe;
  y = y + <f32>-0.5 * z;
  let r = f + y;
  r = r + LN2_HI * fe;
  return r;
}

// ---------------------------------------------------------------------------------------
// sin and cos on [−π/4, π/4] (the generator reduces its angle exactly by quadrant with
// integer bits, so no floating-point range reduction is needed).

const S0: f32 = -1.9515295891e-4;
const S1: f32 = 8.3321608736e-3;
const S2: f32 = -1.6666654611e-1;
const C0: f32 = 2.443315711809948e-5;
const C1: f32 = -1.388731625493765e-3;
const C2: f32 = 4.166664568298827e-2;

/** sin x, |x| ≤ π/4, four lanes. */
// @ts-ignore: decorator
@inline export function sinPif4x4(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(f32x4.splat(S0), z), f32x4.splat(S1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(S2));
  return f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
}

/** Scalar twin of sinPif4x4. */
// @ts-ignore: decorator
@inline export function sinPif4(x: f32): f32 {
  const z = x * x;
  let p = S0 * z + S1;
  p = p * z + S2;
  return (p * z) * x + x;
}

/** cos x, |x| ≤ π/4, four lanes. */
// @ts-ignore: decorator
@inline export function cosPif4x4(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(f32x4.splat(C0), z), f32x4.splat(C1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(C2));
  let y = f32x4.mul(f32x4.mul(p, z), z);
  y = f32x4.sub(y, f32x4.mul(f32x4.splat(0.5), z));
  return f32x4.add(y, f32x4.splat(1.0));
}

/** Scalar twin of cosPif4x4. */
// @ts-ignore: decorator
@inline export function cosPif4(x: f32): f32 {
  const z = x * x;
  let p = C0 * z + C1;
  p = p * z + C2;
  let y = (p * z) * z;
  y = y - <f32>0.5 * z;
  return y + <f32>1.0;
}

// ---------------------------------------------------------------------------------------
// Test-only kernels: apply the functions to n f32 inputs at `inp`, write n f32 at `out`.
// The SIMD build runs the x4 twin on groups of 4 (and the scalar twin on the tail), the scalar
// build the scalar twin, so that comparing the two builds checks the twins against each other.

export function logf32Check(inp: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      v128.store(out + (<usize>i << 2), logf32x4(v128.load(inp + (<usize>i << 2))));
    }
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), logf32(load<f32>(inp + (<usize>i << 2))));
}

export function sinf32Check(inp: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      v128.store(out + (<usize>i << 2), sinPif4x4(v128.load(inp + (<usize>i << 2))));
    }
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), sinPif4(load<f32>(inp + (<usize>i << 2))));
}

export function cosf32Check(inp: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      v128.store(out + (<usize>i << 2), cosPif4x4(v128.load(inp + (<usize>i << 2))));
    }
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), cosPif4(load<f32>(inp + (<usize>i << 2))));
}
