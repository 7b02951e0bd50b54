// The threads cases of `npm run test:browser` (threads inside one run, src/kernels/stepPool.ts),
// kept apart from shared.js because they start a Web Worker (a bundler would follow its URL
// wherever shared.js is copied). Node runs each case on 1 thread; Chromium, in a Web Worker of
// the cross-origin isolated test page, on 2 threads over shared memory: the bits must agree.
import { PAPER_TARGET_2, trajectoryNumbers } from './shared.js';

/** @typedef {import('./shared.js').Case} Case */

/**
 * Threads inside one run: Node runs it on 1 thread; Chromium in a Web Worker (a page's main
 * thread may not block in Atomics.wait) on 2 threads over shared memory, which needs the
 * cross-origin isolation the test server sends (COOP same-origin, COEP require-corp).
 * @param {string} name
 * @param {import('../../dist/index.js').SimulateOptions} options
 * @returns {Case}
 */
function threadsCase(name, options) {
  return {
    name,
    async run(lib, variant) {
      const o = { ...options, backend: variant };
      if (typeof window === 'undefined') return trajectoryNumbers(await lib.simulate({ ...o, threads: 1 }), variant);
      return trajectoryNumbers(await simulateInWorker({ ...o, threads: 2 }), variant);
    },
  };
}

/**
 * simulate() in a module Web Worker of this page (test/browser/threadsWorker.js).
 * @param {import('../../dist/index.js').SimulateOptions} options
 * @returns {Promise<import('../../dist/index.js').Trajectory>}
 */
function simulateInWorker(options) {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./threadsWorker.js', import.meta.url), { type: 'module' });
    w.onmessage = (e) => {
      w.terminate();
      if (e.data.error !== undefined) reject(new Error(e.data.error));
      else resolve(e.data.trajectory);
    };
    w.onerror = (e) => reject(new Error(`threads worker: ${e.message}`));
    w.postMessage(options);
  });
}

/** @type {Case[]} */
export const THREADS_CASES = [
  // 1000 rows: 16 chunks of 64 (src/kernels/stepChunks.ts), the last ragged.
  threadsCase('simulate-threads-multi-pass', { d: 300, n: 1000, p: 3, steps: 3, target: PAPER_TARGET_2, schedule: 'multi-pass', engine: 'explicit', seed: 11 }),
  threadsCase('simulate-threads-single-pass-f64', { d: 300, n: 1000, p: 3, steps: 3, target: PAPER_TARGET_2, schedule: 'single-pass', engine: 'explicit', storage: 'f64', seed: 12 }),
];
