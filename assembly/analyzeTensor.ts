// Hermite coefficients and Hermite tensors of a target (docs/model.md §7, single-pass leap
// staircase; Abbe et al. 2023, Ben Arous et al. 2021): c_α = E[f*(z) He_α(z)] on a product
// quadrature grid by contracting one axis at a time (cost ~ points·(degree+1) instead of
// points·#multi-indices), then the full symmetric order-ℓ tensors T_ℓ[i1…iℓ] = c_{α(i)},
// their rotation into an orthonormal basis, the unfolding matrices that decide which new
// directions a leap of size ℓ reaches, and contractions T_ℓ(v,…,v) = E[f* He_ℓ(v·z)].
// Plain scalar f64 code (no FMA): SIMD and scalar builds give identical bits. No allocation.
import { evalProgram } from './expr';

@inline function ld(p: usize, i: i64): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}

@inline function st(p: usize, i: i64, x: f64): void {
  store<f64>(p + ((<usize>i) << 3), x);
}

/** |z| beyond which a quadrature point counts as tail (P(|z| > 6) = 2e-9). */
const TAIL: f64 = 6.0;

@inline function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}

/** out[a·m + i] = w_i He_a(x_i) for a = 0…deg (He by the recurrence of assembly/expr.ts). */
export function analyzeHermiteRows(nodes: usize, weights: usize, m: i32, deg: i32, out: usize): void {
  for (let i = 0; i < m; i++) {
    const x = ld(nodes, i);
    const w = ld(weights, i);
    st(out, i, w);
    if (deg < 1) continue;
    st(out, m + i, w * x);
    let h0: f64 = 1.0;
    let h1: f64 = x;
    for (let a = 2; a <= deg; a++) {
      const h2 = x * h1 - (<f64>(a - 1)) * h0;
      h0 = h1;
      h1 = h2;
      st(out, <i64>a * m + i, w * h2);
    }
  }
}

/** out[p][a][q] = Σ_i h[a][i] · in[p][i][q]  (in: pre×m×post, h: nA×m, out: pre×nA×post). */
export function analyzeModeProduct(inp: usize, out: usize, pre: i32, m: i32, post: i32, h: usize, nA: i32): void {
  for (let p = 0; p < pre; p++) {
    for (let a = 0; a < nA; a++) {
      const ob = (<i64>p * nA + a) * post;
      for (let q = 0; q < post; q++) st(out, ob + q, 0.0);
      for (let i = 0; i < m; i++) {
        const c = ld(h, <i64>a * m + i);
        const ib = (<i64>p * m + i) * post;
        for (let q = 0; q < post; q++) st(out, ob + q, ld(out, ob + q) + c * ld(inp, ib + q));
      }
    }
  }
}

/**
 * Evaluates the target at points start … start+count−1 of the product grid whose axis v has
 * mAxes[v] nodes (axis k−1 fastest; nodes and weights of all axes concatenated), writing
 * f* into out[0…count). acc (4 doubles) accumulates Σ w f*, Σ w f*², the number of points
 * where f* is not finite, and the tail part of Σ w f*² (points with some |z_v| > TAIL): a
 * target of finite variance and polynomial growth has almost none of E f*² out there, one
 * of infinite variance (exp(z1²/4)) a share that does not shrink.
 */
export function analyzeGridEval(
  code: usize, codeLen: i32, consts: usize, nodes: usize, weights: usize, mAxes: usize, k: i32,
  start: i64, count: i32, vars: usize, stack: usize, out: usize, acc: usize,
): void {
  for (let i = 0; i < count; i++) {
    let idx = start + i;
    let off = 0;
    for (let v = 0; v < k; v++) off += ldi(mAxes, v);
    for (let v = k - 1; v >= 0; v--) {
      const m = ldi(mAxes, v);
      off -= m;
      const d = <i32>(idx % m);
      idx /= m;
      st(vars, <i64>v * count + i, ld(nodes, off + d));
    }
  }
  evalProgram(code, codeLen, consts, vars, count, count, out, stack);
  let s1 = ld(acc, 0);
  let s2 = ld(acc, 1);
  let bad = ld(acc, 2);
  let tail = ld(acc, 3);
  for (let i = 0; i < count; i++) {
    let idx = start + i;
    let far = false;
    for (let v = 0; v < k; v++) if (abs<f64>(ld(vars, <i64>v * count + i)) > TAIL) far = true;
    let off = 0;
    for (let v = 0; v < k; v++) off += ldi(mAxes, v);
    let w: f64 = 1.0;
    for (let v = k - 1; v >= 0; v--) {
      const m = ldi(mAxes, v);
      off -= m;
      const d = <i32>(idx % m);
      idx /= m;
      w *= ld(weights, off + d);
    }
    const y = ld(out, i);
    if (!isFinite<f64>(y)) {
      bad += 1.0;
      continue;
    }
    s1 += w * y;
    const e = w * y * y;
    s2 += e;
    if (far) tail += e;
  }
  st(acc, 0, s1);
  st(acc, 1, s2);
  st(acc, 2, bad);
  st(acc, 3, tail);
}

