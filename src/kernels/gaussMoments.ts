// Calls assembly/gaussMoments.ts: moments of r = ŷ − f*(z) and g = r (a ⊙ σ'(u)) over a
// GaussianRule mapped to N(0, Σ) by the factor L (see assembly/gaussian.ts gaussFactorOverlaps).
import type { GaussianRule } from '../gaussian/GaussianRule.js';
import type { UploadedProgram } from '../gaussian/uploadProgram.js';
import type { Backend, BufferId } from '../wasm/backend.js';

const CHUNK = 512;

type MomentsFn = (
  n: number, xi: number, w: number, cap: number, k: number, p: number, L: number, a: number,
  tCode: number, tLen: number, tConsts: number,
  sCode: number, sLen: number, sConsts: number,
  dCode: number, dLen: number, dConsts: number,
  chunk: number, work: number, stack: number, out: number,
) => void;

/** Doubles written to `out` (layout in assembly/gaussMoments.ts). */
export function gaussMomentsSize(p: number, k: number): number {
  return 2 + p * k + 3 * p * p + p * (p + k);
}

/**
 * Fills `outId` (gaussMomentsSize(p, k) doubles). Without `derivative` only E[r²], E[r⁴] are
 * computed (the population error).
 */
export function gaussMoments(
  backend: Backend,
  rule: GaussianRule,
  p: number,
  k: number,
  factorId: BufferId,
  aId: BufferId,
  target: UploadedProgram,
  activation: UploadedProgram,
  derivative: UploadedProgram | null,
  outId: BufferId,
): void {
  const chunk = Math.min(CHUNK, rule.points + (rule.points & 1));
  const maxStack = Math.max(target.maxStack, activation.maxStack, derivative?.maxStack ?? 1);
  const work = backend.alloc(8 * (k + p + 2 + 2 * p) * chunk);
  const stack = backend.alloc(8 * maxStack * chunk);
  try {
    const d = derivative ?? activation;
    backend.fn<MomentsFn>('gaussMoments')(
      rule.points, backend.ptr(rule.xiId), backend.ptr(rule.wId), rule.points, k, p,
      backend.ptr(factorId), backend.ptr(aId),
      backend.ptr(target.codeId), target.codeLen, backend.ptr(target.constsId),
      backend.ptr(activation.codeId), activation.codeLen, backend.ptr(activation.constsId),
      backend.ptr(d.codeId), derivative ? d.codeLen : 0, backend.ptr(d.constsId),
      chunk, backend.ptr(work), backend.ptr(stack), backend.ptr(outId),
    );
  } finally {
    backend.free(stack);
    backend.free(work);
  }
}
