// Typed handles on the analyser's WASM kernels (assembly/analyzeLinalg.ts, analyzeTensor.ts,
// analyzeBins.ts). Every argument named like a buffer is a byte offset from Backend.ptr.
import type { Backend } from '../wasm/backend.js';

type P = number;

export interface AnalyzeKernels {
  jacobiEigen(a: P, n: number, v: P, evals: P): void;
  canonicalBasis(vecs: P, k: number, r: number, out: P, scratch: P): number;
  rotateColumns(q: P, k: number, c0: number, nc: number, v: P, scratch: P): void;
  completeBasis(vecs: P, k: number, r: number, q: P, scratch: P): void;
  absDiff(a: P, b: P, n: number, out: P): void;
  sqrtPos(x: P, n: number, out: P): void;
  threshold(tolerance: number, error: number, factor: number): number;
  varianceCheck(fine: P, coarse: P, out: P): void;
  hermiteRows(nodes: P, weights: P, m: number, deg: number, out: P): void;
  modeProduct(inp: P, out: P, pre: number, m: number, post: number, h: P, nA: number): void;
  gridEval(code: P, codeLen: number, consts: P, nodes: P, weights: P, mAxes: P, k: number, start: bigint, count: number, vars: P, stack: P, out: P, acc: P): void;
  fullTensor(c: P, deg: number, k: number, l: number, out: P): void;
  tensorModes(t: P, l: number, k: number, qt: P, out: P, scratch: P): void;
  leapMatrix(t: P, l: number, k: number, r: number, lnew: number, nmat: P): void;
  contract(t: P, l: number, k: number, v: P, scratch: P): number;
  gridPoints(nodes: P, weights: P, mAxes: P, k: number, n: number, z: P, w: P): void;
  equalWeights(w: P, n: number): void;
  evalPoints(code: P, codeLen: number, consts: P, z: P, w: P, n: number, y: P, stack: P, acc: P): void;
  project(z: P, n: number, k: number, u: P, out: P): void;
  sortScratch(n: number): bigint;
  sortIndex(keys: P, n: number, idx: P, scratch: P): void;
  quantileBins(keys: P, w: P, idx: P, n: number, nb: number, lab: P, labMul: number): number;
  compactLabels(lab: P, n: number, map: P, mapLen: number): number;
  binMoments(z: P, n: number, k: number, q: P, r: number, w: P, lab: P, maxDeg: number, mi: P, nMI: number, sums: P, sqs: P, wsum: P, cnt: P, hs: P): void;
  orderMatrix(sums: P, sqs: P, wsum: P, cnt: P, nLab: number, nMI: number, kp: number, s: number, rest: P, nRest: number, look: P, a: P, floor: P): void;
  gradientGram(t: P, l: number, k: number, nmat: P): void;
  gramRows(x: P, n: number, k: number, out: P): void;
  stepProjection(m: P, steps: number, p: number, k: number, v: P, err: P, out: P): void;
}

const NAMES: Record<keyof AnalyzeKernels, string> = {
  jacobiEigen: 'analyzeJacobiEigen',
  canonicalBasis: 'analyzeCanonicalBasis',
  rotateColumns: 'analyzeRotateColumns',
  completeBasis: 'analyzeCompleteBasis',
  absDiff: 'analyzeAbsDiff',
  sqrtPos: 'analyzeSqrtPos',
  threshold: 'analyzeThreshold',
  varianceCheck: 'analyzeVarianceCheck',
  hermiteRows: 'analyzeHermiteRows',
  modeProduct: 'analyzeModeProduct',
  gridEval: 'analyzeGridEval',
  fullTensor: 'analyzeFullTensor',
  tensorModes: 'analyzeTensorModes',
  leapMatrix: 'analyzeLeapMatrix',
  contract: 'analyzeContract',
  gridPoints: 'analyzeGridPoints',
  equalWeights: 'analyzeEqualWeights',
  evalPoints: 'analyzeEvalPoints',
  project: 'analyzeProject',
  sortScratch: 'analyzeSortScratch',
  sortIndex: 'analyzeSortIndex',
  quantileBins: 'analyzeQuantileBins',
  compactLabels: 'analyzeCompactLabels',
  binMoments: 'analyzeBinMoments',
  orderMatrix: 'analyzeOrderMatrix',
  gradientGram: 'analyzeGradientGram',
  gramRows: 'analyzeGramRows',
  stepProjection: 'analyzeStepProjection',
};

export function analyzeKernels(backend: Backend): AnalyzeKernels {
  const out = {} as Record<string, unknown>;
  for (const [key, name] of Object.entries(NAMES)) out[key] = backend.fn(name);
  return out as unknown as AnalyzeKernels;
}
