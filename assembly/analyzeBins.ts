// Conditional moments for the multi-pass levels (docs/model.md §7; Dandi et al. 2024, arXiv
// 2402.03220): points (z, w) of a quadrature grid or a Monte-Carlo sample, labels
// y = f*(z), quantile bins of y (discrete values of y keep their own bins; equal values are
// never split, so symmetries of the target and of the rule survive the binning) joint with
// quantile bins of the learnt fields z_U, and per bin the weighted sums of the Hermite
// products He_α(z_⊥) of the unlearnt coordinates. From them the order-j matrices
// A_j = Σ_b P(b) unfold(E[He_j(z_⊥)|b]) unfold(…)ᵀ whose ranges are the directions with a
// non-zero conditional moment of order j (j = 1: the next level U_{i+1}), and the expected
// contribution of sampling noise to their diagonals (the Monte-Carlo floor).
// Plain scalar f64 code (no FMA), no allocation; all orders of summation are fixed.
import { evalProgram } from './expr';

@inline function ld(p: usize, i: i64): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}

@inline function st(p: usize, i: i64, x: f64): void {
  store<f64>(p + ((<usize>i) << 3), x);
}

@inline function ldi(p: usize, i: i64): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}

@inline function sti(p: usize, i: i64, x: i32): void {
  store<i32>(p + ((<usize>i) << 2), x);
}

/** The product grid (axis k−1 fastest): z column-wise (z[v·n + i]) and weights w[i]. */
export function analyzeGridPoints(nodes: usize, weights: usize, mAxes: usize, k: i32, n: i32, z: usize, w: usize): void {
  let total = 0;
  for (let v = 0; v < k; v++) total += ldi(mAxes, v);
  for (let i = 0; i < n; i++) {
    let idx = i;
    let off = total;
    let wi: f64 = 1.0;
    for (let v = k - 1; v >= 0; v--) {
      const m = ldi(mAxes, v);
      off -= m;
      const d = idx % m;
      idx /= m;
      st(z, <i64>v * n + i, ld(nodes, off + d));
      wi *= ld(weights, off + d);
    }
    st(w, i, wi);
  }
}

/** w[i] = 1/n: the equal weights of a Monte-Carlo sample. */
export function analyzeEqualWeights(w: usize, n: i32): void {
  const x = 1.0 / (<f64>n);
  for (let i = 0; i < n; i++) st(w, i, x);
}

/**
 * y = f*(z) at n points (z column-wise, stride n); acc (4 doubles) gets Σ w y, Σ w y², the
 * number of non-finite values and max w y². stack: (maxStack − 1)·min(n, 512) doubles.
 */
export function analyzeEvalPoints(code: usize, codeLen: i32, consts: usize, z: usize, w: usize, n: i32, y: usize, stack: usize, acc: usize): void {
  evalProgram(code, codeLen, consts, z, n, n, y, stack);
  let s1: f64 = 0.0;
  let s2: f64 = 0.0;
  let bad: f64 = 0.0;
  let big: f64 = 0.0;
  for (let i = 0; i < n; i++) {
    const yi = ld(y, i);
    if (!isFinite<f64>(yi)) {
      bad += 1.0;
      continue;
    }
    const wi = ld(w, i);
    s1 += wi * yi;
    const e = wi * yi * yi;
    s2 += e;
    if (e > big) big = e;
  }
  st(acc, 0, s1);
  st(acc, 1, s2);
  st(acc, 2, bad);
  st(acc, 3, big);
}

/** out[i] = Σ_v u[v] z[v·n + i]: a learnt field u·z at every point. */
export function analyzeProject(z: usize, n: i32, k: i32, u: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    let s: f64 = 0.0;
    for (let v = 0; v < k; v++) s += ld(u, v) * ld(z, <i64>v * n + i);
    st(out, i, s);
  }
}

/** Relative gap below which sorted keys are ties (rounding noise, not data). */
const TIE: f64 = 1e-12;

/** Bytes of scratch analyzeSortIndex needs for n keys. */
export function analyzeSortScratch(n: i32): i64 {
  return (<i64>n) * 20 + 65536 * 4;
}

/** The IEEE order of f64 as an unsigned integer order (−0 just below +0, NaN last). */
@inline function sortable(x: f64): u64 {
  const u = reinterpret<u64>(x);
  return (u >> 63) != 0 ? ~u : u | 0x8000000000000000;
}

