// Calls assembly/gaussProduct.ts (quadrature: fixed ξ_u rule or the nested kink rule) or assembly/gaussMoments.ts (Monte Carlo):
// moments of r = ŷ − f*(z) and g = r (a ⊙ σ'(u)) over a GaussianRule mapped to N(0, Σ) by the
// factor L (assembly/gaussian.ts gaussFactorOverlaps). Output layout: assembly/gaussMoments.ts.
import type { GaussianRule } from '../gaussian/GaussianRule.js';
import { type UploadedExpression } from './uploadExpression.js';
import type { Backend, BufferId } from '../wasm/backend.js';

const CHUNK = 512;

type Prog = [code: number, len: number, consts: number];
type FlatFn = (n: number, xi: number, w: number, cap: number, k: number, p: number, L: number, a: number, ...rest: number[]) => void;
type ProductFn = (nz: number, zx: number, zw: number, nu: number, ux: number, uw: number, k: number, p: number, L: number, a: number, ...rest: number[]) => void;

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
  const maxStack = Math.max(target.maxStack, activation.maxStack, derivative?.maxStack ?? 1);
  const prog = (u: UploadedExpression, len = u.codeLen): Prog => [backend.ptr(u.codeId), len, backend.ptr(u.constsId)];
  const d = derivative ?? activation;
  const programs = [...prog(target), ...prog(activation), ...prog(d, derivative ? d.codeLen : 0)];
  if (rule.flat) {
    const n = rule.flat.n;
    const chunk = Math.min(CHUNK, n + (n & 1));
    const work = backend.alloc(8 * (k + p + 2 + 2 * p) * chunk);
    const stack = backend.alloc(8 * maxStack * chunk);
    try {
      backend.fn<FlatFn>('gaussMoments')(
        n, backend.ptr(rule.flat.xId), backend.ptr(rule.flat.wId), n, k, p, backend.ptr(factorId), backend.ptr(aId),
        ...programs, chunk, backend.ptr(work), backend.ptr(stack), backend.ptr(outId),
      );
    } finally {
      backend.free(stack);
      backend.free(work);
    }
    return;
  }
  const z = rule.z!;
  if (rule.split) {
    // Nested kink rule (assembly/gaussProduct.ts gaussMomentsSplit): (2n)^p points per z node.
    const n = rule.split.n;
    const nu = (2 * n) ** p;
    const work = backend.alloc(8 * backend.fn<(p: number, nz: number, n: number) => number>('gaussSplitWork')(p, z.n, n));
    const stack = backend.alloc(8 * maxStack * Math.max(CHUNK, nu));
    try {
      backend.fn<ProductFn>('gaussMomentsSplit')(
        z.n, backend.ptr(z.xId), backend.ptr(z.wId), n, backend.ptr(rule.split.xId), backend.ptr(rule.split.wId), k, p,
        backend.ptr(factorId), backend.ptr(aId), ...programs, backend.ptr(work), backend.ptr(stack), backend.ptr(outId),
      );
    } finally {
      backend.free(stack);
      backend.free(work);
    }
    return;
  }
  const u = rule.u!;
  const work = backend.alloc(8 * (z.n + (3 * p + 2) * u.n));
  const stack = backend.alloc(8 * maxStack * Math.max(CHUNK, u.n));
  try {
    backend.fn<ProductFn>('gaussMomentsProduct')(
      z.n, backend.ptr(z.xId), backend.ptr(z.wId), u.n, backend.ptr(u.xId), backend.ptr(u.wId), k, p,
      backend.ptr(factorId), backend.ptr(aId), ...programs, backend.ptr(work), backend.ptr(stack), backend.ptr(outId),
    );
  } finally {
    backend.free(stack);
    backend.free(work);
  }
}
