// One-sided Welch test from two groups' means and standard errors (se = s/√n, s the sample
// standard deviation, as summarizeSeeds reports them): H₁ mean_a > mean_b,
// t = (mean_a − mean_b)/√(se_a² + se_b²) with the Welch–Satterthwaite degrees of freedom
// ν = (se_a² + se_b²)² / (se_a⁴/(n_a − 1) + se_b⁴/(n_b − 1)). Statistics on results only.
import { studentUpperTail } from './studentUpperTail.js';

export interface Group {
  mean: number;
  se: number;
  n: number;
}

export interface WelchResult {
  /** mean_a − mean_b. */
  difference: number;
  /** Its standard error √(se_a² + se_b²). */
  se: number;
  t: number;
  nu: number;
  /** One-sided p-value P(T_ν > t). */
  p: number;
}

export function welchTest(a: Group, b: Group): WelchResult {
  const va = a.se * a.se;
  const vb = b.se * b.se;
  const v = va + vb;
  const difference = a.mean - b.mean;
  const se = Math.sqrt(v);
  // Both groups without spread: the difference is exact (p = 0 if positive, 1 otherwise).
  if (v === 0) return { difference, se, t: difference > 0 ? Infinity : difference < 0 ? -Infinity : NaN, nu: NaN, p: difference > 0 ? 0 : 1 };
  const t = difference / se;
  const nu = (v * v) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return { difference, se, t, nu, p: studentUpperTail(t, nu) };
}
