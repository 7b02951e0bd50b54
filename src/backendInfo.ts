import { loadBackend, type Variant, type VariantRequest } from './wasm/backend.js';
import { simdSupported } from './wasm/simdSupported.js';

export interface BackendInfo {
  /** The WASM build that runs: 'simd' (compiled with --enable simd) or 'scalar' (fallback). */
  variant: Variant;
  /** Whether this engine validates WebAssembly SIMD. */
  simdSupported: boolean;
}

/** Which WASM build runs here, as reported by the loaded module itself. */
export async function backendInfo(request: VariantRequest = 'auto'): Promise<BackendInfo> {
  const b = await loadBackend(request);
  const simd = b.kernels.simdEnabled() === 1;
  return { variant: simd ? 'simd' : 'scalar', simdSupported: simdSupported() };
}
