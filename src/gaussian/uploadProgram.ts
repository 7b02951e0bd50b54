// A compiled expression program (src/expr/compileExpression.ts) copied into WASM memory for
// the Gaussian kernels (assembly/gaussMoments.ts calls evalProgram on it).
import type { Backend, BufferId } from '../wasm/backend.js';

/** The fields of a compiled expression that the kernels read. */
export interface CompiledProgram {
  code: Int32Array;
  consts: Float64Array;
  nVars: number;
  maxStack: number;
}

export interface UploadedProgram {
  codeId: BufferId;
  constsId: BufferId;
  codeLen: number;
  maxStack: number;
  nVars: number;
  free(): void;
}

export function uploadProgram(backend: Backend, program: CompiledProgram): UploadedProgram {
  const codeId = backend.fromI32(program.code.length ? program.code : [0]);
  const constsId = backend.fromF64(program.consts.length ? program.consts : [0]);
  return {
    codeId,
    constsId,
    codeLen: program.code.length,
    maxStack: Math.max(1, program.maxStack),
    nVars: program.nVars,
    free() {
      backend.free(constsId);
      backend.free(codeId);
    },
  };
}
