// Copies a compiled expression (src/expr/compileExpression.ts) into WASM memory, where
// assembly/expr.ts (evalProgram) and the kernels that call it read it.
import type { CompiledExpression } from '../expr/compileExpression.js';
import { BufferScope, type Backend, type BufferId } from '../wasm/backend.js';

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
  const scope = new BufferScope(backend);
  const codeId = scope.copyI32(compiled.code.length ? compiled.code : [0]);
  const constsId = scope.copyF64(compiled.consts.length ? compiled.consts : [0]);
  return {
    codeId,
    constsId,
    codeLen: compiled.code.length,
    maxStack: Math.max(1, compiled.maxStack),
    nVars: compiled.nVars,
    free: () => scope.free(),
  };
}
