import type { Backend, BufferId } from '../wasm/backend.js';
import type { UploadedExpression } from './uploadExpression.js';

/**
 * z = W* x/√d for nRows stored rows into Z (k × nRows, column-major float64), then y = f*(z)
 * (docs/model.md §1). T is the teacher in the rows' precision (f32 copy for f32 rows).
 */
export function targetLabels(
  b: Backend, X: BufferId, ld: number, nRows: number, storage: 'f32' | 'f64', T: BufferId, k: number, d: number,
  target: UploadedExpression, Z: BufferId, y: BufferId, stack: BufferId,
): void {
  b.kernels.targetLabels(X, ld, nRows, storage === 'f64' ? 1 : 0, T, k, d, target.codeId, target.codeLen, target.constsId, Z, y, stack);
}
