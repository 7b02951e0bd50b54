// The explicit registry of WASM kernels (the tfjs-backend-wasm model): every function the
// module exports, by the AssemblyScript file that defines it. The backend checks at load
// that the build has every kernel listed here (a stale or partial build fails at once, with
// the names), and a test checks that the build exports nothing that is not listed.

/** Kernels the library calls, by source file in assembly/. */
export const KERNELS = {
  'runtime.ts': ['heapBase', 'simdEnabled'],
  'rng.ts': ['normalRows', 'normalBlock'],
  'expr.ts': ['evalProgram'],
  'gdStep.ts': ['gdStepRows', 'gdStepF32', 'gdStepF64', 'applyUpdate', 'toF32'],
  'labels.ts': ['targetLabels', 'addNoise'],
  'init.ts': ['orthonormalRows', 'combineRows', 'widenF32', 'secondLayer'],
  'overlaps.ts': ['overlaps'],
  'observables.ts': ['stepDirection', 'neuronObservables'],
  'stats.ts': ['meanSe'],
  'finite.ts': ['firstNonFinite'],
  'gaussian.ts': ['gaussHermiteRule', 'gaussTensorRule', 'gaussEqualWeights', 'gaussFactorOverlaps'],
  'gaussHalfRange.ts': ['gaussHalfRangeScratch', 'gaussHalfRangeRule', 'gaussTruncEntries', 'gaussTruncScratch', 'gaussTruncTable'],
  'gaussMoments.ts': ['gaussMomentsSize', 'gaussMoments'],
  'gaussProduct.ts': ['gaussSplitWork', 'gaussMomentsProduct', 'gaussMomentsSplit'],
  'stateEvolution.ts': ['stateEvolutionUpdate', 'stateEvolutionTestError', 'stateEvolutionTestErrorSE', 'stateEvolutionMaxAbsDiff'],
  'dmft.ts': [
    'dmftCombine', 'dmftGradient', 'dmftGradientRelu', 'dmftPromote', 'dmftFields', 'dmftLabels', 'dmftAlternating',
    'dmftGroupSums', 'dmftStdErr', 'dmftStateBytes', 'dmftInit', 'dmftBasisMoments', 'dmftSolveStep', 'dmftObsLength',
    'dmftAdvanceCoefs', 'dmftFieldCoefs', 'dmftDotsX', 'dmftCombineF32',
  ],
  'analyzeLinalg.ts': [
    'analyzeJacobiEigen', 'analyzeCanonicalBasis', 'analyzeRotateColumns', 'analyzeCompleteBasis', 'analyzeAbsDiff',
    'analyzeSqrtPos', 'analyzeThreshold', 'analyzeVarianceCheck', 'analyzeGramRows', 'analyzeStepProjection',
  ],
  'analyzeTensor.ts': [
    'analyzeHermiteRows', 'analyzeModeProduct', 'analyzeGridEval', 'analyzeFullTensor', 'analyzeTensorModes',
    'analyzeLeapMatrix', 'analyzeContract', 'analyzeGradientGram',
  ],
  'reducedStep.ts': ['reducedWorkBytes', 'reducedSetup', 'reducedInitState', 'reducedRun', 'reducedRead'],
  'analyzeBins.ts': [
    'analyzeGridPoints', 'analyzeEqualWeights', 'analyzeEvalPoints', 'analyzeProject', 'analyzeSortScratch',
    'analyzeSortIndex', 'analyzeQuantileBins', 'analyzeCompactLabels', 'analyzeBinMoments', 'analyzeOrderMatrix',
  ],
} as const;

/** Exports used only by tests and benches (known-answer checks, accuracy probes, sizes). */
export const AUXILIARY_KERNELS = {
  'rng.ts': ['threefryCheck', 'rngStateCheck', 'uniformBlock'],
  'reducedRandom.ts': ['reducedChiSquareCheck'],
  'mathf32.ts': ['logf32Check', 'sinf32Check', 'cosf32Check'],
  'gaussian.ts': ['gaussCholeskyPsd', 'gaussDotW', 'gaussSumW', 'gaussTridiagEigenvalues'],
  'overlaps.ts': ['dotF64'],
  'gaussMoments.ts': ['gaussMomentsWork'],
  'gaussProduct.ts': ['gaussProductWork'],
  'gaussHalfRange.ts': ['gaussSplitRule'],
  'stateEvolution.ts': ['stateEvolutionMomentsSize'],
  'expr.ts': ['erf64'],
  'streamRead.ts': ['streamReadF32'],
} as const;

export const KERNEL_NAMES: readonly string[] = Object.values(KERNELS).flat();
export const AUXILIARY_KERNEL_NAMES: readonly string[] = Object.values(AUXILIARY_KERNELS).flat();

/** Registered kernels missing from a module's exports. */
export function missingKernels(exports: Record<string, unknown>): string[] {
  return KERNEL_NAMES.filter((name) => typeof exports[name] !== 'function');
}
