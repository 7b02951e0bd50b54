// Axis ticks of the linear-axis figures (figureSvg.ts, bandPanelsSvg.ts).

/**
 * Ticks at 1, 2 or 5 × 10^e covering [lo, hi] with about `count` intervals. An empty range
 * (hi ≤ lo) is widened by half of |lo| (or 1) on each side.
 */
export function niceTicks(lo: number, hi: number, count: number): { ticks: number[]; step: number } {
  if (!(hi > lo)) {
    const half = Math.abs(lo) > 0 ? Math.abs(lo) * 0.5 : 1;
    lo -= half;
    hi += half;
  }
  const raw = (hi - lo) / count;
  const e = Math.floor(Math.log10(raw));
  const base = raw / 10 ** e;
  const nice = base <= 1 ? 1 : base <= 2 ? 2 : base <= 5 ? 5 : 10;
  const step = nice * 10 ** e;
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(i * step);
  return { ticks, step };
}
