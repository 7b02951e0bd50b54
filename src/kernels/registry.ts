// The one table of WASM kernels (the tfjs-backend-wasm model): every function the module
// exports, declared once by name and typed signature, grouped by the AssemblyScript file that
// defines it. `ptr` is a byte offset into linear memory (u32; `ptr?` may be 0 = absent); the
// other kinds are the WASM value types. From this table src/kernels/bindKernels.ts builds one
// typed kernel object per backend instance, whose pointer arguments take buffer handles. The
// backend checks at load that the build has every kernel listed here (a stale or partial
// build fails at once, with the names), and a test checks that the build exports exactly
// these functions, each with the declared number of parameters.

/** Kernels the library calls. */
export const KERNELS = {
  // assembly/runtime.ts
  heapBase: '() => ptr',
  simdEnabled: '() => i32',
  // assembly/rng.ts
  normalRows: '(seed: u32, batch: u32, rowStart: i32, rowCount: i32, d: i32, ld: i32, out: ptr, f64out: i32) => void',
  normalBlock: '(seed: u32, stream: u32, index: u32, count: i32, out: ptr, f64out: i32) => void',
  // assembly/gaussian.ts
  gaussHermiteRule: '(m: i32, nodes: ptr, weights: ptr, scratch: ptr) => void',
  gaussTensorRule: '(D: i32, m: i32, nodes: ptr, weights: ptr, pruneRel: f64, xi: ptr?, w: ptr?, capacity: i32) => i32',
  gaussEqualWeights: '(n: i32, w: ptr) => void',
  gaussFactorOverlaps: '(p: i32, k: i32, M: ptr, Q: ptr, tol: f64, L: ptr) => i32',
  // assembly/overlaps.ts
  overlaps: '(W: ptr, p: i32, T: ptr, k: i32, ld: i32, d: i32, M: ptr, Q: ptr) => void',
  // assembly/init.ts
  orthonormalRows: '(A: ptr, rows: i32, B: ptr?, nB: i32, ld: i32, d: i32) => i32',
  combineRows: '(W: ptr, p: i32, m0: ptr, T: ptr, k: i32, O: ptr, ld: i32) => i32',
  widenF32: '(src: ptr, dst: ptr, count: i32) => void',
  secondLayer: '(kind: i32, p: i32, signs: ptr?, out: ptr) => void',
  // assembly/observables.ts
  stepDirection: '(M: ptr, k: i32, u1: ptr, basis: ptr) => i32',
  neuronObservables: '(M: ptr, Q: ptr, p: i32, k: i32, hasDirection: i32, u1: ptr, basis: ptr, cosine: ptr, overlap: ptr, ortho: ptr) => void',
  // assembly/stats.ts
  meanSe: '(data: ptr, nSeeds: i32, len: i32, mean: ptr, se: ptr) => void',
  // assembly/gaussMoments.ts
  gaussMomentsSize: '(p: i32, k: i32) => i32',
  gaussMoments: '(n: i32, xi: ptr, w: ptr, cap: i32, k: i32, p: i32, L: ptr, a: ptr, tCode: ptr, tLen: i32, tConsts: ptr, sCode: ptr, sLen: i32, sConsts: ptr, dCode: ptr, dLen: i32, dConsts: ptr, loss: i32, disp: i32, rho: f64, chunk: i32, work: ptr, stack: ptr, out: ptr) => void',
  gaussMomentsWork: '(p: i32, k: i32, chunk: i32) => i32',
  // assembly/stateEvolution.ts
  stateEvolutionUpdate: '(p: i32, k: i32, M: ptr, Q: ptr, mom: ptr, alpha: f64, lr: f64, factor: f64, weightDecay: f64, labelNoise: f64, algorithm: i32, Mout: ptr, Qout: ptr) => void',
  stateEvolutionSecondLayer: '(p: i32, k: i32, a: ptr, mom: ptr, etaA: f64, aOut: ptr) => void',
  stateEvolutionTestError: '(mom: ptr, labelNoise: f64) => f64',
  stateEvolutionTestErrorSE: '(mom: ptr, n: i32) => f64',
  // assembly/expr.ts
  evalProgram: '(code: ptr, codeLen: i32, consts: ptr, vars: ptr, varStride: i32, len: i32, out: ptr, stack: ptr) => void',
  // assembly/gdStep.ts
  gdStepF32Chunks: '(claims: ptr, L: ptr, X: ptr, ld: i32, rowIdx: ptr?, y: ptr, Wf: ptr, p: i32, a: ptr, d: i32, act: ptr, actLen: i32, actC: ptr, dact: ptr, dactLen: i32, dactC: ptr, work: ptr, Gblk: ptr, accumulate: i32, cfg: ptr?) => void',
  gdStepF64Chunks: '(claims: ptr, L: ptr, X: ptr, ld: i32, rowIdx: ptr?, y: ptr, W: ptr, p: i32, a: ptr, d: i32, act: ptr, actLen: i32, actC: ptr, dact: ptr, dactLen: i32, dactC: ptr, work: ptr, accumulate: i32, cfg: ptr?) => void',
  gdReduce: '(P: ptr, chunkBytes: i32, nChunks: i32, from: i32, to: i32, G: ptr) => void',
  gdReduceLoss: '(L: ptr, nChunks: i32, nRows: i32) => f64',
  applyUpdate: '(W: ptr, Wf: ptr?, G: ptr, count: i32, lr: f64, decay: f64, d: i32) => i32',
  toF32: '(src: ptr, dst: ptr, count: i32) => void',
  gdStepRows: '() => i32',
  gdStepWorkBytes: '(p: i32, maxStack: i32) => i32',
  // assembly/trainStep.ts
  displaceWeights: '(W: ptr, G: ptr, count: i32, kind: i32, rho: f64, d: i32, out: ptr, outF32: i32) => void',
  tangentRows: '(G: ptr, W: ptr, p: i32, ld: i32) => void',
  normalizeRows: '(W: ptr, Wf: ptr?, p: i32, ld: i32, d: i32) => i32',
  updateSecondLayer: '(a: ptr, Ga: ptr, p: i32, lr: f64, n: i32) => i32',
  scaleF64: '(x: ptr, count: i32, s: f64) => void',
  // assembly/lrSchedule.ts
  lrFactors: '(spec: ptr, nf: i32, t0: f64, count: i32, T: f64, out: ptr) => void',
  // assembly/labels.ts
  targetLabels: '(X: ptr, ld: i32, nRows: i32, f64rows: i32, T: ptr, k: i32, d: i32, code: ptr, codeLen: i32, consts: ptr, Z: ptr, y: ptr, stack: ptr) => void',
  addNoise: '(y: ptr, xi: ptr, n: i32, variance: f64) => void',
  // assembly/dmft.ts
  dmftGradient: '(p: i32, len: i32, stride: i32, a: ptr, sig: ptr, dsig: ptr, y: ptr, fz: ptr, g: ptr, gStride: i32, loss: i32, sums: ptr) => void',
  dmftPromote: '(src: ptr, n: i32, dst: ptr) => void',
  dmftFields: '(p: i32, k: i32, m: ptr, fields: ptr, colBytes: i32, z: ptr, len: i32, u: ptr, stride: i32) => void',
  dmftLabels: '(fz: ptr, noise: ptr, delta: f64, len: i32, y: ptr) => void',
  dmftAlternating: '(p: i32, out: ptr) => void',
  dmftGroupSums: '(partials: ptr, nChunks: i32, R: i32, G: i32, groups: ptr, total: ptr) => void',
  dmftStdErr: '(groupVals: ptr, G: i32, len: i32, counts: ptr, total: f64, mean: ptr, out: ptr) => void',
  dmftStateBytes: '(p: i32, k: i32, T: i32) => i32',
  dmftInit: '(state: ptr, p: i32, k: i32, T: i32, M0: ptr, Q0: ptr, L0out: ptr) => void',
  dmftBasisMoments: '(state: ptr, basis: ptr, p: i32, k: i32, T: i32, t: i32, raw: ptr, out: ptr) => void',
  dmftSolveStep: '(state: ptr, p: i32, k: i32, T: i32, t: i32, sums: ptr, count: f64, alpha: f64, lr: f64, factor: f64, lambda: f64, delta: f64, obs: ptr) => void',
  dmftObsLength: '(p: i32, k: i32, T: i32) => i32',
  dmftAdvanceCoefs: '(state: ptr, p: i32, k: i32, T: i32, t: i32, lr: f64, factor: f64, lambda: f64, out: ptr) => void',
  dmftFieldCoefs: '(state: ptr, p: i32, k: i32, t: i32, out: ptr) => void',
  dmftDotsX: '(entries: ptr, nEntries: i32, base: ptr, len: i32, out: ptr) => void',
  dmftCombineF32: '(coefs: ptr, cols: ptr, n: i32, nOut: i32, base: ptr, len: i32, outs: ptr, outBase: ptr, scratch: ptr) => void',
  dmftGradientRelu: '(p: i32, len: i32, stride: i32, a: ptr, u: ptr, y: ptr, fz: ptr, g: ptr, gStride: i32, loss: i32, sums: ptr) => void',
  dmftSecondLayerSums: '(p: i32, len: i32, stride: i32, a: ptr, src: ptr, relu: i32, y: ptr, loss: i32, lcol: ptr, out: ptr) => void',
  dmftDisplace: '(p: i32, len: i32, stride: i32, u: ptr, g: ptr, gStride: i32, kind: i32, rho: f64) => void',
  // assembly/gaussProduct.ts
  gaussSplitWork: '(p: i32, nz: i32, n: i32) => i32',
  gaussProductWork: '(p: i32, nz: i32, nu: i32) => i32',
  gaussMomentsProduct: '(nz: i32, zx: ptr, zw: ptr, nu: i32, ux: ptr, uw: ptr, k: i32, p: i32, L: ptr, a: ptr, tCode: ptr, tLen: i32, tConsts: ptr, sCode: ptr, sLen: i32, sConsts: ptr, dCode: ptr, dLen: i32, dConsts: ptr, loss: i32, disp: i32, rho: f64, work: ptr, stack: ptr, out: ptr) => void',
  gaussMomentsSplit: '(nz: i32, zx: ptr, zw: ptr, n: i32, tx: ptr, tw: ptr, k: i32, p: i32, L: ptr, a: ptr, tCode: ptr, tLen: i32, tConsts: ptr, sCode: ptr, sLen: i32, sConsts: ptr, dCode: ptr, dLen: i32, dConsts: ptr, loss: i32, disp: i32, rho: f64, work: ptr, stack: ptr, out: ptr) => void',
  // assembly/gaussHalfRange.ts
  gaussHalfRangeScratch: '(m: i32) => i32',
  gaussHalfRangeRule: '(m: i32, nodes: ptr, weights: ptr, scratch: ptr) => void',
  gaussTruncEntries: '() => i32',
  gaussTruncScratch: '(n: i32) => i32',
  gaussTruncTable: '(n: i32, nodes: ptr, weights: ptr, scratch: ptr) => void',
  // assembly/analyzeLinalg.ts
  analyzeJacobiEigen: '(a: ptr, n: i32, v: ptr, evals: ptr) => void',
  analyzeCanonicalBasis: '(vecs: ptr, k: i32, r: i32, out: ptr, scratch: ptr) => i32',
  analyzeRotateColumns: '(q: ptr, k: i32, c0: i32, nc: i32, v: ptr, scratch: ptr) => void',
  analyzeCompleteBasis: '(vecs: ptr, k: i32, r: i32, q: ptr, scratch: ptr) => void',
  analyzeVarianceCheck: '(fine: ptr, coarse: ptr, out: ptr) => void',
  analyzeGramRows: '(x: ptr, n: i32, k: i32, out: ptr) => void',
  analyzeStepProjection: '(m: ptr, steps: i32, p: i32, k: i32, v: ptr, err: ptr, out: ptr) => void',
  // assembly/analyzeTensor.ts
  analyzeHermiteRows: '(nodes: ptr, weights: ptr, m: i32, deg: i32, out: ptr) => void',
  analyzeModeProduct: '(inp: ptr, out: ptr, pre: i32, m: i32, post: i32, h: ptr, nA: i32) => void',
  analyzeGridEval: '(code: ptr, codeLen: i32, consts: ptr, nodes: ptr, weights: ptr, mAxes: ptr, k: i32, start: i64, count: i32, vars: ptr, stack: ptr, out: ptr, acc: ptr) => void',
  analyzeFullTensor: '(c: ptr, deg: i32, k: i32, l: i32, out: ptr) => void',
  analyzeTensorModes: '(t: ptr, l: i32, k: i32, qt: ptr, out: ptr, scratch: ptr) => void',
  analyzeLeapMatrix: '(t: ptr, l: i32, k: i32, r: i32, lnew: i32, nmat: ptr) => void',
  analyzeContract: '(t: ptr, l: i32, k: i32, v: ptr, scratch: ptr) => f64',
  analyzeGradientGram: '(t: ptr, l: i32, k: i32, nmat: ptr) => void',
  // assembly/analyzeBins.ts
  analyzeGridPoints: '(nodes: ptr, weights: ptr, mAxes: ptr, k: i32, n: i32, z: ptr, w: ptr) => void',
  analyzeEqualWeights: '(w: ptr, n: i32) => void',
  analyzeEvalPoints: '(code: ptr, codeLen: i32, consts: ptr, z: ptr, w: ptr, n: i32, y: ptr, stack: ptr, acc: ptr) => void',
  analyzeProject: '(z: ptr, n: i32, k: i32, u: ptr, out: ptr) => void',
  analyzeSortScratch: '(n: i32) => i64',
  analyzeSortIndex: '(keys: ptr, n: i32, idx: ptr, scratch: ptr) => void',
  analyzeQuantileBins: '(keys: ptr, w: ptr, idx: ptr, n: i32, nb: i32, lab: ptr, labMul: i32) => i32',
  analyzeCompactLabels: '(lab: ptr, n: i32, map: ptr, mapLen: i32) => i32',
  analyzeBinMoments: '(z: ptr, n: i32, k: i32, q: ptr, r: i32, w: ptr, lab: ptr, maxDeg: i32, mi: ptr, nMI: i32, sums: ptr, sqs: ptr, wsum: ptr, cnt: ptr, hs: ptr) => void',
  analyzeOrderMatrix: '(sums: ptr, sqs: ptr, wsum: ptr, cnt: ptr, nLab: i32, nMI: i32, kp: i32, s: i32, rest: ptr, nRest: i32, look: ptr, a: ptr, floor: ptr) => void',
  // assembly/finite.ts
  firstNonFinite: '(x: ptr, n: i32) => i32',
  // assembly/reducedStep.ts
  reducedWorkBytes: '(n: i32, p: i32, k: i32, R: u32, maxStack: i32, d: f64, disp: i32, nf: i32) => f64',
  reducedSetup: '(ws: ptr, n: i32, p: i32, k: i32, R: u32, seed: u32, d: f64, lr: f64, decay: f64, noise: f64, a: ptr, tgt: ptr, tgtLen: i32, tgtC: ptr, act: ptr, actLen: i32, actC: ptr, dact: ptr, dactLen: i32, dactC: ptr, maxStack: i32, vars: ptr) => void',
  reducedInitState: '(ws: ptr, kind: i32, m0: ptr?) => void',
  reducedRun: '(ws: ptr, t0: u32, t1: u32, flags: i32) => i32',
  reducedRead: '(ws: ptr, out: ptr) => void',
} as const;

