// Column-wise bytecode interpreter for target and activation expressions.
// The program comes from src/expr/compileExpression.ts; the opcode numbers below must match
// src/expr/opcodes.ts. A stack slot is a column of points, so the dispatch cost is paid once
// per instruction per block of CHUNK points, not per point. Slot 0 is the output itself, so a
// program's result needs no final copy; slots 1… live in `stack`. Points are processed in
// blocks of CHUNK so that every live column stays in L1 whatever `len` is.
//
// Determinism: every SIMD path does, lane by lane, the same IEEE operation as its scalar
// twin (add, sub, mul, div, min, max, sqrt, neg, abs, compares), so the `simd` and `scalar`
// builds give identical bits. Functions without a SIMD instruction (tanh, exp, log, sin, cos,
// erf, pow) run the same scalar code in both builds. No fused multiply-add anywhere.
// Kernels never allocate: all memory is owned by src/wasm/backend.ts.

const CHUNK: i32 = 512;

// Instructions (i32 words): opcode followed by its operands.
const OP_VAR: i32 = 1; // v            push column of variable v
const OP_CONST: i32 = 2; // c          push column filled with consts[c]
const OP_BIN_SS: i32 = 3; // op        pop b, pop a, push a op b
const OP_BIN_SSR: i32 = 4; // op       pop a, pop b, push a op b (left operand on top)
const OP_BIN_SC: i32 = 5; // op c      top = top op consts[c]
const OP_BIN_CS: i32 = 6; // op c      top = consts[c] op top
const OP_BIN_SV: i32 = 7; // op v      top = top op var v
const OP_BIN_VS: i32 = 8; // op v      top = var v op top
const OP_POWI: i32 = 9; // n           top = top^n by repeated multiplication (n may be < 0)
const OP_UN: i32 = 10; // fn           top = fn(top)
const OP_HE: i32 = 11; // n            top = He_n(top), probabilists' Hermite by recurrence
// Shared sub-expressions (computed once) live in slots above the deepest stack slot.
const OP_LOAD: i32 = 12; // s          push a copy of slot s
const OP_STORE: i32 = 13; // s         slot s = top (top stays)
const OP_BIN_SR: i32 = 14; // op s     top = top op slot s
const OP_BIN_RS: i32 = 15; // op s     top = slot s op top

const B_ADD: i32 = 0;
const B_SUB: i32 = 1;
const B_MUL: i32 = 2;
const B_DIV: i32 = 3;
const B_POW: i32 = 4;
const B_MIN: i32 = 5;
const B_MAX: i32 = 6;

const U_NEG: i32 = 0;
const U_ABS: i32 = 1;
const U_SQRT: i32 = 2;
const U_RELU: i32 = 3;
const U_STEP: i32 = 4;
const U_SIGN: i32 = 5;
const U_TANH: i32 = 6;
const U_EXP: i32 = 7;
const U_LOG: i32 = 8;
const U_SIN: i32 = 9;
const U_COS: i32 = 10;
const U_ERF: i32 = 11;

const TWO_OVER_SQRT_PI: f64 = 1.1283791670955126;
const SQRT_PI: f64 = 1.7724538509055159;

// ---------------------------------------------------------------------------------------
// erf: own implementation (no library has one). Accuracy measured against a 300-bit BigInt
// Taylor series (test/expr.erf.test.ts): max relative error about 1.2e-15 (~5 ulp) over
// [1e-30, 6.2], 2e-16 for |x| >= 2.5.
//  |x| < 2.5: erf x = 2/√π · x · e^{−x²} · Σ_{n≥0} (2x²)^n / (1·3·…·(2n+1))  (all terms positive,
//             no cancellation; summed until a term drops below 1e-17 of the sum);
//  2.5 ≤ |x| < 6: erfc x = e^{−x²} / (√π · (x + (1/2)/(x + 1/(x + (3/2)/(x + …))))), the
//             continued fraction (Abramowitz & Stegun 7.1.14) evaluated bottom-up with 25 terms;
//  |x| ≥ 6: ±1 (erfc 6 ≈ 2e-17 is below half an ulp of 1).
// e^{−x²} is computed as e^{−h²}·e^{−l(x+h)} with h = x with its low 32 bits cleared, so that
// h² is exact and the rounding of x² (error ~x²·ulp) never reaches the exponential.

