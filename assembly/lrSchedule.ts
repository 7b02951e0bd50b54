// Learning-rate schedule factors η_t/η (docs/model.md §4) for the updates t = t0 … t0+count−1
// of a run of T steps. The schedule arrives as nf records of 3 float64 (kind, a, b), kinds as
// in src/kernels/lrFactors.ts: 1 step decay a^⌊t/b⌋, 2 inverse 1/(1 + t/a), 3 cosine
// ½(1 + cos(π t/T)), 4 warm-up min(1, (t + 1)/a). Factors multiply in the order given.
// Math.cos and Math.pow are AssemblyScript's own (software) functions: the same bits in
// every engine and in both builds.

export function lrFactors(spec: usize, nf: i32, t0: f64, count: i32, T: f64, out: usize): void {
  for (let i = 0; i < count; i++) {
    const t = t0 + <f64>i;
    let f: f64 = 1;
    for (let j = 0; j < nf; j++) {
      const r = spec + (<usize>(3 * j) << 3);
      const kind = <i32>load<f64>(r);
      const a = load<f64>(r, 8);
      const b = load<f64>(r, 16);
      if (kind == 1) f *= Math.pow(a, Math.floor(t / b));
      else if (kind == 2) f *= 1.0 / (1.0 + t / a);
      else if (kind == 3) f *= T > 0 ? 0.5 * (1.0 + Math.cos(Math.PI * t / T)) : 1.0;
      else if (kind == 4) f *= min(1.0, (t + 1.0) / a);
    }
    store<f64>(out + (<usize>i << 3), f);
  }
}