/**
 * idx ← 0…n−1 sorted by (keys[i], i) ascending: a stable LSD radix sort on the 64-bit
 * images of the keys (four 16-bit digits), so equal keys keep index order. Deterministic;
 * scratch: analyzeSortScratch(n) bytes.
 */
export function analyzeSortIndex(keys: usize, n: i32, idx: usize, scratch: usize): void {
  const ka = scratch;
  const kb = ka + ((<usize>n) << 3);
  const ib = kb + ((<usize>n) << 3);
  const hist = ib + ((<usize>n) << 2);
  for (let i = 0; i < n; i++) {
    sti(idx, i, i);
    store<u64>(ka + ((<usize>i) << 3), sortable(ld(keys, i)));
  }
  let srcK = ka;
  let dstK = kb;
  let srcI = idx;
  let dstI = ib;
  for (let pass = 0; pass < 4; pass++) {
    const shift = <u64>(pass * 16);
    for (let d = 0; d < 65536; d++) sti(hist, d, 0);
    for (let i = 0; i < n; i++) {
      const d = <i32>((load<u64>(srcK + ((<usize>i) << 3)) >> shift) & 0xffff);
      sti(hist, d, ldi(hist, d) + 1);
    }
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = ldi(hist, d);
      sti(hist, d, sum);
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const key = load<u64>(srcK + ((<usize>i) << 3));
      const d = <i32>((key >> shift) & 0xffff);
      const pos = ldi(hist, d);
      sti(hist, d, pos + 1);
      store<u64>(dstK + ((<usize>pos) << 3), key);
      sti(dstI, pos, ldi(srcI, i));
    }
    const tk = srcK;
    srcK = dstK;
    dstK = tk;
    const ti = srcI;
    srcI = dstI;
    dstI = ti;
  }
  // Four passes: the result is back in idx.
}

/**
 * Quantile bins of keys (idx: the points sorted by key) by weight, nb bins of weight ≈ 1/nb of
 * the total; runs of equal keys (equal within TIE relative to the largest |key|) are never split, and a run holding ≥ half a bin's weight (an
 * atom of a discrete y, e.g. sign targets) gets a bin of its own. Each point's label becomes
 * lab·labMul + bin. Returns the number of bins (≤ labMul when labMul ≥ 5·nb + 2).
 */
export function analyzeQuantileBins(keys: usize, w: usize, idx: usize, n: i32, nb: i32, lab: usize, labMul: i32): i32 {
  let total: f64 = 0.0;
  let scale: f64 = 0.0;
  for (let i = 0; i < n; i++) {
    total += ld(w, i);
    const a = abs<f64>(ld(keys, i));
    if (a > scale) scale = a;
  }
  // Keys closer than this to their predecessor are ties: a field u·z with u one ulp away
  // from symmetric (e.g. (1,1)/√2 rounded) must not split the mirror images of a grid.
  const eps = TIE * scale;
  const target = total / (<f64>nb);
  let bin = 0;
  let binW: f64 = 0.0;
  let i = 0;
  while (i < n) {
    let j = i;
    let runW: f64 = 0.0;
    let prev = ld(keys, ldi(idx, i));
    while (j < n) {
      const key = ld(keys, ldi(idx, j));
      if (key - prev > eps) break;
      prev = key;
      runW += ld(w, ldi(idx, j));
      j++;
    }
    const atom = runW >= 0.5 * target;
    if (atom && binW > 0.0) {
      bin++;
      binW = 0.0;
    }
    for (let m = i; m < j; m++) {
      const p = ldi(idx, m);
      sti(lab, p, ldi(lab, p) * labMul + bin);
    }
    binW += runW;
    if (atom || binW >= target) {
      bin++;
      binW = 0.0;
    }
    i = j;
  }
  return binW > 0.0 ? bin + 1 : bin;
}

/** Relabels lab[i] ∈ [0, mapLen) to 0…(distinct − 1) in order of first appearance; returns distinct. */
export function analyzeCompactLabels(lab: usize, n: i32, map: usize, mapLen: i32): i32 {
  for (let i = 0; i < mapLen; i++) sti(map, i, -1);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const l = ldi(lab, i);
    let m = ldi(map, l);
    if (m < 0) {
      m = next++;
      sti(map, l, m);
    }
    sti(lab, i, m);
  }
  return next;
}

