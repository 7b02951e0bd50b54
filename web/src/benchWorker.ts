// The bench page's worker: the portable measurements of `npm run bench` (bench/portable.ts),
// off the page's thread so that the page stays responsive while they run.
import { backendInfo } from '../../src/index.js';
import { runPortable } from '../../bench/portable.js';

const post = (m: unknown) => (self as unknown as { postMessage(m: unknown): void }).postMessage(m);

self.onmessage = async (e: MessageEvent<{ quick: boolean }>) => {
  try {
    const info = await backendInfo();
    post({ type: 'info', wasm: info.variant, simdSupported: info.simdSupported });
    const report = await runPortable(e.data.quick, (line) => post({ type: 'line', line }));
    post({ type: 'done', report: { wasm: info.variant, ...report } });
  } catch (error) {
    post({ type: 'error', message: (error as Error).message ?? String(error) });
  }
};
