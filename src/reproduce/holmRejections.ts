// Holm's step-down procedure (Holm 1979): which of m hypotheses are rejected at family-wise
// error rate α under any dependence between the tests. The p-values are sorted, p₍ᵢ₎ is
// compared with α/(m − i) (i = 0 … m−1), and the procedure stops at the first that fails.

/** rejected[i] for each p-value p[i], in the order given (NaN is never rejected). */
export function holmRejections(p: number[], familyWise: number): boolean[] {
  const m = p.length;
  const order = p.map((v, i) => [Number.isNaN(v) ? Infinity : v, i] as const).sort((x, y) => x[0] - y[0]);
  const rejected = new Array<boolean>(m).fill(false);
  for (let r = 0; r < m; r++) {
    const [value, index] = order[r];
    if (!(value <= familyWise / (m - r))) break;
    rejected[index] = true;
  }
  return rejected;
}
