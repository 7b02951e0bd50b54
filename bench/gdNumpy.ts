// The numpy float32 and float64 steps of the paper case (bench/gd_numpy.py), the users' current
// tool, for the speed-ups printed by `npm run bench`. The library itself never needs Python.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface NumpyGdStep {
  /** Best-of-repeats milliseconds of one multi-pass step in float32 and in float64. */
  f32Ms: number;
  f64Ms: number;
  /** BLAS threads numpy was given. */
  threads: number;
  /** The BLAS library and the kernel it picked for this CPU. */
  blas: string;
}

/** Runs bench/gd_numpy.py with `threads` BLAS threads; `skipped` says why when python3 or numpy is missing. */
export function numpyGdStep(threads = 2): NumpyGdStep | { skipped: string } {
  const t = String(threads);
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t };
  // Both force choices (core type, L2 size) that make current numpy's OpenBLAS slower.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const script = fileURLToPath(new URL('./gd_numpy.py', import.meta.url));
  const py = spawnSync('python3', [script], { encoding: 'utf8', env, maxBuffer: 1 << 20 });
  if (py.error) return { skipped: `python3 not available (${py.error.message})` };
  if (py.status !== 0) return { skipped: `python3/numpy failed: ${py.stderr.trim().split('\n').pop()}` };
  return JSON.parse(py.stdout.trim()) as NumpyGdStep;
}
