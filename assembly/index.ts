// The WASM module's export list: one line per kernel file (see src/kernels/registry.ts).
export * from './runtime';
