// Facts about this build that the TypeScript memory owner (src/wasm/backend.ts) needs.
// Kernels never allocate: every buffer is carved by the TS side above heapBase().

/** First free byte after static data, rounded up to 16 for v128 loads. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** 1 when this binary was compiled with `--enable simd`, 0 for the scalar fallback. */
export function simdEnabled(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}
