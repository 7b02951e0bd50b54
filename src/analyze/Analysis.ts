// The result of analyze() (docs/model.md §7). Vectors are unit vectors of R^k in
// the coordinates z1…zk of the target; every zero/non-zero verdict is listed in `decisions`.
// Every verdict (exponents, leaps, levels, symmetric directions, sample complexity, student)
// is made inside the relevant subspace; irrelevant directions appear only in `irrelevant`.

export interface Decision {
  kind: 'variance' | 'relevant' | 'leap' | 'information-exponent' | 'level' | 'order' | 'learnt' | 'selection-rule';
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
  /** Relevant directions no leap up to the degree reaches. */
  unreached: number[][];
  /** Counts relevant directions only: 'never (no leap)' when some relevant direction is unreached. */
  sampleComplexity: SampleComplexity;
  /** The single-pass prediction for one student (activation, α, η, steps): which relevant directions it moves along in O(1) steps at n = αd. */
  student?: StudentPrediction;
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
  /** A relevant direction no multi-pass level reaches. */
  direction: number[];
  /** Lowest j ≥ 2 with a non-zero order-j conditional moment given (y, z_U); null: none up to maxOrder. */
  order: number | null;
}

export interface StudentDirection {
  direction: number[];
  /** True when the student's single-pass recursion moves along it in O(1) steps (n = αd). */
  learnt: boolean;
  /** Why: the overlap reached, or that it stays at 0 and by which mechanism. */
  reason: string;
}

export interface StudentPrediction {
  activation: string;
  alpha: number;
  lr: number;
  steps: number;
  p: number;
  /** An orthonormal basis of the relevant subspace: moved directions first. */
  directions: StudentDirection[];
  method: string;
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
  /** Unit vectors spanning the subspace f* depends on. */
  relevant: number[][];
  /** Unit vectors spanning its complement: f* does not depend on them, and no verdict counts them. */
  irrelevant: number[][];
  /** Set for targets with nothing to learn. */
  verdict?: string;
  mean: number;
  variance: number;
  singlePass: SinglePassAnalysis;
  multiPass: MultiPassAnalysis;
  decisions: Decision[];
  method: { hermite: string; relevant: string; multiPass: string; student?: string };
  tolerance: number;
  seed: number;
  degree: number;
  maxOrder: number;
}