/**
 * The full symmetric tensor T_ℓ (k^ℓ entries, first index slowest) from the coefficient array
 * c of shape (deg+1)^k (α_1 slowest): T_ℓ[i1…iℓ] = c_α with α_v = #{m : i_m = v}. ℓ ≤ deg.
 */
export function analyzeFullTensor(c: usize, deg: i32, k: i32, l: i32, out: usize): void {
  let size: i64 = 1;
  for (let m = 0; m < l; m++) size *= k;
  for (let s: i64 = 0; s < size; s++) {
    let rest = s;
    let idx: i64 = 0;
    for (let m = 0; m < l; m++) {
      const digit = <i32>(rest % k);
      rest /= k;
      let pw: i64 = 1;
      for (let v = k - 1; v > digit; v--) pw *= deg + 1;
      idx += pw;
    }
    st(out, s, ld(c, idx));
  }
}

/**
 * Rotates the order-l tensor t (k^l entries) into the basis whose vectors are the columns of Q:
 * out[j1…jl] = Σ_i Q[i1][j1]…Q[il][jl] t[i1…il]; qt holds Qᵀ (qt[a·k + i] = Q[i][a]).
 * scratch holds k^l doubles; t must differ from out and scratch.
 */
export function analyzeTensorModes(t: usize, l: i32, k: i32, qt: usize, out: usize, scratch: usize): void {
  if (l == 0) {
    st(out, 0, ld(t, 0));
    return;
  }
  let src = t;
  let pre: i32 = 1;
  for (let m = 0; m < l; m++) {
    let post: i32 = 1;
    for (let r = m + 1; r < l; r++) post *= k;
    const dst = (l - 1 - m) % 2 == 0 ? out : scratch;
    analyzeModeProduct(src, dst, pre, k, post, qt, k);
    src = dst;
    pre *= k;
  }
}

/**
 * Leap matrix of a rotated order-l tensor t (basis: r learnt directions first, then the k − r
 * unlearnt ones): adds to nmat ((k−r)×(k−r)) the sum, over index sequences whose first index
 * a is unlearnt and whose other l−1 indices contain exactly lnew − 1 unlearnt ones, of
 * t[a, rest] t[c, rest] / l!. Its range is the set of new directions reached by a leap of
 * size lnew given the learnt ones; its trace is the energy of those Hermite components.
 */
export function analyzeLeapMatrix(t: usize, l: i32, k: i32, r: i32, lnew: i32, nmat: usize): void {
  const kw = k - r;
  let K: i64 = 1;
  for (let m = 1; m < l; m++) K *= k;
  let fact: f64 = 1.0;
  for (let m = 2; m <= l; m++) fact *= <f64>m;
  const w = 1.0 / fact;
  for (let rest: i64 = 0; rest < K; rest++) {
    let x = rest;
    let cnt = 0;
    for (let m = 1; m < l; m++) {
      if (<i32>(x % k) >= r) cnt++;
      x /= k;
    }
    if (cnt != lnew - 1) continue;
    for (let a = 0; a < kw; a++) {
      const ta = ld(t, <i64>(r + a) * K + rest);
      for (let c = 0; c < kw; c++) {
        const o = <i64>a * kw + c;
        st(nmat, o, ld(nmat, o) + w * ta * ld(t, <i64>(r + c) * K + rest));
      }
    }
  }
}

/** T_l(v, …, v) = Σ t[i1…il] v[i1]…v[il]; scratch holds k^l doubles. */
export function analyzeContract(t: usize, l: i32, k: i32, v: usize, scratch: usize): f64 {
  let len: i64 = 1;
  for (let m = 0; m < l; m++) len *= k;
  for (let i: i64 = 0; i < len; i++) st(scratch, i, ld(t, i));
  for (let m = 0; m < l; m++) {
    len /= k;
    for (let p: i64 = 0; p < len; p++) {
      let s: f64 = 0.0;
      for (let i = 0; i < k; i++) s += ld(scratch, p * k + i) * ld(v, i);
      st(scratch, p, s);
    }
  }
  return ld(scratch, 0);
}

/**
 * Hermite gradient Gram of an order-l tensor t (k^l entries, l ≥ 1): adds to nmat (k×k)
 * (1/(l−1)!) Σ_rest t[a, rest] t[c, rest], the degree-l part of E[∇f ∇fᵀ] =
 * Σ_β c_{β+e_a} c_{β+e_c} / β! (each multi-index β of size l−1 is hit by (l−1)!/β! index
 * sequences `rest`). Defined from the coefficients alone, so for non-smooth f too.
 */
export function analyzeGradientGram(t: usize, l: i32, k: i32, nmat: usize): void {
  let K: i64 = 1;
  for (let m = 1; m < l; m++) K *= k;
  let fact: f64 = 1.0;
  for (let m = 2; m < l; m++) fact *= <f64>m;
  const w = 1.0 / fact;
  for (let rest: i64 = 0; rest < K; rest++) {
    for (let a = 0; a < k; a++) {
      const ta = ld(t, <i64>a * K + rest);
      for (let c = 0; c < k; c++) {
        const o = <i64>a * k + c;
        st(nmat, o, ld(nmat, o) + w * ta * ld(t, <i64>c * K + rest));
      }
    }
  }
}
