// Tests run the TypeScript sources directly; WASM bytes come from build/ and step workers are
// worker_threads, as in the Node entry.
import { useNodeDefaults } from '../src/node/useNodeDefaults.js';

useNodeDefaults();
