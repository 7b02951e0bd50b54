// Multi-pass levels U₁ ⊂ U₂ ⊂ … and the symmetric (hard) directions (docs/model.md §7; Dandi et
// al. 2024, arXiv 2402.03220). Conditioning is done by binning: quantile bins of y (atoms of a
// discrete y get their own bins), joint with quantile bins of each learnt field u·z.
// - Level i+1: with B the bins of (y, z_{U_i}) and x the coordinates of z in a basis of U_i^⊥,
//   A₁ = Σ_b P(b) E[x|b] E[x|b]ᵀ (the matrix E[E[z_⊥|y, z_U] E[z_⊥|y, z_U]ᵀ]); its
//   eigen-directions above the threshold are the new level (U₁ = span{E[z φ(y)]}).
// - Hard directions (no level reaches them): for j = 2, 3, … ≤ maxOrder, the order-j matrix
//   A_j[a][c] = Σ_b P(b) Σ_{|γ|=j−1} (1/γ!) E[He_{γ+e_a}(x)|b] E[He_{γ+e_c}(x)|b] on the
//   directions without an order yet (γ over all of U^⊥): its range is the set of directions
//   with a non-zero order-j conditional Hermite moment (in the tensor sense: E[He_j(v·z)|·]
//   or a mixed moment with v in one slot). For j = 2 it is E[(E[zzᵀ − I | y, z_U])²] on U^⊥,
//   rotation-invariant. Directions left after maxOrder have order null.
// Decisions are on the eigenvalues λ (mean squared conditional moment). Error estimate:
// quadrature — |λ − λ_coarse| from a coarser rule with the same bases; Monte Carlo — the
// expected sampling-noise contribution Σ_b P(b) Var(·|b)/n_b (binning inflates every
// eigenvalue by about #bins/#points). Threshold max(tolerance, 5·error).
import { BufferScope, withBuffers, type BufferId } from '../wasm/backend.js';
import type { Decision, HardDirection } from './Analysis.js';
import { multiIndices } from './multiIndices.js';
import type { PointSet } from './pointSet.js';
import { ERROR_FACTOR } from './singlePassStaircase.js';
import { column, identity, type WasmLinalg } from './WasmLinalg.js';

export interface MultiPassOptions {
  tolerance: number;
  maxOrder: number;
  /** Quantile bins of y. */
  bins: number;
}

export interface MultiPassResult {
  levels: number[][][];
  hard: HardDirection[];
  decisions: Decision[];
}

interface Labels {
  id: BufferId;
  n: number;
}

/** Bins of (y, u_1·z, …, u_r·z) for the first r columns of q; the labels live in `keep`. */
function labels(linalg: WasmLinalg, ps: PointSet, q: Float64Array, r: number, yBins: number, keep: BufferScope): Labels {
  const K = linalg.K;
  const { n, k } = ps;
  const lab = keep.zeros(4 * n);
  return withBuffers(linalg.backend, (s) => {
    const idx = s.buffer(4 * n);
    const field = s.buffer(8 * n);
    const sortScratch = s.buffer(Number(K.analyzeSortScratch(n)));
    const budget = ps.method === 'monte-carlo' ? Math.max(yBins, Math.floor(n / 1000)) : 16 * yBins;
    const fieldBins = r === 0 ? 0 : Math.max(2, Math.floor((budget / yBins) ** (1 / r)));
    let distinct = 1;
    const factor = (keys: BufferId, nb: number): void => {
      const mul = 5 * nb + 2;
      K.analyzeSortIndex(keys, n, idx, sortScratch);
      K.analyzeQuantileBins(keys, ps.w, idx, n, nb, lab, mul);
      const mapLen = distinct * mul;
      const map = s.buffer(4 * mapLen);
      distinct = K.analyzeCompactLabels(lab, n, map, mapLen);
      s.release(map);
    };
    factor(ps.y, yBins);
    for (let j = 0; j < r; j++) {
      linalg.with([column(q, k, j)], [], ([u]) => K.analyzeProject(ps.z, n, k, u, field));
      factor(field, fieldBins);
    }
    return { id: lab, n: distinct };
  });
}

/**
 * The order-j matrix on the coordinates s… of U^⊥ (columns r… of q), and the largest
 * diagonal entry of its noise floor.
 */
