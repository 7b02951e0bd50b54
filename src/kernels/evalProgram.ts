// Wrapper of assembly/expr.ts evalProgram: evaluates an uploaded expression at `len` points.
import type { Backend } from '../wasm/backend.js';
import type { BufferRef } from './bindKernels.js';
import type { UploadedExpression } from './uploadExpression.js';

/**
 * Variable v at point i is the float64 at element v·varStride + i of `vars`; `out` gets len
 * float64; `stack` is scratch of prog.maxStack·len float64.
 */
export function evalProgram(
  backend: Backend, prog: UploadedExpression, vars: BufferRef, varStride: number, len: number, out: BufferRef, stack: BufferRef,
): void {
  backend.kernels.evalProgram(prog.codeId, prog.codeLen, prog.constsId, vars, varStride, len, out, stack);
}