@inline function expMinusSquare(x: f64): f64 {
  const hi = reinterpret<f64>(reinterpret<u64>(x) & 0xFFFFFFFF00000000);
  const lo = x - hi;
  return Math.exp(-(hi * hi)) * Math.exp(-(lo * (x + hi)));
}

export function erf64(x: f64): f64 {
  const ax = abs<f64>(x);
  if (!(ax < 6.0)) return ax != ax ? x : copysign<f64>(1.0, x);
  let r: f64;
  if (ax < 2.5) {
    const q = 2.0 * ax * ax;
    let term: f64 = 1.0;
    let sum: f64 = 1.0;
    let k: f64 = 1.0;
    while (true) {
      k += 2.0;
      term = term * (q / k);
      sum += term;
      if (term <= sum * 1e-17) break;
    }
    r = TWO_OVER_SQRT_PI * ax * expMinusSquare(ax) * sum;
  } else {
    let t = ax;
    for (let n = 25; n >= 1; n--) t = ax + (<f64>n * 0.5) / t;
    r = 1.0 - expMinusSquare(ax) / (SQRT_PI * t);
  }
  return copysign<f64>(r, x);
}

// ---------------------------------------------------------------------------------------
// Element operations. `op`/`fn` are constants after inlining, so each loop is specialised.

@inline function binS(op: i32, x: f64, y: f64): f64 {
  if (op == B_ADD) return x + y;
  if (op == B_SUB) return x - y;
  if (op == B_MUL) return x * y;
  if (op == B_DIV) return x / y;
  if (op == B_MIN) return canonicalNaN(min<f64>(x, y));
  if (op == B_MAX) return canonicalNaN(max<f64>(x, y));
  return powF(x, y);
}

/** x^y: repeated multiplication for integer |y| ≤ 64 (as OP_POWI and src/expr/powInt.ts), else pow. */
function powF(x: f64, y: f64): f64 {
  if (abs<f64>(y) <= 64.0 && floor<f64>(y) == y) {
    const e = <i32>y;
    const m = e < 0 ? -e : e;
    let r: f64 = m == 0 ? 1.0 : x;
    for (let k = 1; k < m; k++) r = r * x;
    return e < 0 ? 1.0 / r : r;
  }
  return Math.pow(x, y);
}

@inline function binV(op: i32, x: v128, y: v128): v128 {
  if (op == B_ADD) return f64x2.add(x, y);
  if (op == B_SUB) return f64x2.sub(x, y);
  if (op == B_MUL) return f64x2.mul(x, y);
  if (op == B_DIV) return f64x2.div(x, y);
  if (op == B_MIN) return canonicalNaNV(f64x2.min(x, y));
  return canonicalNaNV(f64x2.max(x, y));
}

// Engines may give f64.min/max and f64x2.min/max NaNs of different signs (V8 on x86 does), so
// every NaN they return is replaced by the one canonical quiet NaN, the same in both builds.
const CANONICAL_NAN: u64 = 0x7FF8000000000000;

@inline function canonicalNaN(r: f64): f64 {
  return r != r ? reinterpret<f64>(CANONICAL_NAN) : r;
}

@inline function canonicalNaNV(r: v128): v128 {
  return v128.bitselect(i64x2.splat(CANONICAL_NAN), r, f64x2.ne(r, r));
}

/** dst[i] = a[i] op b[i]; the pointers may alias. */
@inline function loopCC(op: i32, dst: usize, a: usize, b: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (op != B_POW) {
      for (; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        v128.store(dst + o, binV(op, v128.load(a + o), v128.load(b + o)));
      }
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(dst + o, binS(op, load<f64>(a + o), load<f64>(b + o)));
  }
}

