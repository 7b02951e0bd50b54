// Counter-keyed Gaussian generator: every row of data (and every block of normals for
// initialisation, Monte Carlo or label noise) is a pure function of its key, so rows can be
// generated in any order, in any grouping, on any thread, with identical bits.
//
// Design
//  1. Key → state. A key is (domain, seed, stream, index): domain 1 = data rows (stream =
//     batch, index = row μ), domain 2 = free blocks (normalBlock). For each of the 4 SIMD
//     lanes L the 128-bit counter
//         c = ( seed·2^32 + stream ,  index·2^32 + domain·2^8 + L )
//     is encrypted with Threefry-2x64-20 (Salmon, Moraes, Dror, Shaw, "Parallel random
//     numbers: as easy as 1, 2, 3", SC'11; checked against the Random123 known answers in
//     test/rng.test.ts) under a fixed library key. The 128-bit ciphertext is lane L's
//     xoshiro128++ state.
//  2. State → bits. Each lane runs xoshiro128++ (Blackman & Vigna, "Scrambled linear
//     pseudorandom number generators", ACM TOMS 2021), the four lanes side by side in one
//     i32x4 — about a dozen integer SIMD operations per 4 × 32 bits.
//  3. Bits → normals. Box–Muller in f32: per lane, two successive outputs a, b give
//     u = (⌊a/2^8⌋ + 1)·2^-24 ∈ (0, 1] (never 0, so log is finite; 24 bits, exact in f32),
//     R = √(−2 log u), and an angle θ = 2π(t/2^24 − 1/8) with t = ⌊b/2^8⌋, reduced EXACTLY with
//     integer bits: quadrant q = t >> 22 and φ = (π/2)(t mod 2^22 − 2^21)/2^22 ∈ [−π/4, π/4),
//     so cos θ, sin θ are ±cos φ, ±sin φ swapped by q (the −π/4 shift is a rotation and
//     leaves a uniform angle uniform). Output order per 8 normals: R·cos θ of lanes 0…3,
//     then R·sin θ of lanes 0…3. log, sin and cos are the polynomial twins of
//     assembly/mathf32.ts, so the scalar build computes the same bits as the SIMD build.
//
// Quality argument
//  - Threefry-2x64 with 20 rounds is a bijection of the 128-bit counter for a fixed key and
//    passes TestU01 BigCrush as a counter-based generator with a wide safety margin (13
//    rounds already pass). Hence distinct keys (seed, stream, index, domain, lane) give
//    DISTINCT xoshiro states — guaranteed, not just likely — and these states behave as
//    independent uniform 128-bit draws: there is no structure (such as consecutive or
//    low-Hamming-distance seeds) for xoshiro's linear engine to propagate.
//  - xoshiro128++ has period 2^128 − 1 and passes BigCrush. A row of d normals uses about
//    d/4 outputs per lane; the chance that any two of N rows' segments overlap on the cycle is
//    below N²·(d/4)/2^127 — for 10^12 rows of d = 10^6 about 10^-8.
//  - The domain byte keeps data rows and normalBlock streams from ever sharing a counter.
//  - Box–Muller with a 24-bit uniform radius variable: the tail is exact down to
//    P(u = 2^-24), i.e. |x| ≤ √(2·24·ln 2) ≈ 5.77; beyond that the grid cuts it off (a
//    probability of 6·10^-8 per pair, invisible in any use here). The angle grid of 2^24
//    points is far finer than f32 resolution of the outputs.
//
// No managed allocation anywhere (the minimal AssemblyScript runtime never frees): all state lives in locals.

import { logf32x4, logf32, sinPif4x4, sinPif4, cosPif4x4, cosPif4 } from './mathf32';

const DOMAIN_ROWS: u64 = 1;
const DOMAIN_BLOCK: u64 = 2;
const DOMAIN_UNIFORM: u64 = 3;

// Library key for Threefry ("multipass-gd" has no meaning beyond being fixed forever:
// changing it changes every dataset).
const KEY0: u64 = 0x6d756c7469706173; // "multipas"
const KEY1: u64 = 0x732d67642d726e67; // "s-gd-rng"
const KS_PARITY: u64 = 0x1bd11bdaa9fc1a22;

// Results of threefry() (module globals are plain static memory, not managed allocation;
// the generator is reentrant-free by design: one WASM instance per thread).
let tfOut0: u64 = 0;
let tfOut1: u64 = 0;

