// How many threads one run of the explicit engine uses, and the backend and step pool that go
// with them. Threads share the WASM memory, which needs SharedArrayBuffer and Atomics.wait: in
// browsers cross-origin isolation (COOP same-origin + COEP require-corp) and a worker thread
// (Atomics.wait is refused on a page's main thread). Otherwise the run uses one thread and
// backendInfo() says why. The bits never depend on the choice (src/kernels/stepChunks.ts).
import { createSharedBackend, loadBackend, resolveVariant, sharedMemorySupported, type Backend, type VariantRequest } from '../wasm/backend.js';
import { MAX_THREADS } from './controlBlock.js';
import { hasStepWorkerSpawner, StepPool } from './stepPool.js';

/** Below this many stored elements per pass (rows × d; 16.8 M, a fifth of the paper case) the default is one thread: starting and waking workers costs more than it saves on small runs. */
const DEFAULT_MIN_ELEMENTS = 1 << 24;

let cores: number | null = null;
let machine: (() => { total: number; free: number }) | null = null;

/** The platform's core count (the Node entry sets os.availableParallelism()). */
export function setCoreCount(n: number): void {
  cores = n;
}

/** The machine's memory (the Node entry sets os.totalmem() / os.freemem()). */
export function setMachineMemory(f: () => { total: number; free: number }): void {
  machine = f;
}

/** The machine's total and free memory in bytes, or null where the platform does not say (browsers). */
export function machineMemory(): { total: number; free: number } | null {
  return machine === null ? null : machine();
}

/** The default `threads`: every core (navigator.hardwareConcurrency in browsers), at most 64. */
export function defaultThreads(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const n = cores ?? nav?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(MAX_THREADS, Math.floor(n)));
}

/** Why threads inside a run are not available here, or null when they are. */
export function threadsUnavailable(): string | null {
  if (!sharedMemorySupported()) {
    return 'no shared memory: a browser page needs cross-origin isolation (headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  }
  const g = globalThis as { window?: unknown; WorkerGlobalScope?: unknown };
  if (g.window !== undefined && g.WorkerGlobalScope === undefined) {
    return "a page's main thread may not block in Atomics.wait: run the library in a Web Worker";
  }
  if (!hasStepWorkerSpawner()) return 'no worker threads on this platform';
  return null;
}

export interface StepThreads {
  backend: Backend;
  /** null: one thread. */
  pool: StepPool | null;
  threads: number;
}

const pools = new Map<string, Promise<StepThreads>>();

/**
 * The backend and pool for a run: `asked` threads (explicit, honoured when the platform
 * allows), or by default every core for passes of at least 2²⁴ stored elements, else one.
 */
export async function stepThreads(request: VariantRequest, asked: number | undefined, elements: number): Promise<StepThreads> {
  const want = asked ?? (elements >= DEFAULT_MIN_ELEMENTS ? defaultThreads() : 1);
  if (want <= 1 || threadsUnavailable() !== null) return { backend: await loadBackend(request), pool: null, threads: 1 };
  const variant = resolveVariant(request);
  const key = `${variant}/${want}`;
  let p = pools.get(key);
  if (!p) {
    p = (async () => {
      const backend = await createSharedBackend(variant);
      return { backend, pool: await StepPool.start(backend, want), threads: want };
    })();
    pools.set(key, p);
    p.catch(() => pools.delete(key));
  }
  return p;
}
