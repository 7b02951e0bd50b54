// `multipass-gd reproduce repetita`: runs Figure 1 of Repetita iuvant (docs/model.md §5, "The
// data-repetition experiment") and writes DIR/figure.svg, DIR/data.json and DIR/data.npz, then
// prints the |cosine| table at the horizons, the Welch tests, the wall time, and what the
// explicit engine would have taken (measured on a few of its steps).
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bandPanelsSvg } from '../plot/bandPanelsSvg.js';
import { repetitaFigure } from '../reproduce/repetitaFigure.js';
import { REPETITA_ALGORITHMS, REPETITA_COMMON, REPETITA_FULL, REPETITA_QUICK } from '../reproduce/repetitaSetup.js';
import { checkRepetitaOptions, reproduceRepetita, type RepetitaOptions, type RepetitaResult } from '../reproduce/reproduceRepetita.js';
import { simulate } from '../simulate.js';
import { formatRepetitaTable } from './formatRepetitaTable.js';
import { encodeNpz } from './io/encodeNpz.js';
import type { NpyArray } from './io/encodeNpy.js';
import { formatJson } from './io/formatJson.js';
import { float64, int64 } from './io/npyArrays.js';
import { writeFileAtomic } from './io/writeFileAtomic.js';
import { simulateSeedsThreads } from './simulateSeedsThreads.js';
import { stripUndefined } from '../options/stripUndefined.js';

export interface RepetitaNodeOptions extends RepetitaOptions {
  out: string;
  /** The smaller version (d = 256, 512, 1024; 16 seeds) unless ds / seeds are given. */
  quick?: boolean;
  /** Measure a few explicit-engine steps to estimate its time for the same figure (default true). */
  explicitEstimate?: boolean;
}

/** Measured cost of the explicit engine: seconds per step at each d, per algorithm. */
export interface ExplicitEstimate {
  secondsPerStep: { algorithm: string; d: number; seconds: number }[];
  /** Estimated wall time of the whole figure on the same number of threads. */
  totalSeconds: number;
}

export interface RepetitaNodeResult extends RepetitaResult {
  timing: { wallSeconds: number; threads: number; explicit: ExplicitEstimate | null };
}

export async function reproduceRepetitaNode(options: RepetitaNodeOptions, print: (line: string) => void): Promise<RepetitaNodeResult> {
  const { out, quick = false, explicitEstimate = true, ...rest } = options;
  const size = quick ? REPETITA_QUICK : REPETITA_FULL;
  const threads = rest.threads ?? Math.min(2, availableParallelism());
  const opts: RepetitaOptions = { ds: [...size.ds], seeds: size.seeds, horizon: size.horizon, ...stripUndefined(rest), threads };
  checkRepetitaOptions(opts); // before the directory is made: a bad option leaves nothing behind
  await mkdir(out, { recursive: true });
  const start = performance.now();
  const result = await reproduceRepetita(opts, simulateSeedsThreads);
  const wallSeconds = (performance.now() - start) / 1000;
  const explicit = explicitEstimate ? await estimateExplicit(result, threads) : null;
  const full: RepetitaNodeResult = { ...result, timing: { wallSeconds, threads, explicit } };
  await writeFileAtomic(join(out, 'figure.svg'), bandPanelsSvg(repetitaFigure(result)));
  await writeFileAtomic(join(out, 'data.json'), formatJson(full));
  await writeFileAtomic(join(out, 'data.npz'), encodeNpz(npzArrays(full)));
  print(formatRepetitaTable(full));
  print(`wrote ${join(out, 'figure.svg')}, ${join(out, 'data.json')}, ${join(out, 'data.npz')}`);
  return full;
}

/**
 * The explicit engine's seconds per step at each d and algorithm, from the difference of two
 * short runs (so that the set-up cancels), times the steps of the figure, over the threads. The
 * explicit engine runs every algorithm of the figure (src/options/trainingSupport.ts), so each
 * is measured itself.
 */
async function estimateExplicit(r: RepetitaResult, threads: number): Promise<ExplicitEstimate> {
  const [short, long] = [200, 2200];
  const secondsPerStep: ExplicitEstimate['secondsPerStep'] = [];
  let total = 0;
  const horizon = Math.max(r.config.horizon, r.config.longHorizon ?? 0);
  for (const key of r.config.algorithms) {
    const algorithm = REPETITA_ALGORITHMS.find((a) => a.key === key)!;
    for (const d of r.config.ds) {
      const seconds = Math.max(0, (await explicitSeconds(d, long, algorithm.options)) - (await explicitSeconds(d, short, algorithm.options))) / (long - short);
      secondsPerStep.push({ algorithm: key, d, seconds });
      total += (seconds * d * horizon * r.config.seeds * r.config.targets.length) / threads;
    }
  }
  return { secondsPerStep, totalSeconds: total };
}

/** Seconds of an explicit run of `steps` steps at `d`: the fastest of three, the least disturbed by other processes. */
async function explicitSeconds(d: number, steps: number, options: object): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await simulate({ ...REPETITA_COMMON, ...options, target: 'He3(z1)', d, steps, engine: 'explicit', record: [0, steps] });
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/**
 * Per curve `<name>_<algorithm>_d<d>_t` (steps), `_t_over_d`, `_cos_mean`, `_cos_se`; the table
 * as columns `table_*`; the tests as `test_*`; the config as JSON text `config_json`.
 */
function npzArrays(r: RepetitaNodeResult): Record<string, NpyArray> {
  const f8 = (v: number[]): NpyArray => float64(v, 'data.npz');
  const i8 = (v: number[]): NpyArray => int64(v, 'data.npz', [0]);
  const str = (v: string[]): NpyArray => ({ dtype: 'unicode', shape: [v.length], data: v });
  const a: Record<string, NpyArray> = {};
  for (const c of r.curves) {
    const pre = `${c.name}_${c.algorithm}_d${c.d}_`;
    a[`${pre}t`] = i8(c.steps);
    a[`${pre}t_over_d`] = f8(c.steps.map((t) => t / c.d));
    a[`${pre}cos_mean`] = f8(c.cosine.mean);
    a[`${pre}cos_se`] = f8(c.cosine.se);
  }
  a.table_target = str(r.table.map((x) => x.name));
  a.table_algorithm = str(r.table.map((x) => x.algorithm));
  a.table_d = i8(r.table.map((x) => x.d));
  a.table_horizon = f8(r.table.map((x) => x.horizon));
  a.table_mean = f8(r.table.map((x) => x.mean));
  a.table_se = f8(r.table.map((x) => x.se));
  a.test_target = str(r.comparisons.map((x) => x.name));
  a.test_comparison = str(r.comparisons.map((x) => x.comparison));
  a.test_d = i8(r.comparisons.map((x) => x.d));
  a.test_horizon = f8(r.comparisons.map((x) => x.horizon));
  for (const key of ['difference', 'se', 't', 'nu', 'p'] as const) a[`test_${key}`] = f8(r.comparisons.map((x) => x[key]));
  a.test_significant = i8(r.comparisons.map((x) => (x.significant ? 1 : 0)));
  a.config_json = { dtype: 'unicode', shape: [], data: formatJson({ ...r.config, timing: r.timing }).trimEnd() };
  return a;
}