/** Threefry-2x64-20 (rotations R_64x2 = 16 42 12 31 16 32 24 21, key injection every 4 rounds) of counter (c0, c1) under key (k0, k1); result in tfOut0, tfOut1. */
function threefry(c0: u64, c1: u64, k0: u64, k1: u64): void {
  const k2 = KS_PARITY ^ k0 ^ k1;
  let x0 = c0 + k0;
  let x1 = c1 + k1;
  // rounds 0–3
  x0 += x1; x1 = rotl<u64>(x1, 16); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 42); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 12); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 31); x1 ^= x0;
  x0 += k1; x1 += k2 + 1;
  // rounds 4–7
  x0 += x1; x1 = rotl<u64>(x1, 16); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 32); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 24); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 21); x1 ^= x0;
  x0 += k2; x1 += k0 + 2;
  // rounds 8–11
  x0 += x1; x1 = rotl<u64>(x1, 16); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 42); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 12); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 31); x1 ^= x0;
  x0 += k0; x1 += k1 + 3;
  // rounds 12–15
  x0 += x1; x1 = rotl<u64>(x1, 16); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 32); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 24); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 21); x1 ^= x0;
  x0 += k1; x1 += k2 + 4;
  // rounds 16–19
  x0 += x1; x1 = rotl<u64>(x1, 16); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 42); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 12); x1 ^= x0;
  x0 += x1; x1 = rotl<u64>(x1, 31); x1 ^= x0;
  x0 += k2; x1 += k0 + 5;
  tfOut0 = x0;
  tfOut1 = x1;
}

/**
 * Writes lane L's xoshiro128++ state (4 × u32: s0, s1, s2, s3) for key (domain, seed, stream,
 * index) into tfOut0 (s0 low, s1 high) and tfOut1 (s2 low, s3 high).
 */
// @ts-ignore: decorator
@inline function laneState(domain: u64, seed: u32, stream: u32, index: u32, lane: u64): void {
  threefry((<u64>seed << 32) | <u64>stream, (<u64>index << 32) | (domain << 8) | lane, KEY0, KEY1);
  // The all-zero state is xoshiro's one fixed point; exactly one counter maps to it.
  if ((tfOut0 | tfOut1) == 0) tfOut0 = 1;
}

// Angle scale: φ = (t mod 2^22 − 2^21) · (π/2)/2^22, |φ| ≤ π/4.
const ANGLE_SCALE: f32 = <f32>(1.5707963267948966 / 4194304.0);
const U_SCALE: f32 = <f32>(1.0 / 16777216.0); // 2^-24

// ---------------------------------------------------------------------------------------
// SIMD path

// @ts-ignore: decorator
@inline function storeTail(p: usize, v: v128, n: i32, f64out: i32): void {
  // stores the first n (0…4) lanes of v
  if (f64out) {
    if (n > 0) store<f64>(p, <f64>f32x4.extract_lane(v, 0));
    if (n > 1) store<f64>(p + 8, <f64>f32x4.extract_lane(v, 1));
    if (n > 2) store<f64>(p + 16, <f64>f32x4.extract_lane(v, 2));
    if (n > 3) store<f64>(p + 24, <f64>f32x4.extract_lane(v, 3));
  } else {
    if (n > 0) store<f32>(p, f32x4.extract_lane(v, 0));
    if (n > 1) store<f32>(p + 4, f32x4.extract_lane(v, 1));
    if (n > 2) store<f32>(p + 8, f32x4.extract_lane(v, 2));
    if (n > 3) store<f32>(p + 12, f32x4.extract_lane(v, 3));
  }
}

