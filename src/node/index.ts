// Node entry: the same API, with WASM bytes read from disk.
import { setWasmSource } from '../wasm/wasmSource.js';
import { wasmFileSource } from './wasmFileSource.js';

setWasmSource(wasmFileSource);

export * from '../index.js';
