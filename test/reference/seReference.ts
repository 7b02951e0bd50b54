// Pure-TypeScript, float64 reference for ONE step of the single-pass recursion of
// docs/model.md §6 with the training variants (tests only; independent of the WASM kernels).
// Expectations over v = (z, u) ~ N(0, [[I, Mᵀ],[M, Q]]) by a tensor Gauss–Hermite rule with
// `m` nodes per axis (m^{k+p} points), v = L ξ with L the Cholesky factor of Σ (Σ must be
// positive definite). Smooth integrands only (tanh students, smooth targets): then the rule
// converges fast and |rule(m) − rule(m')| bounds its error. For discontinuous integrands (the
// per-sample SAM direction g/‖g‖ flips where ℓ' changes sign) a Monte Carlo rule instead.

import { lossSlope as lossDerivative, type RefLoss } from './lossSlope.js';

export type RefAlgorithm = 'gd' | 'projected' | 'spherical';

export interface RefStep {
  M: number[][];
  Q: number[][];
  a: number[];
}

export interface RefOptions {
  target: (z: number[]) => number;
  sigma: (u: number) => number;
  dsigma: (u: number) => number;
  M: number[][];
  Q: number[][];
  a: number[];
  alpha: number;
  lr: number;
  weightDecay?: number;
  loss?: RefLoss;
  algorithm?: RefAlgorithm;
  secondLayerLr?: number;
  /** Per-sample displacement: g taken at ũ = u − ρg (extra-gradient) or u + ρg/‖g‖ (SAM). */
  sam?: number;
  extragradient?: number;
  /** Gauss–Hermite nodes per axis; or, with `mc`, ignored. */
  m: number;
  /** Monte Carlo instead: n standard normal points (Box–Muller) from the uniform stream `rand`, weights 1/n. */
  mc?: { n: number; rand: () => number };
}

/** Gauss–Hermite nodes/weights for the standard normal (Newton on the physicists' H_m, NR gauher). */
function gaussHermiteNormal(m: number): { x: number[]; w: number[] } {
  const x: number[] = new Array(m);
  const w: number[] = new Array(m);
  let z = 0;
  for (let i = 0; i < (m + 1) >> 1; i++) {
    if (i === 0) z = Math.sqrt(2 * m + 1) - 1.85575 * (2 * m + 1) ** (-1 / 6);
    else if (i === 1) z -= (1.14 * m ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = Math.PI ** -0.25;
      let p2 = 0;
      for (let j = 0; j < m; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * m) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15) break;
    }
    x[i] = z;
    x[m - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[m - 1 - i] = w[i];
  }
  // Physicists' rule (weight e^{−t²}) → standard normal: x = √2 t, w/√π.
  return { x: x.map((t) => Math.SQRT2 * t), w: w.map((v) => v / Math.sqrt(Math.PI)) };
}

function cholesky(S: number[][]): number[][] {
  const n = S.length;
  const L = S.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = S[i][j];
      for (let r = 0; r < j; r++) s -= L[i][r] * L[j][r];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  return L;
}

/** One step (M, Q, a) → (M', Q', a') of docs/model.md §6. */
export function seReferenceStep(o: RefOptions): RefStep {
  const p = o.M.length;
  const k = o.M[0].length;
  const D = k + p;
  const loss = o.loss ?? 'square';
  const algorithm = o.algorithm ?? 'gd';
  const S: number[][] = Array.from({ length: D }, (_, i) => Array.from({ length: D }, (_, j) => {
    if (i < k && j < k) return i === j ? 1 : 0;
    if (i >= k && j >= k) return o.Q[i - k][j - k];
    return i >= k ? o.M[i - k][j] : o.M[j - k][i];
  }));
  const L = cholesky(S);
  const { x, w } = gaussHermiteNormal(o.m);
  const Egz = o.M.map(() => new Array<number>(k).fill(0));
  const Egu = o.M.map(() => new Array<number>(p).fill(0));
  const Egg = o.M.map(() => new Array<number>(p).fill(0));
  const Egx = o.M.map(() => new Array<number>(D).fill(0));
  const Els = new Array<number>(p).fill(0);
  const idx = new Array<number>(D).fill(0);
  const xi = new Array<number>(D);
  const v = new Array<number>(D);
  const total = o.mc ? o.mc.n : o.m ** D;
  for (let n = 0; n < total; n++) {
    let weight = 1;
    if (o.mc) {
      weight = 1 / total;
      for (let d = 0; d < D; d++) {
        const r = Math.sqrt(-2 * Math.log(1 - o.mc.rand()));
        xi[d] = r * Math.cos(2 * Math.PI * o.mc.rand());
      }
    } else {
      let rest = n;
      for (let d = 0; d < D; d++) {
        idx[d] = rest % o.m;
        rest = Math.floor(rest / o.m);
        xi[d] = x[idx[d]];
        weight *= w[idx[d]];
      }
    }
    for (let i = 0; i < D; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += L[i][j] * xi[j];
      v[i] = s;
    }
    const z = v.slice(0, k);
    const u = v.slice(k);
    const y = o.target(z);
    let yhat = 0;
    for (let j = 0; j < p; j++) yhat += o.a[j] * o.sigma(u[j]);
    const lp = lossDerivative(loss, yhat, y);
    let g = u.map((uj, j) => lp * o.a[j] * o.dsigma(uj));
    if (o.sam !== undefined || o.extragradient !== undefined) {
      const norm = Math.hypot(...g);
      const ut = u.map((uj, j) => (o.sam !== undefined ? (norm > 0 ? uj + (o.sam * g[j]) / norm : uj) : uj - o.extragradient! * g[j]));
      let yt = 0;
      for (let j = 0; j < p; j++) yt += o.a[j] * o.sigma(ut[j]);
      const lt = lossDerivative(loss, yt, y);
      g = ut.map((uj, j) => lt * o.a[j] * o.dsigma(uj));
    }
    for (let j = 0; j < p; j++) {
      for (let r = 0; r < k; r++) Egz[j][r] += weight * g[j] * z[r];
      for (let l = 0; l < p; l++) {
        Egu[j][l] += weight * g[j] * u[l];
        Egg[j][l] += weight * g[j] * g[l];
      }
      for (let d = 0; d < D; d++) Egx[j][d] += weight * g[j] * xi[d];
      Els[j] += weight * lp * o.sigma(u[j]);
    }
  }
  const eta = o.lr;
  const alpha = o.alpha;
  const c = 1 - eta * (o.weightDecay ?? 0);
  const cj = Array.from({ length: p }, (_, j) => (algorithm === 'spherical' ? c + (eta * alpha * Egu[j][j]) / o.Q[j][j] : c));
  const M = o.M.map((row, j) => row.map((m, r) => cj[j] * m - eta * alpha * Egz[j][r]));
  const Q = o.Q.map((row, j) => row.map((q, l) => {
    let proj = 0;
    for (let d = 0; d < D; d++) proj += Egx[j][d] * Egx[l][d];
    return cj[j] * cj[l] * q - eta * alpha * (cj[j] * Egu[l][j] + cj[l] * Egu[j][l]) + eta * eta * alpha * Egg[j][l] + eta * eta * alpha * alpha * proj;
  }));
  const a = o.a.map((aj, j) => aj - (o.secondLayerLr ?? 0) * Els[j]);
  if (algorithm === 'gd') return { M, Q, a };
  const n = Q.map((row, j) => Math.sqrt(row[j]));
  return { M: M.map((row, j) => row.map((m) => m / n[j])), Q: Q.map((row, j) => row.map((q, l) => q / (n[j] * n[l]))), a };
}
