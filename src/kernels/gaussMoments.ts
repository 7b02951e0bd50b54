// Calls assembly/gaussProduct.ts (quadrature: fixed ξ_u rule or the nested kink rule) or assembly/gaussMoments.ts (Monte Carlo):
// moments of r = ŷ − f*(z) and g = r (a ⊙ σ'(u)) over a GaussianRule mapped to N(0, Σ) by the
// factor L (assembly/gaussian.ts gaussFactorOverlaps). Output layout: assembly/gaussMoments.ts.
import type { GaussianRule } from '../gaussian/GaussianRule.js';
import { type UploadedExpression } from './uploadExpression.js';
import { withBuffers, type Backend, type BufferId } from '../wasm/backend.js';

const CHUNK = 512;

/** Doubles written to `out`. */
export function gaussMomentsSize(p: number, k: number): number {
  return 2 + p * k + 3 * p * p + p * (p + k);
}

/**
 * Fills `outId` (gaussMomentsSize(p, k) doubles). Without `derivative` only E[r²] and E[r⁴]
 * are computed (the population error).
 */
export function gaussMoments(
  backend: Backend,
  rule: GaussianRule,
  factorId: BufferId,
  aId: BufferId,
  target: UploadedExpression,
  activation: UploadedExpression,
  derivative: UploadedExpression | null,
  outId: BufferId,
): void {
  const { p, k } = rule;
  const K = backend.kernels;
  const maxStack = Math.max(target.maxStack, activation.maxStack, derivative?.maxStack ?? 1);
  const d = derivative ?? activation;
  const programs = [
    target.codeId, target.codeLen, target.constsId, activation.codeId, activation.codeLen, activation.constsId,
    d.codeId, derivative ? d.codeLen : 0, d.constsId,
  ] as const;
  withBuffers(backend, (s) => {
    if (rule.flat) {
      const n = rule.flat.n;
      const chunk = Math.min(CHUNK, n + (n & 1));
      const work = s.buffer(8 * (k + p + 2 + 2 * p) * chunk);
      const stack = s.buffer(8 * maxStack * chunk);
      K.gaussMoments(n, rule.flat.xId, rule.flat.wId, n, k, p, factorId, aId, ...programs, chunk, work, stack, outId);
      return;
    }
    const z = rule.z!;
    if (rule.split) {
      // Nested kink rule (assembly/gaussProduct.ts gaussMomentsSplit): (2n)^p points per z node.
      const n = rule.split.n;
      const nu = (2 * n) ** p;
      const work = s.buffer(8 * K.gaussSplitWork(p, z.n, n));
      const stack = s.buffer(8 * maxStack * Math.max(CHUNK, nu));
      K.gaussMomentsSplit(z.n, z.xId, z.wId, n, rule.split.xId, rule.split.wId, k, p, factorId, aId, ...programs, work, stack, outId);
      return;
    }
    const u = rule.u!;
    const work = s.buffer(8 * (z.n + (3 * p + 2) * u.n));
    const stack = s.buffer(8 * maxStack * Math.max(CHUNK, u.n));
    K.gaussMomentsProduct(z.n, z.xId, z.wId, u.n, u.xId, u.wId, k, p, factorId, aId, ...programs, work, stack, outId);
  });
}