/** dst[i] = a[i] op c (rev = false) or c op a[i] (rev = true). */
@inline function loopCK(op: i32, rev: bool, dst: usize, a: usize, c: f64, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (op != B_POW) {
      const cv = f64x2.splat(c);
      for (; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        const x = v128.load(a + o);
        v128.store(dst + o, rev ? binV(op, cv, x) : binV(op, x, cv));
      }
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const x = load<f64>(a + o);
    store<f64>(dst + o, rev ? binS(op, c, x) : binS(op, x, c));
  }
}

function binCols(op: i32, dst: usize, a: usize, b: usize, n: i32): void {
  switch (op) {
    case B_ADD: loopCC(B_ADD, dst, a, b, n); break;
    case B_SUB: loopCC(B_SUB, dst, a, b, n); break;
    case B_MUL: loopCC(B_MUL, dst, a, b, n); break;
    case B_DIV: loopCC(B_DIV, dst, a, b, n); break;
    case B_POW: loopCC(B_POW, dst, a, b, n); break;
    case B_MIN: loopCC(B_MIN, dst, a, b, n); break;
    default: loopCC(B_MAX, dst, a, b, n); break;
  }
}

function binColConst(op: i32, rev: bool, dst: usize, a: usize, c: f64, n: i32): void {
  if (rev) {
    switch (op) {
      case B_SUB: loopCK(B_SUB, true, dst, a, c, n); return;
      case B_DIV: loopCK(B_DIV, true, dst, a, c, n); return;
      case B_POW: loopCK(B_POW, true, dst, a, c, n); return;
      default: // the other operations are commutative, bit for bit
    }
  }
  switch (op) {
    case B_ADD: loopCK(B_ADD, false, dst, a, c, n); break;
    case B_SUB: loopCK(B_SUB, false, dst, a, c, n); break;
    case B_MUL: loopCK(B_MUL, false, dst, a, c, n); break;
    case B_DIV: loopCK(B_DIV, false, dst, a, c, n); break;
    case B_POW: loopCK(B_POW, false, dst, a, c, n); break;
    case B_MIN: loopCK(B_MIN, false, dst, a, c, n); break;
    default: loopCK(B_MAX, false, dst, a, c, n); break;
  }
}

@inline function unS(fn: i32, x: f64): f64 {
  if (fn == U_NEG) return -x;
  if (fn == U_ABS) return abs<f64>(x);
  if (fn == U_SQRT) return sqrt<f64>(x);
  if (fn == U_RELU) return canonicalNaN(max<f64>(x, 0.0));
  // step(0) = 0; NaN stays NaN so that a diverged run is never masked.
  if (fn == U_STEP) return x > 0 ? 1.0 : x <= 0 ? 0.0 : x;
  // sign(±0) = ±0, sign(NaN) = NaN (as Math.sign).
  if (fn == U_SIGN) return x > 0 ? 1.0 : x < 0 ? -1.0 : x;
  if (fn == U_TANH) return Math.tanh(x);
  if (fn == U_EXP) return Math.exp(x);
  if (fn == U_LOG) return Math.log(x);
  if (fn == U_SIN) return Math.sin(x);
  if (fn == U_COS) return Math.cos(x);
  return erf64(x);
}

@inline function unV(fn: i32, x: v128): v128 {
  if (fn == U_NEG) return f64x2.neg(x);
  if (fn == U_ABS) return f64x2.abs(x);
  if (fn == U_SQRT) return f64x2.sqrt(x);
  if (fn == U_RELU) return canonicalNaNV(f64x2.max(x, f64x2.splat(0.0)));
  if (fn == U_STEP) {
    const one = f64x2.splat(1.0);
    const zero = f64x2.splat(0.0);
    return v128.bitselect(one, v128.bitselect(zero, x, f64x2.le(x, zero)), f64x2.gt(x, zero));
  }
  // U_SIGN
  const zero = f64x2.splat(0.0);
  const inner = v128.bitselect(f64x2.splat(-1.0), x, f64x2.lt(x, zero));
  return v128.bitselect(f64x2.splat(1.0), inner, f64x2.gt(x, zero));
}

