// Slow, obvious float64 implementation of the DMFT recursion (docs/dmft.md D3–D14), for tests
// only: plain JS arrays and loops, JS functions for f*, σ, σ′, σ″, sums in sample order. It
// takes the standard normals from the caller (tests pass the library's own, so that the
// WASM solver can be compared sample for sample). `response: 'explicit'` differentiates the
// sample path (D12) instead of Stein's lemma (D11); it needs σ″ and is exact only for
// smooth σ.
import type { DmftResult } from '../../src/theory/dmftResult.js';

export interface DmftReferenceOptions {
  p: number;
  k: number;
  T: number;
  S: number;
  alpha: number;
  lr: number;
  weightDecay?: number;
  labelNoise?: number;
  a: number[];
  M0: number[][];
  Q0: number[][];
  target: (z: number[]) => number;
  sigma: (u: number) => number;
  dsigma: (u: number) => number;
  d2sigma?: (u: number) => number;
  /** Standard normals of (kind, t, column) for all S samples (kinds of src/kernels/dmftPlan.ts). */
  normals: (kind: number, t: number, column: number) => ArrayLike<number>;
  response?: 'stein' | 'explicit';
}

/** The fields of the library's result (same shapes, C and Γ as [t][s][j][l] for s ≤ t), plus the noise path. */
export interface DmftReferenceResult extends Pick<DmftResult, 'M' | 'Q' | 'testError' | 'trainError' | 'C' | 'Gamma'> {
  /** Realised noise path ω^t of every sample, omega[t][i][j] (t < T). */
  omega: number[][][];
}

const zeros = (r: number, c: number): number[][] => Array.from({ length: r }, () => new Array(c).fill(0));

/** Semi-definite Cholesky (dropping pivots ≤ 1e-12·A_ii), as in assembly/dmft.ts. */
export function choleskyReference(A: number[][]): number[][] {
  const n = A.length;
  const L = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < i; c++) {
      if (L[c][c] > 0) {
        let s = A[i][c];
        for (let r = 0; r < c; r++) s -= L[i][r] * L[c][r];
        L[i][c] = s / L[c][c];
      }
    }
    let s = A[i][i];
    for (let r = 0; r < i; r++) s -= L[i][r] * L[i][r];
    L[i][i] = s > 1e-12 * A[i][i] && s > 0 ? Math.sqrt(s) : 0;
  }
  return L;
}

function solveSym(A: number[][], b: number[]): number[] {
  const L = choleskyReference(A);
  const n = b.length;
  const x = b.slice();
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let r = 0; r < i; r++) s -= L[i][r] * x[r];
    x[i] = L[i][i] > 0 ? s / L[i][i] : 0;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let r = i + 1; r < n; r++) s -= L[r][i] * x[r];
    x[i] = L[i][i] > 0 ? s / L[i][i] : 0;
  }
  return x;
}

