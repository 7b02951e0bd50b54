/** Runs of consecutive indices where x and y are both finite, so that a line breaks at a missing value rather than lying. */
export function finiteRuns(xs: readonly number[], ys: readonly number[]): number[][] {
  const runs: number[][] = [];
  let current: number[] = [];
  ys.forEach((y, i) => {
    if (Number.isFinite(y) && Number.isFinite(xs[i])) current.push(i);
    else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  });
  if (current.length > 0) runs.push(current);
  return runs;
}
