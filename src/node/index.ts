// Node entry: the same API, with WASM bytes read from disk, plus what needs Node (worker
// threads, files).
import { useNodeDefaults } from './useNodeDefaults.js';

useNodeDefaults();

export * from '../index.js';
export { simulateSeedsThreads } from './simulateSeedsThreads.js';
export type { SimulateSeedsThreadsOptions } from './simulateSeedsThreads.js';
export { theoryNode } from './theoryNode.js';
export { dmftThreads } from './dmftThreads.js';
export { reproduceNode } from './reproduce.js';
export { reproduceRepetitaNode } from './reproduceRepetita.js';
export { writeResult } from './io/writeResult.js';
export { sweepNode as sweep } from './sweep/sweepNode.js';
export type { SweepNodeOptions } from './sweep/sweepNode.js';
export { FileStore } from './sweep/FileStore.js';
