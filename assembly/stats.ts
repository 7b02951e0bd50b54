// Mean and standard error over seeds, in WASM so that the reported numbers
// are the same bits in every engine.

/**
 * data: nSeeds rows of len float64 values. mean[i] = Σ_s x/n; se[i] = √(Σ_s (x − mean)²/(n−1)/n)
 * (0 when n = 1). Two passes for accuracy.
 */
export function meanSe(data: usize, nSeeds: i32, len: i32, mean: usize, se: usize): void {
  const n = <f64>nSeeds;
  for (let i = 0; i < len; i++) {
    let s: f64 = 0;
    for (let r = 0; r < nSeeds; r++) s += load<f64>(data + (<usize>(r * len + i) << 3));
    const m = s / n;
    let v: f64 = 0;
    for (let r = 0; r < nSeeds; r++) {
      const dx = load<f64>(data + (<usize>(r * len + i) << 3)) - m;
      v += dx * dx;
    }
    store<f64>(mean + (<usize>i << 3), m);
    store<f64>(se + (<usize>i << 3), nSeeds > 1 ? Math.sqrt(v / (n - 1) / n) : 0);
  }
}
