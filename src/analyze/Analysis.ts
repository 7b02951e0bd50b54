// The result of analyze() (docs/model.md §7). Vectors are unit vectors of R^k in
// the coordinates z1…zk of the target; every zero/non-zero verdict is listed in `decisions`.

export interface Decision {
  kind: 'variance' | 'leap' | 'information-exponent' | 'level' | 'order';
  /** What was decided, in words. */
  what: string;
  /** The number compared (an RMS Hermite coefficient, a coefficient, or an eigenvalue of a conditional-moment matrix). */
  value: number;
  /** Its numerical error estimate (finer minus coarser rule, or the Monte-Carlo noise floor). */
  error: number;
  /** The threshold used: max(tolerance, 5 · error). */
  tolerance: number;
  nonZero: boolean;
}

export interface HermiteCoefficient {
  /** α: the exponent of each variable, He_α(z) = Π He_{α_i}(z_i). */
  multiIndex: number[];
  /** c_α = E[f*(z) He_α(z)]; f* = Σ_α c_α He_α(z)/α!. */
  value: number;
  error: number;
}

export interface StaircaseStep {
  /** Size of the leap (the Hermite degree in the new directions). */
  leap: number;
  /** Orthonormal vectors of R^k that arrive at this leap. */
  vectors: number[][];
  /** For each vector v: the smallest ℓ with E[f* He_ℓ(v·z)] ≠ 0 (null: none up to the degree). */
  informationExponents: (number | null)[];
}

export type SampleComplexity = 'n ~ d' | 'n ~ d log d' | `n ~ d^${number}` | 'never (no leap)' | 'nothing to learn';

export interface SinglePassAnalysis {
  /** The smallest ℓ with E[f* He_ℓ(v·z)] ≠ 0 for some unit v (= the first leap); null for a constant target. */
  informationExponent: number | null;
  /** The largest leap needed; null when nothing is learnt. */
  leapExponent: number | null;
  /** Per leap, the orthonormal vectors that arrive. */
  staircase: number[][][];
  steps: StaircaseStep[];
  /** Directions no leap up to the degree reaches, although f* may depend on them. */
  unreached: number[][];
  /** Directions f* does not depend on (unused variables; for polynomials of total degree ≤ degree, every unreached direction). */
  notInTarget: number[][];
  sampleComplexity: SampleComplexity;
  hermite: {
    degree: number;
    convention: string;
    /** The coefficients judged non-zero, by degree. */
    coefficients: HermiteCoefficient[];
    method: string;
    exact: boolean;
    points: number;
  };
}

export interface HardDirection {
  direction: number[];
  /** Lowest j ≥ 2 with a non-zero order-j conditional moment given (y, z_U); null: none up to maxOrder. */
  order: number | null;
  /** Set when f* does not depend on this direction (an unused variable, or the complement of a polynomial's directions). */
  notInTarget?: true;
}

export interface MultiPassAnalysis {
  /** U₁, then U₂ \ U₁, …: orthonormal sets in R^k. */
  levels: number[][][];
  hard: HardDirection[];
  method: string;
  points: number;
  bins: number;
}

export interface Analysis {
  k: number;
  /** The target as formatted by formatExpression. */
  target: string;
  source: string;
  alias?: string;
  variables: string[];
  constant: boolean;
  /** Set for targets with nothing to learn. */
  verdict?: string;
  mean: number;
  variance: number;
  singlePass: SinglePassAnalysis;
  multiPass: MultiPassAnalysis;
  decisions: Decision[];
  method: { hermite: string; multiPass: string };
  tolerance: number;
  seed: number;
  degree: number;
  maxOrder: number;
}