@inline function loopUn(fn: i32, p: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (fn <= U_SIGN) {
      for (; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        v128.store(p + o, unV(fn, v128.load(p + o)));
      }
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(p + o, unS(fn, load<f64>(p + o)));
  }
}

function unCol(fn: i32, p: usize, n: i32): void {
  switch (fn) {
    case U_NEG: loopUn(U_NEG, p, n); break;
    case U_ABS: loopUn(U_ABS, p, n); break;
    case U_SQRT: loopUn(U_SQRT, p, n); break;
    case U_RELU: loopUn(U_RELU, p, n); break;
    case U_STEP: loopUn(U_STEP, p, n); break;
    case U_SIGN: loopUn(U_SIGN, p, n); break;
    case U_TANH: loopUn(U_TANH, p, n); break;
    case U_EXP: loopUn(U_EXP, p, n); break;
    case U_LOG: loopUn(U_LOG, p, n); break;
    case U_SIN: loopUn(U_SIN, p, n); break;
    case U_COS: loopUn(U_COS, p, n); break;
    default: loopUn(U_ERF, p, n); break;
  }
}

/** x^m, m ≥ 1, as ((x·x)·x)·… left to right — the order src/expr/powInt.ts uses. */
function powiCol(p: usize, e: i32, n: i32): void {
  const m = e < 0 ? -e : e;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const one = f64x2.splat(1.0);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const x = v128.load(p + o);
      let r = m == 0 ? one : x;
      for (let k = 1; k < m; k++) r = f64x2.mul(r, x);
      if (e < 0) r = f64x2.div(one, r);
      v128.store(p + o, r);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const x = load<f64>(p + o);
    let r: f64 = m == 0 ? 1.0 : x;
    for (let k = 1; k < m; k++) r = r * x;
    if (e < 0) r = 1.0 / r;
    store<f64>(p + o, r);
  }
}

/** He_0 = 1, He_1 = x, He_{k+1} = x·He_k − k·He_{k−1} (docs/model.md §5: He₃ = x³ − 3x). */
function hermiteCol(p: usize, deg: i32, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const x = v128.load(p + o);
      let h0 = f64x2.splat(1.0);
      let h1 = x;
      if (deg == 0) h1 = h0;
      for (let k = 1; k < deg; k++) {
        const h2 = f64x2.sub(f64x2.mul(x, h1), f64x2.mul(f64x2.splat(<f64>k), h0));
        h0 = h1;
        h1 = h2;
      }
      v128.store(p + o, h1);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const x = load<f64>(p + o);
    let h0: f64 = 1.0;
    let h1: f64 = x;
    if (deg == 0) h1 = h0;
    for (let k = 1; k < deg; k++) {
      const h2 = x * h1 - <f64>k * h0;
      h0 = h1;
      h1 = h2;
    }
    store<f64>(p + o, h1);
  }
}

/** A plain loop: for the short columns of the fused kernels it beats a memory.copy call. */
function copyCol(dst: usize, src: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= n; i += 2) v128.store(dst + (<usize>i << 3), v128.load(src + (<usize>i << 3)));
  }
  for (; i < n; i++) store<f64>(dst + (<usize>i << 3), load<f64>(src + (<usize>i << 3)));
}

function fillCol(p: usize, c: f64, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const cv = f64x2.splat(c);
    for (; i + 2 <= n; i += 2) v128.store(p + (<usize>i << 3), cv);
  }
  for (; i < n; i++) store<f64>(p + (<usize>i << 3), c);
}

@inline function slotPtr(depth: i32, out: usize, stack: usize, colBytes: usize): usize {
  return depth == 0 ? out : stack + <usize>(depth - 1) * colBytes;
}

/**
 * Evaluates a compiled program at `len` points.
 * code: i32[codeLen]; consts: f64[]; variable v at point i is f64 at vars + 8*(v*varStride + i);
 * out: f64[len]; stack: f64 scratch of maxStack*len doubles (at most (maxStack−1)*min(len, 512)
 * are touched). `out` and `stack` must not overlap the variables (out is written before the
 * last read of a variable).
 */