/** Exports used only by tests and benches (known-answer checks, accuracy probes, sizes). */
export const AUXILIARY_KERNELS = {
  // assembly/rng.ts 
  threefryCheck: '(inp: ptr, out: ptr) => void',
  rngStateCheck: '(domain: u32, seed: u32, stream: u32, index: u32, out: ptr) => void',
  // assembly/gaussian.ts
  gaussCholeskyPsd: '(D: i32, S: ptr, tol: f64) => i32',
  gaussDotW: '(n: i32, w: ptr, x: ptr, y: ptr) => f64',
  gaussSumW: '(n: i32, w: ptr, x: ptr) => f64',
  gaussTridiagEigenvalues: '(n: i32, d: ptr, e: ptr) => void',
  // assembly/overlaps.ts
  dotF64: '(a: ptr, b: ptr, ld: i32) => f64',
  // assembly/stateEvolution.ts
  stateEvolutionMomentsSize: '(p: i32, k: i32) => i32',
  // assembly/expr.ts
  erf64: '(x: f64) => f64',
  // assembly/rng.ts: the uniform stream of the reduced engine (exported with the rest of rng.ts)
  uniformBlock: '(seed: u32, stream: u32, index: u32, count: i32, out: ptr) => void',
  // assembly/reducedRandom.ts
  reducedChiSquareCheck: '(seed: u32, index: u32, nu: f64, count: i32, out: ptr, work: ptr) => void',
  // assembly/streamRead.ts
  streamReadF32: '(X: ptr, count: i32) => f64',
  streamReadRowsF32: '(X: ptr, ld: i32, n: i32) => f64',
  // assembly/gaussHalfRange.ts
  gaussSplitRule: '(n: i32, tx: ptr, tw: ptr, t: f64, nodes: ptr, weights: ptr) => void',
  logf32Check: '(inp: ptr, out: ptr, n: i32) => void',
  sinf32Check: '(inp: ptr, out: ptr, n: i32) => void',
  cosf32Check: '(inp: ptr, out: ptr, n: i32) => void',
} as const;

export type KernelName = keyof typeof KERNELS;
export type AuxiliaryKernelName = keyof typeof AUXILIARY_KERNELS;

export const KERNEL_NAMES = Object.keys(KERNELS) as readonly KernelName[];
export const AUXILIARY_KERNEL_NAMES = Object.keys(AUXILIARY_KERNELS) as readonly AuxiliaryKernelName[];

/** Registered kernels missing from a module's exports. */
export function missingKernels(exports: Record<string, unknown>): string[] {
  return KERNEL_NAMES.filter((name) => typeof exports[name] !== 'function');
}
