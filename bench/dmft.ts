// Multi-pass DMFT speed and memory: the library (single thread, the browser-safe
// path, bench/measureDmft.ts) against the vectorised numpy implementation bench/dmft_numpy.py of the same
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
import { benchDmftMemory, timeDmft, type DmftTiming } from './measureDmft.js';

export { benchDmftMemory, dmftPlanBytes, type DmftMemoryBench } from './measureDmft.js';

setWasmSource(wasmFileSource);

export interface DmftBench extends DmftTiming {
  /** numpy wall time, ms (OPENBLAS_NUM_THREADS = 1), or null when python3/numpy is unavailable. */
  numpyMs: number | null;
  /** numpyMs / wasmMs.best. */
  ratio: number | null;
  warmRatio: number | null;
  /** numpyMs / wasmMs.cold. */
  coldRatio: number | null;
  /** Largest |M_lib − M_numpy| at the last step (independent Monte Carlo draws: ~1e-3). */
  maxDiffM: number | null;
  /** One line for the bench report. */
  line: string;
  note?: string;
}

export async function benchDmft(samples = 1_000_000, steps = 7, target = 'paper-2', warmRuns = 3): Promise<DmftBench> {
  const { timing: base, M } = await timeDmft(samples, steps, target, warmRuns);
  const { cold, best } = base.wasmMs;
  const memoryBytes = base.memoryBytes;
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
  const last = M[steps];
  const maxDiffM = Math.max(...last.flatMap((row, j) => row.map((x, c) => Math.abs(x - out.M[j][c]))));
  const ratio = numpyMs / best;
  const coldRatio = numpyMs / cold;
  const line = `${head} ${lib}; numpy (1 thread) ${numpyMs.toFixed(0)} ms → ${ratio.toFixed(1)}× (cold ${coldRatio.toFixed(1)}×, goal ≥ 10×); max |ΔM| ${maxDiffM.toExponential(1)}; ${mem}`;
  return { ...base, numpyMs, ratio, warmRatio: ratio, coldRatio, maxDiffM, line };
}

const isMain = typeof process !== 'undefined' && process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  console.log((await benchDmft()).line);
  if (process.argv.includes('--big')) {
    const m = await benchDmftMemory();
    console.log(`dmft S = ${m.samples}, T = ${m.steps}: ${(m.ms / 1000).toFixed(1)} s, WASM memory ${(m.wasmBytes / 2 ** 30).toFixed(2)} GiB measured (${(m.planBytes / 2 ** 30).toFixed(2)} GiB planned, ${m.bytesPerSample} B per sample stored)`);
  }
}