/**
 * Per bin: sums[b][t] += w He_α_t(x), sqs[b][t] += w He_α_t(x)², wsum[b] += w, cnt[b] += 1,
 * with x = the coordinates of z in the columns r … k−1 of Q (k×k, row-major: Q[v][c] at
 * q[v·k + c]) and α_t the t-th row of mi (nMI × (k−r) exponents, each ≤ maxDeg).
 * hs: (k − r)·(maxDeg + 1) doubles. The output arrays are accumulated (zero them first).
 */
export function analyzeBinMoments(
  z: usize, n: i32, k: i32, q: usize, r: i32, w: usize, lab: usize, maxDeg: i32, mi: usize, nMI: i32,
  sums: usize, sqs: usize, wsum: usize, cnt: usize, hs: usize,
): void {
  const kp = k - r;
  const D1 = maxDeg + 1;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < kp; a++) {
      let x: f64 = 0.0;
      for (let v = 0; v < k; v++) x += ld(q, <i64>v * k + r + a) * ld(z, <i64>v * n + i);
      const b = <i64>a * D1;
      st(hs, b, 1.0);
      if (maxDeg >= 1) st(hs, b + 1, x);
      let h0: f64 = 1.0;
      let h1: f64 = x;
      for (let j = 2; j <= maxDeg; j++) {
        const h2 = x * h1 - (<f64>(j - 1)) * h0;
        h0 = h1;
        h1 = h2;
        st(hs, b + j, h2);
      }
    }
    const wi = ld(w, i);
    const l = ldi(lab, i);
    const base = <i64>l * nMI;
    for (let t = 0; t < nMI; t++) {
      let h: f64 = 1.0;
      for (let a = 0; a < kp; a++) h *= ld(hs, <i64>a * D1 + ldi(mi, <i64>t * kp + a));
      st(sums, base + t, ld(sums, base + t) + wi * h);
      st(sqs, base + t, ld(sqs, base + t) + wi * h * h);
    }
    st(wsum, l, ld(wsum, l) + wi);
    st(cnt, l, ld(cnt, l) + 1.0);
  }
}

/**
 * The order-j matrix on the coordinates s … kp−1 (of the kp unlearnt ones):
 *   A[a][c] = Σ_b P(b) Σ_γ (1/γ!) T_b[γ + e_a] T_b[γ + e_c],   T_b[α] = E[He_α(x) | b],
 * γ over the nRest multi-indices of order j − 1 (rows of rest, kp exponents), and the
 * column of γ + e_a in the sums table at look[g·kp + a]. floor[a] gets the expected
 * sampling-noise part of A[a][a]: Σ_b P(b) Σ_γ (1/γ!) Var(He_{γ+e_a} | b)/count_b.
 * A is (kp−s)×(kp−s), floor kp−s doubles; both are overwritten.
 */
export function analyzeOrderMatrix(
  sums: usize, sqs: usize, wsum: usize, cnt: usize, nLab: i32, nMI: i32, kp: i32, s: i32,
  rest: usize, nRest: i32, look: usize, a: usize, floor: usize,
): void {
  const ka = kp - s;
  for (let i = 0; i < ka * ka; i++) st(a, i, 0.0);
  for (let i = 0; i < ka; i++) st(floor, i, 0.0);
  let total: f64 = 0.0;
  for (let b = 0; b < nLab; b++) total += ld(wsum, b);
  if (!(total > 0.0)) return;
  for (let b = 0; b < nLab; b++) {
    const W = ld(wsum, b);
    if (!(W > 0.0)) continue;
    const base = <i64>b * nMI;
    const count = ld(cnt, b);
    for (let g = 0; g < nRest; g++) {
      let fact: f64 = 1.0;
      for (let v = 0; v < kp; v++) {
        const e = ldi(rest, <i64>g * kp + v);
        for (let m = 2; m <= e; m++) fact *= <f64>m;
      }
      const wg = 1.0 / fact;
      for (let ai = 0; ai < ka; ai++) {
        const ca = ldi(look, <i64>g * kp + s + ai);
        const ta = ld(sums, base + ca);
        for (let ci = 0; ci < ka; ci++) {
          const tc = ld(sums, base + ldi(look, <i64>g * kp + s + ci));
          const o = <i64>ai * ka + ci;
          st(a, o, ld(a, o) + wg * ta * tc / (W * total));
        }
        const mean = ta / W;
        let vr = ld(sqs, base + ca) / W - mean * mean;
        if (vr < 0.0) vr = 0.0;
        st(floor, ai, ld(floor, ai) + (W / total) * wg * vr / count);
      }
    }
  }
}