// @ts-ignore: decorator
@inline function store4(p: usize, v: v128, f64out: i32): void {
  if (f64out) {
    v128.store(p, f64x2.promote_low_f32x4(v));
    v128.store(p + 16, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
  } else {
    v128.store(p, v);
  }
}

function genSimd(domain: u64, seed: u32, stream: u32, index: u32, count: i32, out: usize, f64out: i32): void {
  laneState(domain, seed, stream, index, 0);
  let s0 = i64x2.splat(0), s1 = i64x2.splat(0), s2 = i64x2.splat(0), s3 = i64x2.splat(0);
  s0 = i32x4.replace_lane(s0, 0, <i32>tfOut0);
  s1 = i32x4.replace_lane(s1, 0, <i32>(tfOut0 >>> 32));
  s2 = i32x4.replace_lane(s2, 0, <i32>tfOut1);
  s3 = i32x4.replace_lane(s3, 0, <i32>(tfOut1 >>> 32));
  laneState(domain, seed, stream, index, 1);
  s0 = i32x4.replace_lane(s0, 1, <i32>tfOut0);
  s1 = i32x4.replace_lane(s1, 1, <i32>(tfOut0 >>> 32));
  s2 = i32x4.replace_lane(s2, 1, <i32>tfOut1);
  s3 = i32x4.replace_lane(s3, 1, <i32>(tfOut1 >>> 32));
  laneState(domain, seed, stream, index, 2);
  s0 = i32x4.replace_lane(s0, 2, <i32>tfOut0);
  s1 = i32x4.replace_lane(s1, 2, <i32>(tfOut0 >>> 32));
  s2 = i32x4.replace_lane(s2, 2, <i32>tfOut1);
  s3 = i32x4.replace_lane(s3, 2, <i32>(tfOut1 >>> 32));
  laneState(domain, seed, stream, index, 3);
  s0 = i32x4.replace_lane(s0, 3, <i32>tfOut0);
  s1 = i32x4.replace_lane(s1, 3, <i32>(tfOut0 >>> 32));
  s2 = i32x4.replace_lane(s2, 3, <i32>tfOut1);
  s3 = i32x4.replace_lane(s3, 3, <i32>(tfOut1 >>> 32));

  const sh = f64out ? 3 : 2;
  const one = i32x4.splat(1);
  const mant = i32x4.splat(0x3fffff);
  const half = i32x4.splat(0x200000);
  const uScale = f32x4.splat(U_SCALE);
  const aScale = f32x4.splat(ANGLE_SCALE);
  const minus2 = f32x4.splat(-2.0);
  for (let j = 0; j < count; j += 8) {
    // xoshiro128++ step → a
    let a = i32x4.add(s0, s3);
    a = i32x4.add(v128.or(i32x4.shl(a, 7), i32x4.shr_u(a, 25)), s0);
    let t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0);
    s3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, s2);
    s0 = v128.xor(s0, s3);
    s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));
    // xoshiro128++ step → b
    let b = i32x4.add(s0, s3);
    b = i32x4.add(v128.or(i32x4.shl(b, 7), i32x4.shr_u(b, 25)), s0);
    t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0);
    s3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, s2);
    s0 = v128.xor(s0, s3);
    s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));

    // radius
    const u = f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(a, 8), one)), uScale);
    const r = f32x4.sqrt(f32x4.mul(minus2, logf32x4(u)));
    // angle
    const tb = i32x4.shr_u(b, 8);
    const q = i32x4.shr_u(tb, 22);
    const phi = f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(v128.and(tb, mant), half)), aScale);
    const sn = sinPif4x4(phi);
    const cs = cosPif4x4(phi);
    const swap = i32x4.neg(v128.and(q, one)); // all ones for odd quadrants
    const cosSign = i32x4.shl(v128.and(i32x4.add(q, one), i32x4.splat(2)), 30);
    const sinSign = i32x4.shl(v128.and(q, i32x4.splat(2)), 30);
    const c = v128.xor(v128.bitselect(sn, cs, swap), cosSign);
    const s = v128.xor(v128.bitselect(cs, sn, swap), sinSign);
    const x0 = f32x4.mul(r, c);
    const x1 = f32x4.mul(r, s);

    const p = out + (<usize>j << sh);
    const left = count - j;
    if (left >= 8) {
      store4(p, x0, f64out);
      store4(p + (<usize>4 << sh), x1, f64out);
    } else if (left > 4) {
      store4(p, x0, f64out);
      storeTail(p + (<usize>4 << sh), x1, left - 4, f64out);
    } else {
      storeTail(p, x0, left, f64out);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Scalar path: each lane's stream is run on its own (lane L feeds positions 8j + L and
// 8j + 4 + L), with exactly the operations of the SIMD lanes.

// @ts-ignore: decorator
@inline function storeOne(p: usize, v: f32, f64out: i32): void {
  if (f64out) store<f64>(p, <f64>v);
  else store<f32>(p, v);
}

function genScalar(domain: u64, seed: u32, stream: u32, index: u32, count: i32, out: usize, f64out: i32): void {
  const sh = f64out ? 3 : 2;
  for (let lane = 0; lane < 4; lane++) {
    laneState(domain, seed, stream, index, <u64>lane);
    let s0 = <u32>tfOut0, s1 = <u32>(tfOut0 >>> 32), s2 = <u32>tfOut1, s3 = <u32>(tfOut1 >>> 32);
    for (let j = 0; j < count; j += 8) {
      const a = rotl<u32>(s0 + s3, 7) + s0;
      let t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
      const b = rotl<u32>(s0 + s3, 7) + s0;
      t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);

      const u = <f32>(<i32>((a >>> 8) + 1)) * U_SCALE;
      const r = Mathf.sqrt(<f32>-2.0 * logf32(u));
      const tb = b >>> 8;
      const q = tb >>> 22;
      const phi = <f32>(<i32>(tb & 0x3fffff) - 0x200000) * ANGLE_SCALE;
      const sn = sinPif4(phi);
      const cs = cosPif4(phi);
      const odd = (q & 1) != 0;
      const cosSign = ((q + 1) & 2) << 30;
      const sinSign = (q & 2) << 30;
      const c = reinterpret<f32>(reinterpret<u32>(odd ? sn : cs) ^ cosSign);
      const s = reinterpret<f32>(reinterpret<u32>(odd ? cs : sn) ^ sinSign);
      const x0 = r * c;
      const x1 = r * s;
      const k0 = j + lane;
      const k1 = j + 4 + lane;
      if (k0 < count) storeOne(out + (<usize>k0 << sh), x0, f64out);
      if (k1 < count) storeOne(out + (<usize>k1 << sh), x1, f64out);
    }
  }
}

