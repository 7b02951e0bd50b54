// Shared by the float64 references of the training variants (referenceTrain, referenceVariants,
// seReference): written from docs/model.md §4, in JS Math. Test oracles only.

export type RefLoss = 'square' | 'correlation' | 'exponential';

/** ℓ'(ŷ, y): ŷ − y (square), −y (correlation), −y·exp(min(−yŷ, 2)) (exponential). */
export function lossSlope(loss: RefLoss, yhat: number, y: number): number {
  if (loss === 'correlation') return -y;
  if (loss === 'exponential') return -y * Math.exp(Math.min(-y * yhat, 2));
  return yhat - y;
}

/** x·y, summed left to right. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}
