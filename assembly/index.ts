// The WASM module's export list: one line per kernel file; every export is registered in
// src/kernels/registry.ts (checked at load and by test/backend.test.ts).
export * from './runtime';
export * from './rng';
export * from './gaussian';
export * from './overlaps';
export * from './init';
export * from './observables';
export * from './stats';
export * from './gaussMoments';
export * from './stateEvolution';
export * from './expr';
export * from './gdStep';
export * from './labels';
export * from './dmft';
export * from './streamRead';
export * from './gaussProduct';
export * from './gaussHalfRange';
export * from './analyzeLinalg';
export * from './analyzeTensor';
export * from './analyzeBins';
export * from './finite';
export * from './reducedStep';
export * from './lrSchedule';
export { reducedChiSquareCheck } from './reducedRandom';
export * from './trainStep';
