// What the Node entry sets up on import (src/node/index.ts), and the CLI before a command
// that computes: WASM bytes read from build/, step workers as worker_threads.
import { setWasmSource } from '../wasm/wasmSource.js';
import { useNodeStepWorkers } from './stepWorkerSpawner.js';
import { wasmFileSource } from './wasmFileSource.js';

export function useNodeDefaults(): void {
  setWasmSource(wasmFileSource);
  useNodeStepWorkers();
}