function orderMatrix(linalg: WasmLinalg, ps: PointSet, lab: Labels, q: Float64Array, r: number, s: number, j: number): { a: Float64Array; floor: number } {
  const b = linalg.backend;
  const K = linalg.K;
  const kp = ps.k - r;
  const ka = kp - s;
  const mi = multiIndices(kp, j);
  const rest = multiIndices(kp, j - 1);
  const key = (a: number[]) => a.join(',');
  const where = new Map(mi.map((a, t) => [key(a), t]));
  const look = rest.flatMap((g) => g.map((_, a) => where.get(key(g.map((x, i) => (i === a ? x + 1 : x))))!));
  const nMI = mi.length;
  return withBuffers(b, (scope) => {
    const zeros = (bytes: number) => scope.zeros(Math.max(16, bytes));
    const miId = zeros(4 * mi.length * kp);
    b.writeI32(miId, mi.flat());
    const restId = zeros(4 * rest.length * kp);
    b.writeI32(restId, rest.flat());
    const lookId = zeros(4 * look.length);
    b.writeI32(lookId, look);
    const qId = zeros(8 * q.length);
    b.writeF64(qId, q);
    const sums = zeros(8 * lab.n * nMI);
    const sqs = zeros(8 * lab.n * nMI);
    const wsum = zeros(8 * lab.n);
    const cnt = zeros(8 * lab.n);
    const hs = zeros(8 * kp * (j + 1));
    const aId = zeros(8 * ka * ka);
    const floorId = zeros(8 * ka);
    K.analyzeBinMoments(ps.z, ps.n, ps.k, qId, r, ps.w, lab.id, j, miId, nMI, sums, sqs, wsum, cnt, hs);
    K.analyzeOrderMatrix(sums, sqs, wsum, cnt, lab.n, nMI, kp, s, restId, rest.length, lookId, aId, floorId);
    const floor = b.readF64(floorId, ka).reduce((m, x) => (x > m ? x : m), 0);
    return { a: b.readF64(aId, ka * ka), floor };
  });
}

export function multiPassLevels(linalg: WasmLinalg, fine: PointSet, coarse: PointSet | null, opts: MultiPassOptions): MultiPassResult {
  const k = fine.k;
  const decisions: Decision[] = [];
  const levels: number[][][] = [];
  const hard: HardDirection[] = [];
  let q = identity(k);
  let r = 0;
  const labF: Labels[] = [];
  const labC: Labels[] = [];
  const labelScope = new BufferScope(linalg.backend);
  const freeLabels = () => {
    labF.splice(0);
    labC.splice(0);
    labelScope.free();
  };

  /** Eigen-decomposition of the order-j matrix on coordinates s… of U^⊥, with decisions. */
  const decide = (j: number, s: number, describe: (i: number, n: number) => string) => {
    const mf = orderMatrix(linalg, fine, labF[0], q, r, s, j);
    const ka = k - r - s;
    const ef = linalg.eigen(mf.a, ka);
    let err: Float64Array;
    if (coarse) {
      const mc = orderMatrix(linalg, coarse, labC[0], q, r, s, j);
      err = linalg.absDiff(ef.values, linalg.eigen(mc.a, ka).values);
    } else {
      err = new Float64Array(ka).fill(mf.floor);
    }
    const accepted: number[] = [];
    const rejected: number[] = [];
    for (let i = 0; i < ka; i++) {
      const tol = linalg.threshold(opts.tolerance, err[i], ERROR_FACTOR);
      const nonZero = ef.values[i] > tol;
      (nonZero ? accepted : rejected).push(i);
      decisions.push({ kind: j === 1 ? 'level' : 'order', what: describe(i, ka), value: ef.values[i], error: err[i], tolerance: tol, nonZero });
    }
    if (accepted.length) {
      q = linalg.rotateColumns(q, k, r + s, [...accepted, ...rejected].map((i) => ef.vectors[i]));
      q = linalg.canonicalizeColumns(q, k, r + s, accepted.length);
      q = linalg.canonicalizeColumns(q, k, r + s + accepted.length, rejected.length);
    }
    return accepted.length;
  };

  try {
    while (r < k) {
      freeLabels();
      labF.push(labels(linalg, fine, q, r, opts.bins, labelScope));
      if (coarse) labC.push(labels(linalg, coarse, q, r, opts.bins, labelScope));
      const level = levels.length + 1;
      const got = decide(1, 0, (i, n) =>
        `multi-pass: level ${level}, E[E[v·z | y${r ? ', z_U' : ''}]²] for eigen-direction ${i + 1} of ${n} of U${r ? `_${level - 1}` : ''}^⊥`);
      if (!got) break;
      levels.push(Array.from({ length: got }, (_, j) => Array.from(column(q, k, r + j))));
      r += got;
    }
    if (r < k) {
      let s = 0;
      for (let j = 2; j <= opts.maxOrder && r + s < k; j++) {
        const got = decide(j, s, (i, n) =>
          `multi-pass: symmetric directions, order-${j} conditional Hermite moment given (y${r ? ', z_U' : ''}), eigen-direction ${i + 1} of ${n}`);
        for (let t = 0; t < got; t++) hard.push({ direction: Array.from(column(q, k, r + s + t)), order: j });
        s += got;
      }
      for (let t = r + s; t < k; t++) hard.push({ direction: Array.from(column(q, k, t)), order: null });
    }
    return { levels, hard, decisions };
  } finally {
    freeLabels();
  }
}
