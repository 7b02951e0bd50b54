// Tests run the TypeScript sources directly; WASM bytes come from build/ as in the Node entry.
import { setWasmSource } from '../src/wasm/wasmSource.js';
import { wasmFileSource } from '../src/node/wasmFileSource.js';

setWasmSource(wasmFileSource);
import { useNodeStepWorkers } from '../src/node/stepWorkerSpawner.js';

useNodeStepWorkers();
