// The paper case's multi-pass step (d = 5000, n = 15000, p = 2, ReLU, f32) on 1 and 2 threads
// of one run (src/kernels/stepPool.ts), on the same shared-memory backend and data, with a
// digest of the gradient and loss bits of each: the two must be identical.
import { gdStep } from '../src/kernels/gdStep.js';
import { StepPool } from '../src/kernels/stepPool.js';
import { paperStepFixture } from './paperStepFixture.js';
import { useNodeStepWorkers } from '../src/node/stepWorkerSpawner.js';
import { createSharedBackend } from '../src/wasm/backend.js';

export interface GdStepThreadsBench {
  threads: number;
  oneThreadMs: number;
  threadsMs: number;
  /** FNV-1a digests of the bits of (G, loss) after one step, per thread count. */
  digestOne: string;
  digestThreads: string;
}

function fnv1a(bytes: Uint8Array): string {
  let h = 0xcbf29ce484222325n;
  for (const x of bytes) h = BigInt.asUintN(64, (h ^ BigInt(x)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

export async function benchGdStepThreads(threads = 2, d = 5000, n = 15000, p = 2, repeats = 20): Promise<GdStepThreadsBench> {
  useNodeStepWorkers();
  const b = await createSharedBackend('simd');
  const pool = await StepPool.start(b, threads);
  try {
    const f = paperStepFixture(b, d, n, p, threads);
    f.load(0);
    const { args, ld } = f;
    const G = args.G;
    const digest = (on: StepPool | null) => {
      const loss = gdStep(b, args, on);
      const bytes = new Uint8Array(p * ld * 8 + 8);
      bytes.set(new Uint8Array(b.readF64(G, p * ld).buffer));
      bytes.set(new Uint8Array(new Float64Array([loss]).buffer), p * ld * 8);
      return fnv1a(bytes);
    };
    const digestOne = digest(null);
    const digestThreads = digest(pool);
    let oneThreadMs = Infinity;
    let threadsMs = Infinity;
    // Alternating, so both see the same moments of a shared machine.
    for (let r = 0; r < repeats; r++) {
      let t0 = performance.now();
      gdStep(b, args, null);
      oneThreadMs = Math.min(oneThreadMs, performance.now() - t0);
      t0 = performance.now();
      gdStep(b, args, pool);
      threadsMs = Math.min(threadsMs, performance.now() - t0);
    }
    return { threads, oneThreadMs, threadsMs, digestOne, digestThreads };
  } finally {
    pool.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { setWasmSource } = await import('../src/wasm/wasmSource.js');
  const { wasmFileSource } = await import('../src/node/wasmFileSource.js');
  setWasmSource(wasmFileSource);
  console.log(await benchGdStepThreads());
}
