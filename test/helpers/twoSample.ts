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

/** Appends the values of m to acc, one list per key. */
export function pushSamples(acc: Map<string, number[]>, m: Iterable<[string, number]>): void {
  for (const [key, v] of m) {
    if (!acc.has(key)) acc.set(key, []);
    acc.get(key)!.push(v);
  }
}

/**
 * Per key of x (y has the same keys), in x's order: when both samples are constant, exact(x₀, y₀)
 * checks them; otherwise the Welch z of the means, then of the absolute deviations (spreads).
 */
export function meanAndSpreadZ(
  x: Map<string, number[]>, y: Map<string, number[]>,
  constant: (v: number[]) => boolean, exact: (a: number, b: number) => void,
): { key: string; test: 'mean' | 'spread'; z: number }[] {
  const out: { key: string; test: 'mean' | 'spread'; z: number }[] = [];
  for (const [key, a] of x) {
    const b = y.get(key)!;
    if (constant(a) && constant(b)) {
      exact(a[0], b[0]);
      continue;
    }
    out.push({ key, test: 'mean', z: welch(a, b) }, { key, test: 'spread', z: welch(absDev(a), absDev(b)) });
  }
  return out;
}
