// The bench page's worker: the portable measurements of `npm run bench` (bench/portable.ts),
// off the page's thread so that the page stays responsive while they run, then the threaded
// step of one run (web/src/benchThreads.ts).
import { backendInfo } from '../../src/index.js';
import { runPortable } from '../../bench/portable.js';
import { benchThreads, threadsLine } from './benchThreads.js';

const post = (m: unknown) => (self as unknown as { postMessage(m: unknown): void }).postMessage(m);

self.onmessage = async (e: MessageEvent<{ quick: boolean }>) => {
  try {
    const info = await backendInfo();
    post({ type: 'info', wasm: info.variant, simdSupported: info.simdSupported, threads: info.threads });
    const report = await runPortable(e.data.quick, (line) => post({ type: 'line', line }));
    // The portable lines run on one thread (as in Node); then one run's step on every core.
    const threadsStep = await benchThreads(info, e.data.quick);
    post({ type: 'line', line: threadsLine(threadsStep) });
    post({ type: 'done', report: { wasm: info.variant, threads: threadsStep.threads, threadsStep, ...report, lines: [...report.lines, threadsLine(threadsStep)] } });
  } catch (error) {
    post({ type: 'error', message: (error as Error).message ?? String(error) });
  }
};