export function dmftReference(o: DmftReferenceOptions): DmftReferenceResult {
  const { p, k, T, S, alpha, lr: eta, a } = o;
  const lambda = o.weightDecay ?? 0;
  const delta = o.labelNoise ?? 0;
  const kappa = 1 - eta * lambda;
  const N = (T + 1) * p;
  const z = Array.from({ length: S }, () => new Array(k).fill(0));
  for (let r = 0; r < k; r++) {
    const col = o.normals(0, 0, r);
    for (let i = 0; i < S; i++) z[i][r] = col[i];
  }
  const fz = z.map((zi) => o.target(zi));
  const noise = delta > 0 ? o.normals(1, 0, 0) : null;
  const y = fz.map((f, i) => (noise ? f + Math.sqrt(delta) * noise[i] : f));
  const A0 = zeros(p, p);
  for (let j = 0; j < p; j++) for (let l = 0; l < p; l++) {
    let s = o.Q0[j][l];
    for (let r = 0; r < k; r++) s -= o.M0[j][r] * o.M0[l][r];
    A0[j][l] = s;
  }
  const L0 = choleskyReference(A0);
  const nu = Array.from({ length: p }, (_, l) => o.normals(2, 0, l));
  const h: number[][][] = [Array.from({ length: S }, (_, i) => Array.from({ length: p }, (_, j) => {
    let s = 0;
    for (let l = 0; l < p; l++) s += L0[j][l] * nu[l][i];
    return s;
  }))];
  const e: number[][][] = [zeros(S, p)];
  const g: number[][][] = [];
  const zeta: number[][][] = [];
  const m: number[][][] = [o.M0.map((r) => r.slice())];
  const Qt = zeros(N, N);
  const C = zeros(N, N);
  const Lc = zeros(N, N);
  const G = zeros(N, N);
  const res: DmftReferenceResult = { M: [], Q: [], testError: [], trainError: [], C: [], Gamma: [], omega: [] };
  // Explicit response (D12): dE[t][s][i] = ∂e^t/∂h̃^s (p×p) per sample.
  const explicit = o.response === 'explicit';
  const dE: number[][][][][] = [[Array.from({ length: S }, () => zeros(p, p))]];
  for (let t = 0; t <= T; t++) {
    const mt = m[t];
    const gt = zeros(S, p);
    let train = 0;
    let test = 0;
    const D: number[][][][] = explicit ? Array.from({ length: t + 1 }, () => Array.from({ length: S }, () => zeros(p, p))) : [];
    for (let i = 0; i < S; i++) {
      const u = new Array(p).fill(0);
      const ut = new Array(p).fill(0);
      for (let j = 0; j < p; j++) {
        let mz = 0;
        for (let r = 0; r < k; r++) mz += mt[j][r] * z[i][r];
        u[j] = h[t][i][j] + e[t][i][j] + mz;
        ut[j] = h[t][i][j] + mz;
      }
      let yh = 0;
      let yt = 0;
      for (let j = 0; j < p; j++) {
        yh += a[j] * o.sigma(u[j]);
        yt += a[j] * o.sigma(ut[j]);
      }
      const r = yh - y[i];
      for (let j = 0; j < p; j++) gt[i][j] = r * a[j] * o.dsigma(u[j]);
      train += r * r;
      test += (fz[i] - yt) ** 2;
      if (explicit) {
        const J = zeros(p, p);
        for (let j = 0; j < p; j++) for (let l = 0; l < p; l++) {
          J[j][l] = a[j] * o.dsigma(u[j]) * a[l] * o.dsigma(u[l]) + (j === l ? r * a[j] * o.d2sigma!(u[j]) : 0);
        }
        for (let s = 0; s <= t; s++) {
          const dEts = s < t ? dE[t][s][i] : zeros(p, p);
          for (let j = 0; j < p; j++) for (let l = 0; l < p; l++) {
            let v = s === t ? J[j][l] : 0;
            for (let q = 0; q < p; q++) v += J[j][q] * dEts[q][l];
            D[s][i][j][l] = v;
          }
        }
      }
    }
    g.push(gt);
    const nt = (t + 1) * p;
    const mean = (f: (i: number) => number) => {
      let s = 0;
      for (let i = 0; i < S; i++) s += f(i);
      return s / S;
    };
    for (let s = 0; s <= t; s++) for (let j = 0; j < p; j++) for (let l = 0; l < p; l++) {
      const hh = mean((i) => h[t][i][j] * h[s][i][l]);
      Qt[t * p + j][s * p + l] = Qt[s * p + l][t * p + j] = hh;
      const gg = alpha * mean((i) => gt[i][j] * g[s][i][l]);
      C[t * p + j][s * p + l] = C[s * p + l][t * p + j] = gg;
    }
    const Qsub = Qt.slice(0, nt).map((row) => row.slice(0, nt));
    for (let j = 0; j < p; j++) {
      let x: number[];
      if (explicit) {
        x = new Array(nt).fill(0);
        for (let s = 0; s <= t; s++) for (let l = 0; l < p; l++) x[s * p + l] = alpha * mean((i) => D[s][i][j][l]);
      } else {
        const b = new Array(nt).fill(0);
        for (let s = 0; s <= t; s++) for (let l = 0; l < p; l++) b[s * p + l] = alpha * mean((i) => gt[i][j] * h[s][i][l]);
        x = solveSym(Qsub, b);
      }
      for (let c = 0; c < nt; c++) G[t * p + j][c] = x[c];
    }
    const Lfull = choleskyReference(C.slice(0, nt).map((row) => row.slice(0, nt)));
    for (let i = t * p; i < nt; i++) for (let c = 0; c < nt; c++) Lc[i][c] = Lfull[i][c];
    res.M.push(mt.map((row) => row.slice()));
    res.Q.push(Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, l) => {
      let s = 0;
      for (let r = 0; r < k; r++) s += mt[j][r] * mt[l][r];
      return s + Qt[t * p + j][t * p + l];
    })));
    res.testError.push(0.5 * (test / S) + 0.5 * delta);
    res.trainError.push(0.5 * (train / S));
    const block = (X: number[][]) => Array.from({ length: t + 1 }, (_, s) => Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, l) => X[t * p + j][s * p + l])));
    res.C.push(block(C));
    res.Gamma.push(block(G));
    if (t === T) break;
    m.push(mt.map((row, j) => row.map((v, r) => kappa * v - eta * alpha * mean((i) => gt[i][j] * z[i][r]))));
    zeta.push(Array.from({ length: S }, () => new Array(p).fill(0)));
    for (let j = 0; j < p; j++) {
      const col = o.normals(3, t, j);
      for (let i = 0; i < S; i++) zeta[t][i][j] = col[i];
    }
    const omega = zeros(S, p);
    const hn = zeros(S, p);
    const en = zeros(S, p);
    for (let i = 0; i < S; i++) for (let j = 0; j < p; j++) {
      let w = 0;
      let mh = 0;
      let me = 0;
      for (let s = 0; s <= t; s++) for (let l = 0; l < p; l++) {
        w += Lc[t * p + j][s * p + l] * zeta[s][i][l];
        mh += G[t * p + j][s * p + l] * h[s][i][l];
        me += G[t * p + j][s * p + l] * e[s][i][l];
      }
      omega[i][j] = w;
      hn[i][j] = kappa * h[t][i][j] - eta * (w + mh);
      en[i][j] = kappa * e[t][i][j] - eta * (gt[i][j] + me);
    }
    res.omega.push(omega);
    h.push(hn);
    e.push(en);
    if (explicit) {
      // ∂e^{t+1}/∂h̃^s = κ ∂e^t/∂h̃^s − η (D(t,s) + Σ_r Γ(t,r) ∂e^r/∂h̃^s), s ≤ t (D12).
      const next: number[][][][] = [];
      for (let s = 0; s <= t; s++) {
        next.push(Array.from({ length: S }, (_, i) => {
          const out = zeros(p, p);
          for (let j = 0; j < p; j++) for (let l = 0; l < p; l++) {
            let v = s < t ? kappa * dE[t][s][i][j][l] : 0;
            let mem = 0;
            for (let r = s + 1; r <= t; r++) for (let q = 0; q < p; q++) mem += G[t * p + j][r * p + q] * dE[r][s][i][q][l];
            v -= eta * (D[s][i][j][l] + mem);
            out[j][l] = v;
          }
          return out;
        }));
      }
      dE.push(next);
    }
  }
  return res;
}
