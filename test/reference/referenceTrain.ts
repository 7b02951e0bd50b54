// The slow, obvious float64 reference of the training variants of docs/model.md §4 (losses,
// projected / spherical GD, SAM and extra-gradient per batch or per sample, learning-rate
// schedules, the trained second layer), written straight from the formulas with the pure-TS
// expression evaluator and JS Math. A test oracle only: nothing here enters a trajectory.
// With f32 storage the dot products read the f32 copies of the weights (Math.fround), as the
// engine's do; everything else is float64.
import { evaluate } from '../../src/expr/evaluate.js';
import type { ResolvedSimulateOptions } from '../../src/options/resolveSimulateOptions.js';
import type { LrSchedule } from '../../src/schedules/LrSchedule.js';
import { shuffle } from '../../src/schedules/shuffle.js';
import type { RunInputs } from './explicitRunInputs.js';
import { dot, lossSlope } from './lossSlope.js';

export interface ReferenceRun {
  /** W^t W*ᵀ/d and W^t W^tᵀ/d, t = 0 … T. */
  M: number[][][];
  Q: number[][][];
  /** a^t, t = 0 … T. */
  a: number[][];
  /** ½ mean (ŷ − y)² at W^t on the rows of update t (t = T: those of update T − 1). */
  trainError: number[];
}

type Matrix = number[][];

/** η_t/η of docs/model.md §4. */
export function referenceFactor(s: LrSchedule, t: number, T: number): number {
  let f = 1;
  for (const x of s.factors) {
    if (x.kind === 'step') f *= x.gamma ** Math.floor(t / x.every);
    else if (x.kind === 'inverse') f *= 1 / (1 + t / x.t0);
    else if (x.kind === 'cosine') f *= 0.5 * (1 + Math.cos((Math.PI * t) / T));
    else f *= Math.min(1, (t + 1) / x.steps);
  }
  return f;
}

export function referenceTrain(inp: RunInputs, r: ResolvedSimulateOptions, lr: number): ReferenceRun {
  const { d, p, n, steps: T } = r;
  const f32 = r.storage === 'f32';
  const t = r.training;
  const sq = Math.sqrt(d);
  const sigma = (u: number) => evaluate(r.activation.ast, [u]);
  const dsigma = (u: number) => evaluate(r.activation.derivative, [u]);
  const slope = (yhat: number, y: number) => lossSlope(t.loss, yhat, y);
  const forRows = (W: Matrix) => (f32 ? W.map((w) => w.map(Math.fround)) : W);

  /** Σ_μ g_μ x_μ (G), Σ_μ ℓ'_μ σ(u_μ) (Ga) and ½ mean (ŷ − y)² over the rows, at weights W and second layer a. */
  const pass = (W: Matrix, a: number[], X: number[][], y: number[], sample: boolean) => {
    const Wr = forRows(W);
    const G = W.map(() => new Array<number>(d).fill(0));
    const Ga = new Array<number>(p).fill(0);
    let loss = 0;
    X.forEach((x, mu) => {
      let u = Wr.map((w) => dot(x, w) / sq);
      let yhat = u.reduce((s, uj, j) => s + a[j] * sigma(uj), 0);
      loss += (yhat - y[mu]) ** 2;
      let lp = slope(yhat, y[mu]);
      u.forEach((uj, j) => (Ga[j] += lp * sigma(uj)));
      const disp = t.displacement;
      if (sample && disp && disp.scope === 'sample') {
        const g = u.map((uj, j) => lp * a[j] * dsigma(uj));
        const xx = dot(x, x);
        if (disp.kind === 'extragradient') u = u.map((uj, j) => uj - disp.rho * g[j] * (xx / d));
        else {
          const gn = Math.sqrt(dot(g, g));
          if (gn > 0) u = u.map((uj, j) => uj + disp.rho * (g[j] / gn) * (Math.sqrt(xx) / sq));
        }
        yhat = u.reduce((s, uj, j) => s + a[j] * sigma(uj), 0);
        lp = slope(yhat, y[mu]);
      }
      u.forEach((uj, j) => {
        const c = lp * a[j] * dsigma(uj);
        for (let i = 0; i < d; i++) G[j][i] += c * x[i];
      });
    });
    return { G, Ga, loss: (0.5 * loss) / X.length };
  };

  let W = inp.W0.map((w) => w.slice());
  let a = inp.a0.slice();
  const observe = () => ({
    M: W.map((w) => inp.T.map((v) => dot(w, v) / d)),
    Q: W.map((w) => W.map((v) => dot(w, v) / d)),
  });
  const out: ReferenceRun = { M: [], Q: [], a: [], trainError: [] };
  const record = () => {
    const o = observe();
    out.M.push(o.M);
    out.Q.push(o.Q);
    out.a.push(a.slice());
  };
  record();
  let last: { X: number[][]; y: number[] } | null = null;
  for (let step = 0; step < T; step++) {
    const data = r.schedule.step(step, n, (epoch, size) => shuffle(r.seed, epoch, size));
    const stored = inp.batches.get(data.batch)!;
    const rows = data.rows ? Array.from(data.rows) : stored.X.map((_, i) => i);
    const X = rows.map((i) => stored.X[i]);
    const y = rows.map((i) => stored.y[i]);
    last = { X, y };
    const first = pass(W, a, X, y, true);
    out.trainError.push(first.loss);
    let G = first.G;
    const disp = t.displacement;
    if (disp && disp.scope === 'batch') {
      const norm = Math.sqrt(G.reduce((s, g) => s + dot(g, g), 0));
      const c = disp.kind === 'sam' ? (norm > 0 ? disp.rho / norm : 0) : -disp.rho / sq;
      const Wd = W.map((w, j) => w.map((wi, i) => wi + c * G[j][i]));
      G = pass(Wd, a, X, y, false).G;
    }
    if (t.algorithm === 'spherical') G = G.map((g, j) => {
      const c = dot(g, W[j]) / dot(W[j], W[j]);
      return g.map((gi, i) => gi - c * W[j][i]);
    });
    const eta = lr * referenceFactor(t.lrSchedule, step, T);
    W = W.map((w, j) => w.map((wi, i) => (1 - eta * r.weightDecay) * wi - eta * G[j][i] / sq));
    if (t.algorithm !== 'gd') W = W.map((w) => {
      const c = sq / Math.sqrt(dot(w, w));
      return w.map((wi) => c * wi);
    });
    if (t.secondLayerLr > 0 && (step + 1) % t.secondLayerEvery === 0) {
      const Ga = t.secondLayerUpdate === 'simultaneous' ? first.Ga : pass(W, a, X, y, false).Ga;
      a = a.map((aj, j) => aj - t.secondLayerLr * (Ga[j] / X.length));
    }
    record();
  }
  if (last) out.trainError.push(pass(W, a, last.X, last.y, false).loss);
  return out;
}
