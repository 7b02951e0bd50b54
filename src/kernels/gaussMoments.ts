// Calls assembly/gaussProduct.ts (quadrature: fixed ξ_u rule or the nested kink rule) or assembly/gaussMoments.ts (Monte Carlo):
// moments of r = ŷ − f*(z) and g = ℓ'(ŷ, f*(z)) (a ⊙ σ'(u)) over a GaussianRule mapped to N(0, Σ)
// by the factor L (assembly/gaussian.ts gaussFactorOverlaps). Output layout: assembly/gaussMoments.ts.
import type { GaussianRule } from '../gaussian/GaussianRule.js';
import { type UploadedExpression } from './uploadExpression.js';
import { displacementCode } from './displacementCode.js';
import { withBuffers, type Backend, type BufferId, type BufferScope, type BufferSlice } from '../wasm/backend.js';
import type { Loss } from '../options/trainingOptions.js';
import { LOSS_CODE } from './lossCode.js';

const CHUNK = 512;

/** Doubles written to `out`. */
export function gaussMomentsSize(p: number, k: number): number {
  return 2 + p * k + 3 * p * p + p * (p + k) + p;
}


/** Scratch of gaussMoments, allocated once per run (gaussMomentsScratch) so that steps allocate nothing. */
export interface GaussMomentsScratch {
  work: BufferId;
  stack: BufferId;
}

/** Bytes of the work and stack scratch one call over `rule` needs (stack: `maxStack` columns). */
function scratchBytes(backend: Backend, rule: GaussianRule, maxStack: number): { work: number; stack: number } {
  const { p, k } = rule;
  const K = backend.kernels;
  // The work sizes come from the kernels' own *Work exports, which follow their column layouts.
  if (rule.flat) {
    const n = rule.flat.n;
    const chunk = Math.min(CHUNK, n + (n & 1));
    return { work: 8 * K.gaussMomentsWork(p, k, chunk), stack: 8 * maxStack * chunk };
  }
  const z = rule.z!;
  if (rule.split) {
    const n = rule.split.n;
    return { work: 8 * K.gaussSplitWork(p, z.n, n), stack: 8 * maxStack * Math.max(CHUNK, (2 * n) ** p) };
  }
  const u = rule.u!;
  return { work: 8 * K.gaussProductWork(p, z.n, u.n), stack: 8 * maxStack * Math.max(CHUNK, u.n) };
}

function stackColumns(programs: readonly (UploadedExpression | null)[]): number {
  return Math.max(1, ...programs.map((u) => u?.maxStack ?? 1));
}

/** Scratch in `scope` for gaussMoments over `rule` and its coarse companion with these programs. */
export function gaussMomentsScratch(scope: BufferScope, rule: GaussianRule, programs: readonly (UploadedExpression | null)[]): GaussMomentsScratch {
  const maxStack = stackColumns(programs);
  const sizes = [rule, rule.coarse].flatMap((r) => (r ? [scratchBytes(scope.backend, r, maxStack)] : []));
  return {
    work: scope.buffer(Math.max(...sizes.map((x) => x.work))),
    stack: scope.buffer(Math.max(...sizes.map((x) => x.stack))),
  };
}

/**
 * Fills `outId` (gaussMomentsSize(p, k) doubles). Without `derivative` only E[r²] and E[r⁴]
 * are computed (the population error). Without `scratch` the call allocates its own. `loss`
 * chooses ℓ' in g (docs/model.md §4; default the square loss, ℓ' = r); `displacement` takes g
 * at each point's own displaced fields (per-sample SAM or extra-gradient).
 */
export function gaussMoments(
  backend: Backend,
  rule: GaussianRule,
  factorId: BufferId,
  aId: BufferId | BufferSlice,
  target: UploadedExpression,
  activation: UploadedExpression,
  derivative: UploadedExpression | null,
  outId: BufferId,
  scratch?: GaussMomentsScratch,
  loss: Loss = 'square',
  /** Per-sample displacement of g (docs/model.md §6): null, or the kind and radius. */
  displacement: { kind: 'sam' | 'extragradient'; rho: number } | null = null,
): void {
  const { p, k } = rule;
  const K = backend.kernels;
  const d = derivative ?? activation;
  const programs = [
    target.codeId, target.codeLen, target.constsId, activation.codeId, activation.codeLen, activation.constsId,
    d.codeId, derivative ? d.codeLen : 0, d.constsId, LOSS_CODE[loss],
    displacementCode(displacement?.kind), displacement ? displacement.rho : 0,
  ] as const;
  withBuffers(backend, (s) => {
    const need = scratchBytes(backend, rule, stackColumns([target, activation, derivative]));
    if (scratch && (backend.byteLength(scratch.work) < need.work || backend.byteLength(scratch.stack) < need.stack)) {
      throw new Error('gaussMoments: the scratch was sized for another rule or other programs');
    }
    const work = scratch ? scratch.work : s.buffer(need.work);
    const stack = scratch ? scratch.stack : s.buffer(need.stack);
    if (rule.flat) {
      const n = rule.flat.n;
      K.gaussMoments(n, rule.flat.xId, rule.flat.wId, n, k, p, factorId, aId, ...programs, Math.min(CHUNK, n + (n & 1)), work, stack, outId);
    } else if (rule.split) {
      // Nested kink rule (assembly/gaussProduct.ts gaussMomentsSplit): (2n)^p points per z node.
      const z = rule.z!;
      K.gaussMomentsSplit(z.n, z.xId, z.wId, rule.split.n, rule.split.xId, rule.split.wId, k, p, factorId, aId, ...programs, work, stack, outId);
    } else {
      const z = rule.z!;
      const u = rule.u!;
      K.gaussMomentsProduct(z.n, z.xId, z.wId, u.n, u.xId, u.wId, k, p, factorId, aId, ...programs, work, stack, outId);
    }
  });
}
