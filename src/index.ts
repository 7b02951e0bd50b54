// Public API (browser and Node). Only re-exports: one idea per file.
export * from './errors.js';
export { loadBackend, createBackend, Backend, MAX_WASM_BYTES, withBuffers } from './wasm/backend.js';
export type { BufferId, Variant, VariantRequest } from './wasm/backend.js';
export { simdSupported } from './wasm/simdSupported.js';
export { setWasmSource } from './wasm/wasmSource.js';
export type { WasmSource } from './wasm/wasmSource.js';
