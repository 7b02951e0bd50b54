// Multi-indices α ∈ N^n with |α| = order, in a fixed (reverse-lexicographic) order: the
// Hermite products He_α(x) = Π He_{α_i}(x_i) that make up the order-j Hermite tensor of n
// coordinates (integer bookkeeping for the WASM kernels of assembly/analyzeBins.ts).

export function multiIndices(n: number, order: number): number[][] {
  const out: number[][] = [];
  const cur = new Array<number>(n).fill(0);
  const rec = (i: number, left: number): void => {
    if (i === n - 1) {
      cur[i] = left;
      out.push(cur.slice());
      return;
    }
    for (let a = left; a >= 0; a--) {
      cur[i] = a;
      rec(i + 1, left - a);
    }
  };
  if (n === 0) return order === 0 ? [[]] : [];
  rec(0, order);
  return out;
}
