// Multi-pass DMFT timing and memory of the library alone (single thread, the browser-safe
// path). No Node imports: `npm run bench` (bench/dmft.ts adds the numpy comparison) and the
// bench page (web/bench.html) run the same measurement.
import { createBackend } from '../src/wasm/backend.js';
import { dmft } from '../src/theory/dmft.js';
import { resolveDmftOptions } from '../src/theory/dmftOptions.js';
import { dmftChunksBytes } from '../src/kernels/dmftChunks.js';
import { DmftLayout } from '../src/kernels/dmftPlan.js';

export interface DmftTiming {
  samples: number;
  steps: number;
  target: string;
  /** Library wall times, ms (single thread, SIMD build when available). */
  wasmMs: {
    /** First run in a fresh WASM instance: includes the first touch of its new linear memory (≈ 150 MB at S = 10⁶; page faults cost ≈ 5 ns per byte on this VM). */
    cold: number;
    /** Best of the following runs in the same instance (memory already mapped: how theory() runs on the shared backend). */
    best: number;
    runs: number[];
  };
  /** Same as wasmMs.cold and wasmMs.best (names kept for bench/index.ts). */
  ms: number;
  warmMs: number;
  /** WebAssembly memory the run at S = 10⁷, T = 7, p = k = 2 allocates, from its plan (histories and scratch), bytes. */
  memoryBytes: number;
  /** Stored history per sample, bytes (docs/dmft.md §7). */
  bytesPerSample: number;
}

/** Bytes the DMFT samples of one run allocate (dmftChunksBytes of all chunks), without running it. */
export function dmftPlanBytes(samples: number, steps: number, target = 'paper-2'): number {
  const r = resolveDmftOptions({ target, samples, steps });
  return dmftChunksBytes({ ...r.plan, a: new Float64Array(r.plan.p) }, r.plan.nChunks);
}

/** One cold run in a fresh instance, then `warmRuns` in the same instance; M at every step of the last run. */
export async function timeDmft(samples = 1_000_000, steps = 7, target = 'paper-2', warmRuns = 3): Promise<{ timing: DmftTiming; M: number[][][] }> {
  const opts = { target, samples, steps, seed: 1 };
  const b = await createBackend('auto');
  let t0 = performance.now();
  const r = await dmft(opts, b);
  const cold = performance.now() - t0;
  const runs: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    t0 = performance.now();
    await dmft(opts, b);
    runs.push(performance.now() - t0);
  }
  const best = Math.min(...runs);
  const memoryBytes = dmftPlanBytes(10_000_000, 7);
  const bytesPerSample = DmftLayout.bytesPerSample(2, 2, 7);
  return { timing: { samples, steps, target, wasmMs: { cold, best, runs }, ms: cold, warmMs: best, memoryBytes, bytesPerSample }, M: r.M };
}

export interface DmftMemoryBench {
  samples: number;
  steps: number;
  ms: number;
  /** Linear memory of the instance after the run (bytes). */
  wasmBytes: number;
  /** The run's allocation from its plan (bytes). */
  planBytes: number;
  /** Stored history per sample (bytes), docs/dmft.md §7. */
  bytesPerSample: number;
}

export async function benchDmftMemory(samples = 10_000_000, steps = 7): Promise<DmftMemoryBench> {
  const b = await createBackend('auto');
  const t0 = performance.now();
  await dmft({ target: 'paper-2', samples, steps, seed: 1 }, b);
  return { samples, steps, ms: performance.now() - t0, wasmBytes: b.memoryBytes, planBytes: dmftPlanBytes(samples, steps), bytesPerSample: DmftLayout.bytesPerSample(2, 2, steps) };
}
