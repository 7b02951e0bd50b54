// The WASM resources of one run (buffers, uploaded programs, plans), freed together in reverse
// order at the end, even on error (a BufferScope). Both engines (runTrajectory, runReduced)
// allocate through it.
import type { CompiledExpression } from '../expr/compileExpression.js';
import { uploadExpression, type UploadedExpression } from '../kernels/uploadExpression.js';
import { BufferScope, type Backend, type BufferId } from '../wasm/backend.js';

export interface RunScope {
  alloc(bytes: number): BufferId;
  upload(e: CompiledExpression): UploadedExpression;
  /** Frees `x` with the scope. */
  own<T extends { free(): void }>(x: T): T;
  free(): void;
}

export function runScope(b: Backend): RunScope {
  const scope = new BufferScope(b);
  return {
    alloc: (bytes) => scope.buffer(bytes),
    upload: (e) => scope.own(uploadExpression(b, e)),
    own: (x) => scope.own(x),
    free: () => scope.free(),
  };
}
