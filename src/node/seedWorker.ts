// Worker thread of simulateSeedsThreads: runs whole seeds on its own WASM instance (of the
// module the main thread compiled and posted in workerData) and posts
// each trajectory back (a seed's result never depends on which thread ran it). Node only.
import { parentPort, workerData } from 'node:worker_threads';
import { DivergenceError } from '../errors.js';
import { resolveSimulateOptions } from '../options/resolveSimulateOptions.js';
import type { SimulateOptions } from '../options/SimulateOptions.js';
import { runEngine } from '../simulation/runEngine.js';
import { instantiateBackend, type Variant } from '../wasm/backend.js';
import { setWasmSource } from '../wasm/wasmSource.js';
import { wasmFileSource } from './wasmFileSource.js';
import { serializeError } from './workerError.js';

interface Data {
  options: SimulateOptions;
  jobs: { index: number; seed: number }[];
  variant: Variant;
  module: WebAssembly.Module;
}

// The posted module serves this worker's instance; anything loading the shared backend reads build/.
setWasmSource(wasmFileSource);
const port = parentPort!;
const { options, jobs, variant, module } = workerData as Data;

(async () => {
  const resolved = resolveSimulateOptions(options);
  const backend = await instantiateBackend(variant, module);
  for (const { index, seed } of jobs) {
    const onStep = (t: number) => port.postMessage({ type: 'step', index, t });
    try {
      const trajectory = runEngine(backend, { ...resolved, seed }, { onStep });
      port.postMessage({ type: 'done', index, trajectory });
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      port.postMessage({ type: 'done', index, trajectory: e.partial, divergedAt: e.step });
    }
  }
})().catch((e: unknown) => port.postMessage({ type: 'error', error: serializeError(e) }));