// @ts-ignore: decorator
@inline function gen(domain: u64, seed: u32, stream: u32, index: u32, count: i32, out: usize, f64out: i32): void {
  if (count <= 0) return;
  if (ASC_FEATURE_SIMD) genSimd(domain, seed, stream, index, count, out, f64out);
  else genScalar(domain, seed, stream, index, count, out, f64out);
}

// ---------------------------------------------------------------------------------------
// Exported kernels

/**
 * Rows rowStart … rowStart+rowCount−1 of batch `batch`: row μ at out + (μ−rowStart)·ld·(4|8)
 * bytes, d standard normals then ld−d zeros. f64out = 1 widens the same f32 values to f64.
 * Row μ depends only on (seed, batch, μ).
 */
export function normalRows(seed: u32, batch: u32, rowStart: i32, rowCount: i32, d: i32, ld: i32, out: usize, f64out: i32): void {
  const sh = f64out ? 3 : 2;
  for (let i = 0; i < rowCount; i++) {
    const row = out + ((<usize>i * <usize>ld) << sh);
    gen(DOMAIN_ROWS, seed, batch, <u32>(rowStart + i), d, row, f64out);
    for (let k = d; k < ld; k++) {
      if (f64out) store<f64>(row + (<usize>k << 3), 0.0);
      else store<f32>(row + (<usize>k << 2), 0.0);
    }
  }
}

/**
 * `count` standard normals of the stream keyed (seed, stream, index) (a domain apart from
 * normalRows). Prefix property: a shorter call gives a prefix of a longer one.
 */
export function normalBlock(seed: u32, stream: u32, index: u32, count: i32, out: usize, f64out: i32): void {
  gen(DOMAIN_BLOCK, seed, stream, index, count, out, f64out);
}

/**
 * `count` float64 uniforms in (0, 1) of the stream keyed (seed, stream, index), a key domain
 * apart from normalRows and normalBlock (for rejection samplers, e.g. the gamma variates of
 * assembly/reducedRandom.ts). Lane 0's xoshiro128++ state of the key (as above) gives two
 * 32-bit outputs a, b per uniform: u = (⌊a/2^6⌋·2^26 + ⌊b/2^6⌋ + ½)·2^-52: 52 random bits, and
 * the + ½ is exact (53 bits), so u is never 0 or 1. Scalar in both builds, so both give the same bits. Prefix property
 * as normalBlock.
 */
export function uniformBlock(seed: u32, stream: u32, index: u32, count: i32, out: usize): void {
  laneState(DOMAIN_UNIFORM, seed, stream, index, 0);
  // The xoshiro128++ step of genScalar, written out again: the state stays in four locals
  // (an AssemblyScript function returns one value, and globals would leave the registers).
  let s0 = <u32>tfOut0, s1 = <u32>(tfOut0 >>> 32), s2 = <u32>tfOut1, s3 = <u32>(tfOut1 >>> 32);
  for (let j = 0; j < count; j++) {
    const a = rotl<u32>(s0 + s3, 7) + s0;
    let t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
    const b = rotl<u32>(s0 + s3, 7) + s0;
    t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
    const bits = (<u64>(a >>> 6) << 26) | <u64>(b >>> 6);
    store<f64>(out + (<usize>j << 3), (<f64>bits + 0.5) * 2.220446049250313e-16);
  }
}

/** Test-only: Threefry-2x64-20; reads (c0, c1, k0, k1) as u64 at inp, writes 2 × u64 at out. */
export function threefryCheck(inp: usize, out: usize): void {
  threefry(load<u64>(inp), load<u64>(inp + 8), load<u64>(inp + 16), load<u64>(inp + 24));
  store<u64>(out, tfOut0);
  store<u64>(out + 8, tfOut1);
}

/** Test-only: the four lanes' xoshiro128++ states (16 × u32, lane-major) of a key. */
export function rngStateCheck(domain: u32, seed: u32, stream: u32, index: u32, out: usize): void {
  for (let lane = 0; lane < 4; lane++) {
    laneState(<u64>domain, seed, stream, index, <u64>lane);
    store<u64>(out + (<usize>lane << 4), tfOut0);
    store<u64>(out + (<usize>lane << 4) + 8, tfOut1);
  }
}

// The scalar accuracy checks of assembly/mathf32.ts ride on this module's export line.
export { logf32Check, sinf32Check, cosf32Check } from './mathf32';
