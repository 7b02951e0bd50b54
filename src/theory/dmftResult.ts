// The result of dmft() and how it is read off the per-step obs vectors of dmftSolveStep.

export interface DmftResult {
  method: 'dmft';
  steps: number[];
  /** m^t = M^t, [t][j][r]. */
  M: number[][][];
  /** Q^t = m mᵀ + E[h̃h̃ᵀ] (docs/dmft.md D10), [t][j][l]. */
  Q: number[][][];
  /** Population error ½E[(f* − ŷ(m z* + h̃))²] + ½Δ by Monte Carlo over the samples (docs/dmft.md §6). */
  testError: number[];
  /** Training error ½E[(y − ŷ(u))²] of the effective sample (with the echo). */
  trainError: number[];
  /** Noise covariance C(t,s) = αE[g^t g^sᵀ] (D7), [t][s][j][l] for s ≤ t. */
  C: number[][][][];
  /** Memory kernel Γ(t,s) = αE[∂g^t/∂h̃^s] (D8, D11), [t][s][j][l] for s ≤ t. */
  Gamma: number[][][][];
  /** Λ^t = Γ(t,t), the effective regularisation, [t][j][l]. */
  Lambda: number[][][];
  /** Batch-means Monte Carlo standard errors over `groups` groups (docs/dmft.md §7). */
  se: DmftSe;
  /** The trained second layer a^t, [t][j] (secondLayerLr > 0 only; its SE in se.a). */
  a?: number[][];

  samples: number;
  /** Number G of Monte Carlo groups (chunk c in group c mod G). */
  groups: number;
  /** Per group: its sample count and its own estimate of M, [g][t][j][r] (for batch-means errors of any functional of M). */
  groupEstimates: { samples: number[]; M: number[][][][] };
  testErrorMethod: 'monte-carlo';
  config: Record<string, unknown>;
}

/** Monte-Carlo standard errors of the per-step fields, with their shapes. */
export type DmftSe = Pick<DmftResult, 'M' | 'Q' | 'testError' | 'trainError' | 'C' | 'Gamma' | 'Lambda' | 'a'>;

interface Fields {
  M: number[][];
  Q: number[][];
  testError: number;
  trainError: number;
  C: number[][][];
  Gamma: number[][][];
  Lambda: number[][];
}

/** Splits one obs vector [M | Q | test | train | C rows | Γ rows] of step t. */
export function dmftFields(obs: Float64Array, p: number, k: number, T: number, t: number): Fields {
  const N = (T + 1) * p;
  const M = Array.from({ length: p }, (_, j) => Array.from(obs.subarray(j * k, j * k + k)));
  const oq = p * k;
  const Q = Array.from({ length: p }, (_, j) => Array.from(obs.subarray(oq + j * p, oq + j * p + p)));
  const oe = oq + p * p;
  const block = (off: number) =>
    Array.from({ length: t + 1 }, (_, s) => Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, l) => obs[off + j * N + s * p + l])));
  const C = block(oe + 2);
  const Gamma = block(oe + 2 + p * N);
  return { M, Q, testError: obs[oe], trainError: obs[oe + 1], C, Gamma, Lambda: Gamma[t] };
}

export function assembleDmftResult(
  obs: Float64Array[], se: Float64Array[], gobs: Float64Array[], groupSamples: number[], p: number, k: number, T: number, samples: number, config: Record<string, unknown>,
  /** A trained second layer's a^t and SE per step (empty when a is fixed). */
  a: { mean: Float64Array[]; se: Float64Array[] } = { mean: [], se: [] },
): DmftResult {
  const trained = a.mean.length > 0;
  const aRows = (rows: Float64Array[]) => rows.slice(0, obs.length).map((r) => Array.from(r));
  const groups = groupSamples.length;
  const O = obs.length ? obs[0].length : 0;
  const f = obs.map((o, t) => dmftFields(o, p, k, T, t));
  const e = se.map((o, t) => dmftFields(o, p, k, T, t));
  const pick = <K extends keyof Fields>(arr: Fields[], key: K): Fields[K][] => arr.map((x) => x[key]);
  return {
    method: 'dmft',
    steps: f.map((_, t) => t),
    M: pick(f, 'M'),
    Q: pick(f, 'Q'),
    testError: pick(f, 'testError'),
    trainError: pick(f, 'trainError'),
    C: pick(f, 'C'),
    Gamma: pick(f, 'Gamma'),
    Lambda: pick(f, 'Lambda'),
    se: {
      M: pick(e, 'M'),
      Q: pick(e, 'Q'),
      testError: pick(e, 'testError'),
      trainError: pick(e, 'trainError'),
      C: pick(e, 'C'),
      Gamma: pick(e, 'Gamma'),
      Lambda: pick(e, 'Lambda'),
      ...(trained ? { a: aRows(a.se) } : {}),
    },
    ...(trained ? { a: aRows(a.mean) } : {}),
    samples,
    groups,
    groupEstimates: {
      samples: groupSamples.slice(),
      M: groupSamples.map((_, g) => gobs.map((o, t) => dmftFields(o.subarray(g * O, (g + 1) * O), p, k, T, t).M)),
    },
    testErrorMethod: 'monte-carlo',
    config,
  };
}
