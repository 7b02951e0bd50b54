// Learnability analysis of a target before simulating it (docs/model.md §7).
export { analyze, CONVENTION } from './analyze.js';
export { formatAnalysis } from './formatAnalysis.js';
export { formatDirection } from './formatDirection.js';
export { predictDirection } from './predictDirection.js';
export type { AnalyzeOptions } from './AnalyzeOptions.js';
export { resolveAnalyzeOptions, MAX_ANALYZE_K } from './resolveAnalyzeOptions.js';
export type {
  Analysis, Decision, HardDirection, HermiteCoefficient, MultiPassAnalysis, SampleComplexity, SinglePassAnalysis, StaircaseStep,
  StudentDirection, StudentPrediction,
} from './Analysis.js';
