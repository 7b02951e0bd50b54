// Module Web Worker of the threads cases of test/browser/shared.js: runs simulate() where
// Atomics.wait is allowed, after checking that threads are available (the page is
// cross-origin isolated), and posts the trajectory back.
import * as lib from '../../dist/index.js';

self.onmessage = async (/** @type {MessageEvent} */ e) => {
  try {
    const info = await lib.backendInfo();
    if (info.threadsUnavailable !== undefined) throw new Error(`threads unavailable in the worker: ${info.threadsUnavailable}`);
    const trajectory = await lib.simulate(e.data);
    self.postMessage({ trajectory });
  } catch (err) {
    self.postMessage({ error: String(err instanceof Error ? err.stack : err) });
  }
};
