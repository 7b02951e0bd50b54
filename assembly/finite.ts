// Finiteness of values computed in WASM (labels, expression probes), tested here so that no
// JS arithmetic touches them: the index of the first NaN or ±Infinity among n float64.

/** Index of the first non-finite float64 of x[0…n), or −1 when all are finite. */
export function firstNonFinite(x: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) {
    if (!isFinite<f64>(load<f64>(x + (<usize>i << 3)))) return i;
  }
  return -1;
}
