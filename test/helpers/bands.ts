// Tolerance bands of the statistical tests, derived instead of chosen: one convention for every
// test file, fixed before the tests run.
// - A file's statistical checks form one family. A correct library fails the file by chance with
//   probability at most FAMILY_WISE: each of the m checks gets the Šidák rate 1 − (1 − α)^{1/m}
//   (exact for independent checks, conservative for positively correlated ones, which is what
//   the checks along one trajectory are).
// - A check that must detect an effect (not only stay quiet under the null) gets its sample size
//   from the power calculation: expected z ≥ band + z_{1−POWER}.
// Test-only arithmetic: nothing here enters a trajectory.

/** Family-wise false-alarm rate of one test file. */
export const FAMILY_WISE = 0.01;
/** Power each detection check must have against the effect it is there to detect. */
export const POWER = 0.99;

/** Standard normal density. */
const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** P(Z > z) for Z ~ N(0, 1), z ≥ 0: composite Simpson over [z, z + 12] (relative error < 1e-9). */
export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z);
  const n = 4000;
  const h = 12 / n;
  let s = phi(z) + phi(z + 12);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * phi(z + i * h);
  return (s * h) / 3;
}

/** The z ≥ 0 with P(|T| > z) = p for the decreasing tail `tail`, by bisection on [0, 1e4]. */
function invertTail(tail: (z: number) => number, p: number): number {
  let lo = 0;
  let hi = 1e4;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (tail(mid) > p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** z with P(Z > z) = p (upper quantile of N(0, 1)), for 0 < p ≤ ½. */
export const normalUpperQuantile = (p: number): number => invertTail(normalUpperTail, p);

/** Šidák per-check rate for m checks at family-wise rate α. */
export const sidakRate = (m: number, familyWise = FAMILY_WISE): number => 1 - (1 - familyWise) ** (1 / m);

/** Two-sided normal band |z| < c for m checks at family-wise rate α (Šidák). */
export const sidakBand = (m: number, familyWise = FAMILY_WISE): number => normalUpperQuantile(sidakRate(m, familyWise) / 2);

/** P(|T| > t) for Student's t with ν degrees of freedom (Abramowitz & Stegun 26.7.3–4). */
export function studentTwoSidedTail(t: number, nu: number): number {
  const theta = Math.atan(Math.abs(t) / Math.sqrt(nu));
  const c2 = Math.cos(theta) ** 2;
  let inside: number;
  if (nu % 2 === 1) {
    let term = Math.cos(theta);
    let sum = nu > 1 ? term : 0;
    for (let k = 3; k <= nu - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    inside = (2 / Math.PI) * (theta + Math.sin(theta) * sum);
  } else {
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= nu - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    inside = Math.sin(theta) * sum;
  }
  return 1 - inside;
}

/** Two-sided Student-t band |t| < c with ν degrees of freedom for m checks (Šidák). */
export const sidakBandT = (m: number, nu: number, familyWise = FAMILY_WISE): number =>
  invertTail((t) => studentTwoSidedTail(t, nu), sidakRate(m, familyWise));

/** P(χ²_ν > x) for even ν: e^{−x/2} Σ_{i<ν/2} (x/2)^i / i!. */
export function chiSquareUpperTailEven(x: number, nu: number): number {
  if (nu % 2 !== 0) throw new Error(`chiSquareUpperTailEven needs an even ν, got ${nu}`);
  let term = 1;
  let sum = 1;
  for (let i = 1; i < nu / 2; i++) {
    term *= x / 2 / i;
    sum += term;
  }
  return Math.exp(-x / 2) * sum;
}

/** x with P(χ²_ν > x) = p, ν even. */
export const chiSquareUpperQuantileEven = (p: number, nu: number): number => invertTail((x) => chiSquareUpperTailEven(x, nu), p);

/**
 * Samples (seeds) a detection check needs: the expected z, effect·√n/σ, must reach
 * band + z_{1−power}, so n = ⌈((band + z_{1−power})·σ/effect)²⌉.
 */
export function samplesForPower(band: number, sigma: number, effect: number, power = POWER): number {
  return Math.ceil((((band + normalUpperQuantile(1 - power)) * sigma) / effect) ** 2);
}

/** Power of a one-sided check "estimate > band·SE" when the expected z is `expectedZ` (normal approximation). */
export const powerAt = (band: number, expectedZ: number): number => 1 - normalUpperTail(expectedZ - band);

/**
 * Power of a one-sided Student-t check "t > band" when the expected t (effect·√n/σ) is
 * `expectedT`, ν degrees of freedom: Φ((δ − c)/√(1 + c²/(2ν))), the usual normal approximation
 * of the non-central t (within 0.6 % of the exact value at ν = 7…9 for the bands used here).
 */
export const studentPowerAt = (band: number, expectedT: number, nu: number): number =>
  1 - normalUpperTail((expectedT - band) / Math.sqrt(1 + (band * band) / (2 * nu)));

/**
 * Seeds a family of m Student-t checks (Šidák at FAMILY_WISE) needs so that a check detects an
 * effect of size `effect` (per-seed standard deviation σ) with probability ≥ power.
 */
export function seedsForPowerT(m: number, sigma: number, effect: number, power = POWER): number {
  for (let n = 3; ; n++) {
    if (studentPowerAt(sidakBandT(m, n - 1), (effect * Math.sqrt(n)) / sigma, n - 1) >= power) return n;
  }
}

/**
 * Two-sided band [lo, hi] for a χ²_ν statistic, one of m checks (Šidák), by the Wilson–Hilferty
 * cube-root normal approximation (within 0.03 of the exact quantiles at ν = 999).
 */
export function chiSquareBand(nu: number, m: number, familyWise = FAMILY_WISE): { lo: number; hi: number } {
  const z = sidakBand(m, familyWise);
  const q = (s: number) => nu * (1 - 2 / (9 * nu) + s * Math.sqrt(2 / (9 * nu))) ** 3;
  return { lo: q(-z), hi: q(z) };
}

/** P(K > x) for the Kolmogorov distribution (the limit law of D·√n): 2 Σ (−1)^{k−1} e^{−2k²x²}. */
export function kolmogorovUpperTail(x: number): number {
  let s = 0;
  for (let k = 1; k <= 100; k++) s += (k % 2 === 1 ? 2 : -2) * Math.exp(-2 * k * k * x * x);
  return s;
}

/** Band D·√n < c of a Kolmogorov–Smirnov check, one of m checks (Šidák). */
export const kolmogorovBand = (m: number, familyWise = FAMILY_WISE): number => invertTail(kolmogorovUpperTail, sidakRate(m, familyWise));
