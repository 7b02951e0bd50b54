// Typed handles on the DMFT kernels of assembly/dmft.ts (docs/dmft.md). Pointers are byte
// offsets from Backend.ptr; u32 offsets above 2^31 pass through JS ToInt32 unchanged in bits.
import type { Backend } from '../wasm/backend.js';

export interface DmftKernels {
  combine(coefs: number, cols: number, nTerms: number, base: number, len: number, out: number, outF64: number): void;
  dotsX(entries: number, nEntries: number, base: number, len: number, out: number): void;
  combineF32(coefs: number, cols: number, n: number, nOut: number, base: number, len: number, outs: number, outBase: number, scratch: number): void;
  gradient(p: number, len: number, stride: number, a: number, sig: number, dsig: number, y: number, fz: number, g: number, gStride: number, sums: number): void;
  gradientRelu(p: number, len: number, stride: number, a: number, u: number, y: number, fz: number, g: number, gStride: number, sums: number): void;
  promote(src: number, n: number, dst: number): void;
  fields(p: number, k: number, m: number, fields: number, colBytes: number, z: number, len: number, u: number, stride: number): void;
  labels(fz: number, noise: number, delta: number, len: number, y: number): void;
  alternating(p: number, out: number): void;
  groupSums(partials: number, nChunks: number, R: number, G: number, groups: number, total: number): void;
  stdErr(groupVals: number, G: number, len: number, counts: number, total: number, mean: number, out: number): void;
  stateBytes(p: number, k: number, T: number): number;
  obsLength(p: number, k: number, T: number): number;
  init(state: number, p: number, k: number, T: number, M0: number, Q0: number, L0: number): void;
  solveStep(state: number, p: number, k: number, T: number, t: number, sums: number, count: number, alpha: number, eta: number, lambda: number, delta: number, obs: number): void;
  basisMoments(state: number, basis: number, p: number, k: number, T: number, t: number, raw: number, out: number): void;
  advanceCoefs(state: number, p: number, k: number, T: number, t: number, eta: number, lambda: number, out: number): void;
  fieldCoefs(state: number, p: number, k: number, t: number, out: number): void;
  evalProgram(code: number, codeLen: number, consts: number, vars: number, varStride: number, len: number, out: number, stack: number): void;
  normalBlock(seed: number, stream: number, index: number, count: number, out: number, f64out: number): void;
}

type Fn = (...args: number[]) => number | void;

export function dmftKernels(backend: Backend): DmftKernels {
  const f = (name: string) => backend.fn<Fn>(name) as never;
  return {
    combine: f('dmftCombine'),
    dotsX: f('dmftDotsX'),
    combineF32: f('dmftCombineF32'),
    gradient: f('dmftGradient'),
    gradientRelu: f('dmftGradientRelu'),
    promote: f('dmftPromote'),
    fields: f('dmftFields'),
    labels: f('dmftLabels'),
    alternating: f('dmftAlternating'),
    groupSums: f('dmftGroupSums'),
    stdErr: f('dmftStdErr'),
    stateBytes: f('dmftStateBytes'),
    obsLength: f('dmftObsLength'),
    init: f('dmftInit'),
    solveStep: f('dmftSolveStep'),
    basisMoments: f('dmftBasisMoments'),
    advanceCoefs: f('dmftAdvanceCoefs'),
    fieldCoefs: f('dmftFieldCoefs'),
    evalProgram: f('evalProgram'),
    normalBlock: f('normalBlock'),
  };
}