export function evalProgram(
  code: usize,
  codeLen: i32,
  consts: usize,
  vars: usize,
  varStride: i32,
  len: i32,
  out: usize,
  stack: usize,
): void {
  const varBytes = <usize>varStride << 3;
  for (let i0 = 0; i0 < len; i0 += CHUNK) {
    const n = min<i32>(CHUNK, len - i0);
    const colBytes = <usize>n << 3;
    const o = out + (<usize>i0 << 3);
    const vb = vars + (<usize>i0 << 3);
    let depth = 0;
    let pc = 0;
    while (pc < codeLen) {
      const op = load<i32>(code + (<usize>pc << 2));
      const arg = load<i32>(code + (<usize>(pc + 1) << 2));
      switch (op) {
        case OP_VAR: {
          copyCol(slotPtr(depth, o, stack, colBytes), vb + <usize>arg * varBytes, n);
          depth++;
          pc += 2;
          break;
        }
        case OP_CONST: {
          fillCol(slotPtr(depth, o, stack, colBytes), load<f64>(consts + (<usize>arg << 3)), n);
          depth++;
          pc += 2;
          break;
        }
        case OP_BIN_SS: {
          const a = slotPtr(depth - 2, o, stack, colBytes);
          binCols(arg, a, a, slotPtr(depth - 1, o, stack, colBytes), n);
          depth--;
          pc += 2;
          break;
        }
        case OP_BIN_SSR: {
          const b = slotPtr(depth - 2, o, stack, colBytes);
          binCols(arg, b, slotPtr(depth - 1, o, stack, colBytes), b, n);
          depth--;
          pc += 2;
          break;
        }
        case OP_BIN_SC:
        case OP_BIN_CS: {
          const c = load<f64>(consts + (<usize>load<i32>(code + (<usize>(pc + 2) << 2)) << 3));
          const t = slotPtr(depth - 1, o, stack, colBytes);
          binColConst(arg, op == OP_BIN_CS, t, t, c, n);
          pc += 3;
          break;
        }
        case OP_BIN_SV: {
          const v = vb + <usize>load<i32>(code + (<usize>(pc + 2) << 2)) * varBytes;
          const t = slotPtr(depth - 1, o, stack, colBytes);
          binCols(arg, t, t, v, n);
          pc += 3;
          break;
        }
        case OP_BIN_VS: {
          const v = vb + <usize>load<i32>(code + (<usize>(pc + 2) << 2)) * varBytes;
          const t = slotPtr(depth - 1, o, stack, colBytes);
          binCols(arg, t, v, t, n);
          pc += 3;
          break;
        }
        case OP_LOAD: {
          copyCol(slotPtr(depth, o, stack, colBytes), slotPtr(arg, o, stack, colBytes), n);
          depth++;
          pc += 2;
          break;
        }
        case OP_STORE: {
          copyCol(slotPtr(arg, o, stack, colBytes), slotPtr(depth - 1, o, stack, colBytes), n);
          pc += 2;
          break;
        }
        case OP_BIN_SR:
        case OP_BIN_RS: {
          const r = slotPtr(load<i32>(code + (<usize>(pc + 2) << 2)), o, stack, colBytes);
          const t = slotPtr(depth - 1, o, stack, colBytes);
          if (op == OP_BIN_SR) binCols(arg, t, t, r, n);
          else binCols(arg, t, r, t, n);
          pc += 3;
          break;
        }
        case OP_POWI: {
          powiCol(slotPtr(depth - 1, o, stack, colBytes), arg, n);
          pc += 2;
          break;
        }
        case OP_UN: {
          unCol(arg, slotPtr(depth - 1, o, stack, colBytes), n);
          pc += 2;
          break;
        }
        case OP_HE: {
          hermiteCol(slotPtr(depth - 1, o, stack, colBytes), arg, n);
          pc += 2;
          break;
        }
        default:
          // Unknown opcode: the TS compiler never emits one; stop rather than loop forever.
          return;
      }
    }
  }
}
