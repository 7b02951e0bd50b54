// The slow, obvious float64 d-dimensional reference of the training variants (docs/model.md §4),
// written straight from their definitions with explicit data x ∈ R^d, for tests of the engines
// that never form a d-vector (the reduced engine, docs/model.md §8). Test-only arithmetic: JS
// Math, its own Gaussian stream (mulberry32 + Box–Muller), so its samples are independent of
// every engine's.
import { mulberry32 } from '../helpers/mulberry32.js';
import { dot, lossSlope } from './lossSlope.js';

export interface VariantRun {
  d: number;
  n: number;
  p: number;
  k: number;
  /** Steps each fresh batch is used (1 single-pass, R resample:R). */
  R: number;
  steps: number;
  lr: number;
  weightDecay?: number;
  /** f*(z). */
  target: (z: number[]) => number;
  /** σ and σ′. */
  act: (u: number) => number;
  dact: (u: number) => number;
  /** Initial overlaps (p×k, rows of norm < 1); M⁰ = 0, Q⁰ = I when absent. */
  m0?: number[][];
  algorithm?: 'gd' | 'projected' | 'spherical';
  displacement?: { kind: 'sam' | 'extragradient'; rho: number; scope: 'batch' | 'sample' };
  loss?: 'square' | 'correlation' | 'exponential';
  /** η_t/η for update t. */
  lrFactor?: (t: number) => number;
  secondLayerLr?: number;
  secondLayerUpdate?: 'simultaneous' | 'alternating';
  secondLayerEvery?: number;
}

export interface VariantState {
  M: number[][];
  Q: number[][];
  a: number[];
  /** ½ mean (ŷ − y)² of (W^t, a^t) on the batch of update t − 1 (NaN at t = 0). */
  train: number;
}

/** Row j of Σ_μ G[μ][j] x_μ/√d for every j (the gradient of the summed loss). */
function gradient(X: number[][], G: number[][], p: number, sq: number): number[][] {
  const d = X[0].length;
  const out = Array.from({ length: p }, () => new Array<number>(d).fill(0));
  X.forEach((x, mu) => {
    for (let j = 0; j < p; j++) {
      const g = G[mu][j] / sq;
      const o = out[j];
      for (let i = 0; i < d; i++) o[i] += g * x[i];
    }
  });
  return out;
}

/** Standard normals by Box–Muller, both of each pair used. */
function gaussian(rand: () => number): () => number {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const v = spare;
      spare = NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const th = 2 * Math.PI * rand();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
}

/** (M, Q, a) at each step in `record` of one run seeded `seed`. W*: the first k coordinate axes × √d. */
export function referenceVariants(o: VariantRun, seed: number, record: number[]): VariantState[] {
  const { d, n, p, k } = o;
  const sq = Math.sqrt(d);
  const normal = gaussian(mulberry32(seed));
  const W = Array.from({ length: p }, (_, j) => {
    const w = new Array<number>(d).fill(0);
    const m = o.m0?.[j] ?? new Array<number>(k).fill(0);
    for (let r = 0; r < k; r++) w[r] = m[r] * sq;
    w[k + j] = Math.sqrt(1 - dot(m, m)) * sq;
    return w;
  });
  let a = Array.from({ length: p }, (_, j) => (j % 2 === 0 ? 1 : -1) / Math.sqrt(p));
  const out: VariantState[] = [];
  let X: number[][] = [];
  let y: number[] = [];
  const fieldsOf = (V: number[][]) => X.map((x) => V.map((w) => dot(w, x) / sq));
  const trainError = () => fieldsOf(W).reduce((s, u, mu) => s + 0.5 * (u.reduce((t, v, j) => t + a[j] * o.act(v), 0) - y[mu]) ** 2, 0) / n;
  const observe = () => out.push({
    M: W.map((w) => Array.from({ length: k }, (_, r) => (w[r] * sq) / d)),
    Q: W.map((wi) => W.map((wj) => dot(wi, wj) / d)),
    a: [...a],
    train: X.length > 0 ? trainError() : NaN,
  });
  if (record.includes(0)) observe();
  const forward = (U: number[][], aa: number[]) => U.map((u, mu) => {
    const yhat = u.reduce((s, v, j) => s + aa[j] * o.act(v), 0);
    const lp = lossSlope(o.loss ?? 'square', yhat, y[mu]);
    return { lp, g: u.map((v, j) => lp * aa[j] * o.dact(v)) };
  });
  for (let t = 0; t < o.steps; t++) {
    if (t % o.R === 0) {
      X = Array.from({ length: n }, () => {
        const x = new Array<number>(d);
        for (let i = 0; i < d; i++) x[i] = normal();
        return x;
      });
      y = X.map((x) => o.target(x.slice(0, k)));
    }
    const eta = o.lr * (o.lrFactor ? o.lrFactor(t) : 1);
    const U = fieldsOf(W);
    const plain = forward(U, a);
    let G = plain.map((s) => s.g);
    const disp = o.displacement;
    if (disp && disp.scope === 'sample') {
      const Ut = U.map((u, mu) => {
        const g = G[mu];
        const xn = dot(X[mu], X[mu]) / d;
        const gn = Math.sqrt(dot(g, g));
        if (disp.kind === 'extragradient') return u.map((v, j) => v - disp.rho * g[j] * xn);
        return gn > 0 ? u.map((v, j) => v + disp.rho * (g[j] / gn) * Math.sqrt(xn)) : u;
      });
      G = forward(Ut, a).map((s) => s.g);
    } else if (disp) {
      const grad = gradient(X, G, p, sq);
      const norm = Math.sqrt(grad.reduce((s, r) => s + dot(r, r), 0));
      const f = disp.kind === 'extragradient' ? -disp.rho : norm > 0 ? disp.rho / norm : 0;
      const Wt = W.map((w, j) => w.map((v, i) => v + f * grad[j][i]));
      G = forward(fieldsOf(Wt), a).map((s) => s.g);
    }
    const aStep = (o.secondLayerLr ?? 0) > 0 && (t + 1) % (o.secondLayerEvery ?? 1) === 0;
    const aGrad = (st: { lp: number }[], UU: number[][]) => Array.from({ length: p }, (_, j) => st.reduce((s, v, mu) => s + v.lp * o.act(UU[mu][j]), 0) / n);
    const aSim = aStep && o.secondLayerUpdate !== 'alternating' ? aGrad(plain, U) : null;
    const c = 1 - eta * (o.weightDecay ?? 0);
    const grad = gradient(X, G, p, sq);
    for (let j = 0; j < p; j++) {
      const Gj = grad[j];
      const w = W[j];
      if (o.algorithm === 'spherical') {
        const proj = dot(Gj, w) / dot(w, w);
        for (let i = 0; i < d; i++) Gj[i] -= proj * w[i];
      }
      for (let i = 0; i < d; i++) w[i] = c * w[i] - eta * Gj[i];
    }
    if (o.algorithm === 'projected' || o.algorithm === 'spherical') {
      for (const w of W) {
        const s = sq / Math.sqrt(dot(w, w));
        for (let i = 0; i < d; i++) w[i] *= s;
      }
    }
    if (aStep) {
      const ga = aSim ?? (() => { const U1 = fieldsOf(W); return aGrad(forward(U1, a), U1); })();
      a = a.map((v, j) => v - (o.secondLayerLr as number) * ga[j]);
    }
    if (record.includes(t + 1)) observe();
  }
  return out;
}
