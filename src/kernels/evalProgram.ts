// Wrapper of assembly/expr.ts evalProgram: evaluates an uploaded expression at `len` points.
import type { Backend } from '../wasm/backend.js';
import type { UploadedExpression } from './uploadExpression.js';

type EvalProgramKernel = (
  code: number, codeLen: number, consts: number, vars: number, varStride: number, len: number, out: number, stack: number,
) => void;

/**
 * Variable v at point i is the float64 at varsPtr + 8·(v·varStride + i); out gets len
 * float64; stackPtr is scratch of prog.maxStack·len float64. All are byte offsets (b.ptr(id)).
 */
export function evalProgram(
  backend: Backend, prog: UploadedExpression, varsPtr: number, varStride: number, len: number, outPtr: number, stackPtr: number,
): void {
  backend.fn<EvalProgramKernel>('evalProgram')(
    backend.ptr(prog.codeId), prog.codeLen, backend.ptr(prog.constsId), varsPtr, varStride, len, outPtr, stackPtr,
  );
}
