// Two-sample statistics of the engine comparisons (reduced vs explicit, engine vs reference):
// the Welch z of the means, and absolute deviations from the median (the Brown–Forsythe
// transform: a Welch z of these compares the spreads).

/** Welch z of two samples. */
export function welch(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const vari = (v: number[], m: number) => v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1);
  const mx = mean(x), my = mean(y);
  return (mx - my) / Math.sqrt(vari(x, mx) / x.length + vari(y, my) / y.length);
}

/** |v_i − median(v)|. */
export function absDev(v: number[]): number[] {
  const s = [...v].sort((a, b) => a - b);
  const med = s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  return v.map((a) => Math.abs(a - med));
}
