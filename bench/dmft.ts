// Multi-pass DMFT speed and memory: the library (single thread, the browser-safe
// path) against the vectorised numpy implementation bench/dmft_numpy.py of the same
// equations, timed in one run on the same machine; the memory of S = 10⁷ at T = 7 from the
// plan (and, with --big, measured by running it). Run: npx tsx bench/dmft.ts [--big]
//
// numpy runs single-threaded (OPENBLAS_NUM_THREADS = 1, set in the script), like the library:
// on this 2-core shared machine that is also numpy's faster setting (≈ 4–5 s against ≈ 15–40 s
// with two BLAS threads competing with other work).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setWasmSource } from '../src/wasm/wasmSource.js';
import { wasmFileSource } from '../src/node/wasmFileSource.js';
import { createBackend } from '../src/wasm/backend.js';
import { dmft } from '../src/theory/dmft.js';
import { resolveDmftOptions } from '../src/theory/dmftOptions.js';
import { dmftChunksBytes } from '../src/kernels/dmftChunks.js';
import { DmftLayout } from '../src/kernels/dmftPlan.js';

setWasmSource(wasmFileSource);

export interface DmftBench {
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
  /** numpy wall time, ms (OPENBLAS_NUM_THREADS = 1), or null when python3/numpy is unavailable. */
  numpyMs: number | null;
  /** numpyMs / wasmMs.best. */
  ratio: number | null;
  warmRatio: number | null;
  /** numpyMs / wasmMs.cold. */
  coldRatio: number | null;
  /** Largest |M_lib − M_numpy| at the last step (independent Monte Carlo draws: ~1e-3). */
  maxDiffM: number | null;
  /** WebAssembly memory the run at S = 10⁷, T = 7, p = k = 2 allocates, from its plan (histories and scratch), bytes. */
  memoryBytes: number;
  /** Stored history per sample, bytes (docs/dmft.md §7). */
  bytesPerSample: number;
  /** One line for the bench report. */
  line: string;
  note?: string;
}

/** Bytes the DMFT samples of one run allocate (dmftChunksBytes of all chunks), without running it. */
export function dmftPlanBytes(samples: number, steps: number, target = 'paper-2'): number {
  const r = resolveDmftOptions({ target, samples, steps });
  return dmftChunksBytes({ ...r.plan, a: new Float64Array(r.plan.p) }, r.plan.nChunks);
}

export async function benchDmft(samples = 1_000_000, steps = 7, target = 'paper-2', warmRuns = 3): Promise<DmftBench> {
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
  const base = { samples, steps, target, wasmMs: { cold, best, runs }, ms: cold, warmMs: best, memoryBytes, bytesPerSample };
  const lib = `library ${best.toFixed(0)} ms (best of ${warmRuns} in one instance), ${cold.toFixed(0)} ms cold`;
  const mem = `S = 10⁷: ${(memoryBytes / 2 ** 30).toFixed(2)} GiB planned`;
  const head = `dmft T = ${steps}, p = k = 2, S = ${samples}, ${target}:`;
  const script = fileURLToPath(new URL('./dmft_numpy.py', import.meta.url));
  const py = spawnSync('python3', [script, target, String(samples), String(steps)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (py.status !== 0 || !py.stdout) {
    const note = `numpy comparison skipped: ${py.error?.message ?? py.stderr?.trim().split('\n').pop() ?? 'python3 failed'}`;
    return { ...base, numpyMs: null, ratio: null, warmRatio: null, coldRatio: null, maxDiffM: null, line: `${head} ${lib}; ${note}; ${mem}`, note };
  }
  const out = JSON.parse(py.stdout.trim().split('\n').pop()!) as { seconds: number; M: number[][] };
  const numpyMs = out.seconds * 1000;
  const last = r.M[steps];
  const maxDiffM = Math.max(...last.flatMap((row, j) => row.map((x, c) => Math.abs(x - out.M[j][c]))));
  const ratio = numpyMs / best;
  const coldRatio = numpyMs / cold;
  const line = `${head} ${lib}; numpy (1 thread) ${numpyMs.toFixed(0)} ms → ${ratio.toFixed(1)}× (cold ${coldRatio.toFixed(1)}×, goal ≥ 10×); max |ΔM| ${maxDiffM.toExponential(1)}; ${mem}`;
  return { ...base, numpyMs, ratio, warmRatio: ratio, coldRatio, maxDiffM, line };
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

const isMain = typeof process !== 'undefined' && process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  console.log((await benchDmft()).line);
  if (process.argv.includes('--big')) {
    const m = await benchDmftMemory();
    console.log(`dmft S = ${m.samples}, T = ${m.steps}: ${(m.ms / 1000).toFixed(1)} s, WASM memory ${(m.wasmBytes / 2 ** 30).toFixed(2)} GiB measured (${(m.planBytes / 2 ** 30).toFixed(2)} GiB planned, ${m.bytesPerSample} B per sample stored)`);
  }
}
