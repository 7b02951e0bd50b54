// theory() for Node: the DMFT Monte Carlo spread over worker threads when threads > 1 (the
// result has the same bits for any thread count, src/node/dmftThreads.ts).
import { theory } from '../theory/theory.js';
import type { TheoryOptions } from '../theory/TheoryOptions.js';
import type { TheoryResult } from '../theory/TheoryResult.js';
import { dmftThreads } from './dmftThreads.js';

export function theoryNode(options: TheoryOptions = {}): Promise<TheoryResult> {
  const threaded = (options.threads ?? 1) > 1;
  return theory(options, threaded ? { dmft: (o) => dmftThreads(o) } : {});
}
