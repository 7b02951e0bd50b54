// The WASM resources of one run (buffers, uploaded programs, plans), freed together in reverse
// order at the end, even on error. Both engines (runTrajectory, runReduced) allocate through it.
import type { CompiledExpression } from '../expr/compileExpression.js';
import { uploadExpression, type UploadedExpression } from '../kernels/uploadExpression.js';
import type { Backend, BufferId } from '../wasm/backend.js';

export interface RunScope {
  alloc(bytes: number): BufferId;
  upload(e: CompiledExpression): UploadedExpression;
  /** Frees `x` with the scope. */
  own<T extends { free(): void }>(x: T): T;
  free(): void;
}

export function runScope(b: Backend): RunScope {
  const owned: { free(): void }[] = [];
  const ids: BufferId[] = [];
  return {
    alloc(bytes) {
      const id = b.alloc(bytes);
      ids.push(id);
      return id;
    },
    upload(e) {
      const u = uploadExpression(b, e);
      owned.push(u);
      return u;
    },
    own(x) {
      owned.push(x);
      return x;
    },
    free() {
      for (const u of owned.reverse()) u.free();
      for (const id of ids.reverse()) b.free(id);
      owned.length = 0;
      ids.length = 0;
    },
  };
}
