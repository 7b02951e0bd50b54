// Public API (browser and Node). Only re-exports: one idea per file.
export * from './errors.js';
export { simulate } from './simulate.js';
export type { SimulateHooks } from './simulate.js';
export { simulateSeeds } from './simulateSeeds.js';
export type { SimulateSeedsOptions } from './simulateSeeds.js';
export type { SimulateOptions, InitOption, SecondLayerOption } from './options/SimulateOptions.js';
export { resolveSimulateOptions, DEFAULTS } from './options/resolveSimulateOptions.js';
export type { ResolvedSimulateOptions } from './options/resolveSimulateOptions.js';
export { OPTION_RANGES, MAX_DMFT_STEPS } from './options/optionRanges.js';
export type { OptionRange, RangedOption } from './options/optionRanges.js';
export type { Trajectory } from './results/Trajectory.js';
export type { SeedsResult, MeanSe } from './results/SeedsResult.js';
export type { Schedule, StepData } from './schedules/Schedule.js';
export { multiPass } from './schedules/multiPass.js';
export { singlePass } from './schedules/singlePass.js';
export { resample } from './schedules/resample.js';
export { epochs } from './schedules/epochs.js';
export { parseSchedule } from './schedules/parseSchedule.js';
export {
  parseTarget, parseActivation, compileExpression, evaluate, differentiate, formatExpression, TARGET_ALIASES,
  ACTIVATION_ALIASES,
} from './expr/index.js';
export type { Ast, ParsedTarget, ParsedActivation, CompiledExpression } from './expr/index.js';
export { populationError } from './gaussian/populationError.js';
export { GaussianRule } from './gaussian/GaussianRule.js';
export { loadBackend, createBackend, Backend, MAX_WASM_BYTES, withBuffers, BufferScope } from './wasm/backend.js';
export type { BufferId, Variant, VariantRequest } from './wasm/backend.js';
export type { Kernels, BufferRef } from './kernels/bindKernels.js';
export { simdSupported } from './wasm/simdSupported.js';
export { setWasmSource } from './wasm/wasmSource.js';
export type { WasmSource } from './wasm/wasmSource.js';
export { backendInfo } from './backendInfo.js';
export { theory } from './theory/theory.js';
export type { TheoryOptions } from './theory/TheoryOptions.js';
export type { TheoryResult } from './theory/TheoryResult.js';
export { dmft } from './theory/dmft.js';
export type { DmftOptions } from './theory/dmftOptions.js';
export type { DmftResult } from './theory/dmftResult.js';
export { stateEvolution } from './theory/stateEvolution.js';
export { reproducePaper, PAPER_SIZE, QUICK_SIZE } from './reproduce/reproducePaper.js';
export type { ReproduceOptions, ReproduceResult } from './reproduce/reproducePaper.js';
export { PAPER_TARGETS } from './reproduce/paperTargets.js';
export { figureSvg } from './plot/figureSvg.js';
export type { FigureData, FigurePanel, FigureSeries } from './plot/figureSvg.js';
export { analyze, formatAnalysis, formatDirection } from './analyze/index.js';
export type { AnalyzeOptions, Analysis } from './analyze/index.js';
