// Two-sample statistics of the engine comparisons (reduced vs explicit, engine vs reference):
// the Welch z of the means, and absolute deviations from the median (the Brown–Forsythe
// transform: a Welch z of these compares the spreads).
import { expect } from 'vitest';

/** One comparison of meanAndSpreadZ. */
export interface EntryZ {
  key: string;
  test: 'mean' | 'spread';
  z: number;
}

/** Welch z of two samples. */
function welch(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const vari = (v: number[], m: number) => v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1);
  const mx = mean(x), my = mean(y);
  return (mx - my) / Math.sqrt(vari(x, mx) / x.length + vari(y, my) / y.length);
}

/** |v_i − median(v)|. */
function absDev(v: number[]): number[] {
  const s = [...v].sort((a, b) => a - b);
  const med = s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  return v.map((a) => Math.abs(a - med));
}

/**
 * Every scalar observable at each recorded step, by name: M, the upper triangle of Q (Q is
 * symmetric, so the lower one would repeat it), a when given, the training error when given.
 * Both sides of a comparison name their entries here, so that the keys match.
 */
export function observableEntries(
  steps: number[], M: number[][][], Q: number[][][], train?: number[], a?: number[][],
): Map<string, number> {
  const out = new Map<string, number>();
  steps.forEach((t, i) => {
    M[i].forEach((row, j) => row.forEach((v, r) => out.set(`M[${t}][${j}][${r}]`, v)));
    Q[i].forEach((row, j) => row.forEach((v, l) => { if (l >= j) out.set(`Q[${t}][${j}][${l}]`, v); }));
    a?.[i].forEach((v, j) => out.set(`a[${t}][${j}]`, v));
    if (train) out.set(`train[${t}]`, train[i]);
  });
  return out;
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
): EntryZ[] {
  const out: EntryZ[] = [];
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

/**
 * The pre-registered check of a file's family of comparisons: its size in (min, max] (the band
 * was derived for at most max), every |z| < band. The largest |z| is logged so that a drift
 * towards the band shows before it fails.
 */
export function expectZFamily(label: string, results: (EntryZ & { name: string })[], band: number, min: number, max: number): void {
  expect(results.length).toBeGreaterThan(min);
  expect(results.length).toBeLessThanOrEqual(max);
  const worst = results.reduce((a, r) => (Math.abs(r.z) > Math.abs(a.z) ? r : a));
  console.log(`${label}: ${results.length} comparisons, largest |z| = ${Math.abs(worst.z).toFixed(2)} (${worst.name}, ${worst.key}, ${worst.test})`);
  expect(results.filter((r) => !(Math.abs(r.z) < band))).toEqual([]);
}
