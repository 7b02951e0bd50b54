// Multi-pass DMFT speed and memory (issue 3 §5): the library (single thread, the browser-safe
// path) against the vectorised numpy implementation bench/dmft_numpy.py of the same
// equations, timed in one run on the same machine; and, with --big, S = 10⁷ at T = 7 with the
// WebAssembly memory it used. Run: npx tsx bench/dmft.ts [--big]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setWasmSource } from '../src/wasm/wasmSource.js';
import { wasmFileSource } from '../src/node/wasmFileSource.js';
import { createBackend } from '../src/wasm/backend.js';
import { dmft } from '../src/theory/dmft.js';
import { DmftLayout } from '../src/kernels/dmftPlan.js';

setWasmSource(wasmFileSource);

export interface DmftBench {
  samples: number;
  steps: number;
  target: string;
  /** Library wall time, ms (single thread, SIMD build), first run in a fresh WASM instance: includes the first-touch page faults of its ~272 B/sample of new linear memory. */
  ms: number;
  /** Second run in the same instance (memory already mapped), ms. */
  warmMs: number;
  /** numpy wall time, ms, or null when python3/numpy is unavailable. */
  numpyMs: number | null;
  /** numpyMs / ms (cold). */
  ratio: number | null;
  /** numpyMs / warmMs. */
  warmRatio: number | null;
  /** Largest |M_lib − M_numpy| at the last step (independent Monte Carlo draws: ~1e-3). */
  maxDiffM: number | null;
  note?: string;
}

export async function benchDmft(samples = 1_000_000, steps = 7, target = 'paper-2'): Promise<DmftBench> {
  const b = await createBackend('auto');
  const t0 = performance.now();
  const r = await dmft({ target, samples, steps, seed: 1 }, b);
  const ms = performance.now() - t0;
  const t1 = performance.now();
  await dmft({ target, samples, steps, seed: 1 }, b);
  const warmMs = performance.now() - t1;
  const script = fileURLToPath(new URL('./dmft_numpy.py', import.meta.url));
  const py = spawnSync('python3', [script, target, String(samples), String(steps)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (py.status !== 0 || !py.stdout) {
    return { samples, steps, target, ms, warmMs, numpyMs: null, ratio: null, warmRatio: null, maxDiffM: null, note: `numpy comparison skipped: ${py.error?.message ?? py.stderr?.trim().split('\n').pop() ?? 'python3 failed'}` };
  }
  const out = JSON.parse(py.stdout.trim().split('\n').pop()!) as { seconds: number; M: number[][] };
  const numpyMs = out.seconds * 1000;
  const last = r.M[steps];
  const maxDiffM = Math.max(...last.flatMap((row, j) => row.map((x, c) => Math.abs(x - out.M[j][c]))));
  return { samples, steps, target, ms, warmMs, numpyMs, ratio: numpyMs / ms, warmRatio: numpyMs / warmMs, maxDiffM };
}

export interface DmftMemoryBench {
  samples: number;
  steps: number;
  ms: number;
  /** Linear memory of the instance after the run (bytes). */
  wasmBytes: number;
  /** Stored history per sample (bytes), docs/dmft.md §7. */
  bytesPerSample: number;
}

export async function benchDmftMemory(samples = 10_000_000, steps = 7): Promise<DmftMemoryBench> {
  const b = await createBackend('auto');
  const t0 = performance.now();
  await dmft({ target: 'paper-2', samples, steps, seed: 1 }, b);
  return { samples, steps, ms: performance.now() - t0, wasmBytes: b.memoryBytes, bytesPerSample: DmftLayout.bytesPerSample(2, 2, steps) };
}

const isMain = typeof process !== 'undefined' && process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const r = await benchDmft();
  console.log(`dmft T = ${r.steps}, p = k = 2, S = ${r.samples}, ${r.target}: library ${r.ms.toFixed(0)} ms (fresh instance), ${r.warmMs.toFixed(0)} ms (reused instance)` +
    (r.numpyMs === null ? `; ${r.note}` : `; numpy ${r.numpyMs.toFixed(0)} ms; ratio ${r.ratio!.toFixed(1)}× (fresh), ${r.warmRatio!.toFixed(1)}× (reused); max |ΔM| ${r.maxDiffM!.toExponential(1)}`));
  if (process.argv.includes('--big')) {
    const m = await benchDmftMemory();
    console.log(`dmft S = ${m.samples}, T = ${m.steps}: ${(m.ms / 1000).toFixed(1)} s, WASM memory ${(m.wasmBytes / 2 ** 30).toFixed(2)} GiB (${m.bytesPerSample} B per sample stored)`);
  }
}
