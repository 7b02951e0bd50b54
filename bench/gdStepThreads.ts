// The paper case's multi-pass step (d = 5000, n = 15000, p = 2, ReLU, f32) on 1 and 2 threads
// of one run (src/kernels/stepPool.ts), on the same shared-memory backend and data, with a
// digest of the gradient and loss bits of each: the two must be identical.
import { compileExpression, parseActivation, parseTarget } from '../src/expr/index.js';
import { allocGdStepScratch, gdStep, gdStepWorkBytes } from '../src/kernels/gdStep.js';
import { normalRows } from '../src/kernels/normalRows.js';
import { StepPool } from '../src/kernels/stepPool.js';
import { targetLabels } from '../src/kernels/targetLabels.js';
import { uploadExpression } from '../src/kernels/uploadExpression.js';
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
    const ld = Math.ceil(d / 4) * 4;
    const k = 2;
    const target = uploadExpression(b, compileExpression(parseTarget('tanh(z1 + He3(z2))').ast, k));
    const act = parseActivation('relu');
    const sig = uploadExpression(b, compileExpression(act.ast, 1));
    const dsig = uploadExpression(b, compileExpression(act.derivative, 1));
    const X = b.alloc(n * ld * 4);
    const y = b.alloc(n * 8);
    const Z = b.alloc(n * k * 8);
    const stack = b.alloc(n * 8 * Math.max(1, target.maxStack));
    const T = b.alloc(k * ld * 4);
    const W = b.alloc(p * ld * 4);
    const a = b.fromF64(Array.from({ length: p }, (_, j) => (j % 2 === 0 ? 1 : -1)));
    const scratch = allocGdStepScratch((bytes) => b.alloc(bytes), 'f32', p, ld, gdStepWorkBytes(p, sig, dsig), threads);
    const G = b.alloc(p * ld * 8);
    normalRows(b, T, { seed: 7, batch: 1, rowCount: k, d, ld });
    normalRows(b, W, { seed: 7, batch: 2, rowCount: p, d, ld });
    normalRows(b, X, { seed: 1, batch: 0, rowCount: n, d, ld });
    targetLabels(b, X, ld, n, 'f32', T, k, d, target, Z, y, stack);
    const args = { storage: 'f32', X, ld, rows: null, nRows: n, y, W, p, a, d, act: sig, dact: dsig, scratch, G, accumulate: true } as const;
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
