// Worker thread of dmftThreads: its own WASM instance of the module the main thread compiled
// (posted in workerData, so nothing is compiled here), owning a fixed set of chunks (src/kernels/dmftChunks.ts). Messages: init → 'ready'; step → the owned chunks'
// moment sums; free → exit. Node only.
import { parentPort, workerData } from 'node:worker_threads';
import { instantiateBackend, type Variant } from '../wasm/backend.js';
import { setWasmSource } from '../wasm/wasmSource.js';
import { wasmFileSource } from './wasmFileSource.js';
import { DmftChunks } from '../kernels/dmftChunks.js';
import type { DmftPlan } from '../kernels/dmftPlan.js';
import { serializeError } from './workerError.js';

interface Data {
  plan: DmftPlan;
  chunks: number[];
  variant: Variant;
  module: WebAssembly.Module;
}

type Message =
  | { type: 'init'; L0: Float64Array }
  | { type: 'step'; t: number; advance: Float64Array | null; field: Float64Array }
  | { type: 'free' };

// The posted module serves this worker's instance; anything loading the shared backend reads build/.
setWasmSource(wasmFileSource);
const port = parentPort!;
const data = workerData as Data;
const ready = (async () => {
  const backend = await instantiateBackend(data.variant, data.module);
  return new DmftChunks(backend, data.plan, data.chunks);
})();
ready.catch(() => undefined);

port.on('message', async (msg: Message) => {
  try {
    const chunks = await ready;
    if (msg.type === 'init') {
      chunks.init(msg.L0);
      port.postMessage({ ok: true });
    } else if (msg.type === 'step') {
      const sums = chunks.step(msg.t, msg.advance, msg.field);
      port.postMessage({ ok: true, sums }, [sums.buffer as ArrayBuffer]);
    } else {
      chunks.free();
      port.postMessage({ ok: true });
      port.close();
    }
  } catch (e) {
    port.postMessage({ ok: false, error: serializeError(e) });
  }
});
