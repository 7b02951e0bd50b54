// Copies a compiled expression (src/expr/compileExpression.ts) into WASM memory, where
// assembly/expr.ts (evalProgram) and the kernels that call it read it.
import type { CompiledExpression } from '../expr/compileExpression.js';
import type { Backend, BufferId } from '../wasm/backend.js';

export interface UploadedExpression {
  codeId: BufferId;
  constsId: BufferId;
  codeLen: number;
  /** Stack columns the program needs (≥ 1): the `stack` scratch holds maxStack·len doubles. */
  maxStack: number;
  nVars: number;
  free(): void;
}

export function uploadExpression(backend: Backend, compiled: CompiledExpression): UploadedExpression {
  // Empty arrays still get a (16-byte) buffer so that every id has a valid pointer.
  const codeId = backend.fromI32(compiled.code.length ? compiled.code : [0]);
  const constsId = backend.fromF64(compiled.consts.length ? compiled.consts : [0]);
  let live = true;
  return {
    codeId,
    constsId,
    codeLen: compiled.code.length,
    maxStack: Math.max(1, compiled.maxStack),
    nVars: compiled.nVars,
    free() {
      if (!live) return;
      live = false;
      backend.free(constsId);
      backend.free(codeId);
    },
  };
}
