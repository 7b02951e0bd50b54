// x^y for a small integer y by repeated multiplication, left to right (((x·x)·x)·…), then
// 1/… for y < 0: the exact order assembly/expr.ts uses, so constant folding here and the
// WASM give the same bits. Exponents outside POW_INT_MAX go to pow().

/** Largest |y| evaluated by repeated multiplication. */
export const POW_INT_MAX = 64;

export function isSmallIntegerExponent(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) <= POW_INT_MAX;
}

export function powInt(x: number, y: number): number {
  const m = Math.abs(y);
  let r = m === 0 ? 1 : x;
  for (let k = 1; k < m; k++) r = r * x;
  return y < 0 ? 1 / r : r;
}
