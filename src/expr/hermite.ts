// Probabilists' Hermite polynomials by the recurrence He_{k+1} = x He_k − k He_{k−1}
// (docs/model.md §5: He₃(z) = z³ − 3z), in the operation order of assembly/expr.ts.

export function hermite(n: number, x: number): number {
  if (n === 0) return 1;
  let h0 = 1;
  let h1 = x;
  for (let k = 1; k < n; k++) {
    const h2 = x * h1 - k * h0;
    h0 = h1;
    h1 = h2;
  }
  return h1;
}
