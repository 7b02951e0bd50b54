import { defaultThreads, threadsUnavailable } from './kernels/stepThreads.js';
import { loadBackend, type Variant, type VariantRequest } from './wasm/backend.js';
import { simdSupported } from './wasm/simdSupported.js';

export interface BackendInfo {
  /** The WASM build that runs: 'simd' (compiled with --enable simd) or 'scalar' (fallback). */
  variant: Variant;
  /** Whether this engine validates WebAssembly SIMD. */
  simdSupported: boolean;
  /**
   * Threads one run of the explicit engine uses by default here (option `threads`): every
   * core, or 1 when threads are unavailable (then `threadsUnavailable` says why).
   */
  threads: number;
  /** Why a run uses one thread here: no shared memory (a page without cross-origin isolation), a page's main thread, or no workers. */
  threadsUnavailable?: string;
}

/** Which WASM build runs here, as reported by the loaded module itself, and the threads a run may use. */
export async function backendInfo(request: VariantRequest = 'auto'): Promise<BackendInfo> {
  const b = await loadBackend(request);
  const simd = b.kernels.simdEnabled() === 1;
  const why = threadsUnavailable();
  return {
    variant: simd ? 'simd' : 'scalar',
    simdSupported: simdSupported(),
    threads: why === null ? defaultThreads() : 1,
    ...(why === null ? {} : { threadsUnavailable: why }),
  };
}
