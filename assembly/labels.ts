// Labels of a stored batch (docs/model.md §1): z = W* x/√d ∈ R^k, y = f*(z) + √Δ ξ.
import { dot1F32, dot1F64 } from './dot';
import { evalProgram } from './expr';

/**
 * Local fields Z (float64, column-major: Z[r·nRows + μ]) of nRows stored rows (stride ld,
 * f32 when f64rows = 0 with the teacher's f32 copy Tf, else float64 with T), then
 * y[μ] = f*(Z[·, μ]) through the compiled target program. stack: maxStack·nRows doubles.
 */
export function targetLabels(
  X: usize, ld: i32, nRows: i32, f64rows: i32, T: usize, k: i32, d: i32,
  code: usize, codeLen: i32, consts: usize, Z: usize, y: usize, stack: usize,
): void {
  const scale = 1.0 / Math.sqrt(<f64>d);
  const shift: i32 = f64rows ? 3 : 2;
  const rowBytes = <usize>ld << shift;
  for (let i = 0; i < nRows; i++) {
    const x = X + <usize>i * rowBytes;
    for (let r = 0; r < k; r++) {
      const t = T + <usize>r * rowBytes;
      const z = f64rows ? dot1F64(x, t, ld) : dot1F32(x, t, ld);
      store<f64>(Z + (<usize>(r * nRows + i) << 3), z * scale);
    }
  }
  evalProgram(code, codeLen, consts, Z, nRows, nRows, y, stack);
}

/** y += √Δ·ξ (label noise, §1). */
export function addNoise(y: usize, xi: usize, n: i32, variance: f64): void {
  const s = Math.sqrt(variance);
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + s * load<f64>(xi + o));
  }
}
