// Figure 1 of Repetita iuvant (docs/model.md §5, "The data-repetition experiment"): for each
// single-index target, algorithm and d, the mean |cosine| between the student and the target
// over seeds against t/d, the table of its value at the horizons with SE, and the one-sided
// Welch tests of "displaced > plain" and "repeated > plain" with Holm's family-wise correction.
// Browser-safe: the simulateSeeds runner is injected (the Node entry passes the threaded one).
import { OptionRangeError } from '../errors.js';
import { checkOption, OPTION_RANGES } from '../options/optionRanges.js';
import type { SeedsResult } from '../results/SeedsResult.js';
import { simulateSeeds, type SimulateSeedsOptions } from '../simulateSeeds.js';
import { holmRejections } from './holmRejections.js';
import {
  REPETITA_ALGORITHMS, REPETITA_COMMON, REPETITA_COMPARISONS, REPETITA_FAMILY_WISE, REPETITA_FULL, REPETITA_TARGETS,
  type RepetitaAlgorithmKey, type RepetitaTarget,
} from './repetitaSetup.js';
import { welchTest } from './welchTest.js';

export interface RepetitaOptions {
  /** Input dimensions (default 2048, 4096, 8192). */
  ds?: number[];
  /** Seeds per target, algorithm and d (default 40). */
  seeds?: number;
  /** The table's horizon in units of d: T = horizon·d steps (default 50). */
  horizon?: number;
  /** A longer horizon in units of d, run and tabulated as well (default none). */
  longHorizon?: number;
  /** Targets by name (default all four: He2, He3, He4, relu). */
  targets?: RepetitaTarget['name'][];
  /** Algorithms by key (default all three: sgd, egd, repeat). */
  algorithms?: RepetitaAlgorithmKey[];
  /** Recorded points per curve, evenly spaced in t (default 50). */
  points?: number;
  /** First seed (default 0). */
  seed?: number;
  /** Worker threads (Node runner only). Default 1. */
  threads?: number;
  /** 'reduced' (default: exact and independent of d in cost, docs/model.md §8) or 'explicit'. */
  engine?: 'reduced' | 'explicit';
  onProgress?: (done: number, total: number) => void;
}

export type SeedsRunner = (o: SimulateSeedsOptions & { threads?: number }) => Promise<SeedsResult>;

export interface RepetitaCurve {
  target: string;
  name: RepetitaTarget['name'];
  algorithm: RepetitaAlgorithmKey;
  d: number;
  steps: number[];
  /** Mean and SE over seeds of |cos(w, w*)| = |M|/√Q at each recorded step. */
  cosine: { mean: number[]; se: number[] };
  seeds: number;
  /** The simulation's resolved config (engine, options). */
  config: Record<string, unknown>;
  /** Seeds that diverged (their curves stop there). */
  diverged: SeedsResult['diverged'];
}

export interface RepetitaRow {
  name: RepetitaTarget['name'];
  algorithm: RepetitaAlgorithmKey;
  d: number;
  /** t/d of the row. */
  horizon: number;
  mean: number;
  se: number;
}

export interface RepetitaComparison {
  name: RepetitaTarget['name'];
  d: number;
  horizon: number;
  comparison: (typeof REPETITA_COMPARISONS)[number]['key'];
  difference: number;
  se: number;
  t: number;
  nu: number;
  /** One-sided p-value. */
  p: number;
  /** Rejected by Holm's procedure at REPETITA_FAMILY_WISE over every comparison of the result. */
  significant: boolean;
}

export interface RepetitaResult {
  config: {
    ds: number[]; seeds: number; horizon: number; longHorizon: number | null; seed: number; engine: string;
    targets: string[]; algorithms: RepetitaAlgorithmKey[]; familyWise: number;
    common: typeof REPETITA_COMMON; algorithmOptions: Record<string, unknown>;
  };
  curves: RepetitaCurve[];
  table: RepetitaRow[];
  comparisons: RepetitaComparison[];
}

/** The browser's runner: simulateSeeds in this thread (it has no `threads`). */
const inThisThread: SeedsRunner = ({ threads: _threads, ...o }) => simulateSeeds(o);

export async function reproduceRepetita(options: RepetitaOptions = {}, runner: SeedsRunner = inThisThread): Promise<RepetitaResult> {
  const o = checkRepetitaOptions(options);
  const targets = REPETITA_TARGETS.filter((t) => o.targets.includes(t.name));
  const algorithms = REPETITA_ALGORITHMS.filter((a) => o.algorithms.includes(a.key));
  const maxHorizon = Math.max(o.horizon, o.longHorizon ?? 0);
  const horizons = o.longHorizon === null ? [o.horizon] : [o.horizon, o.longHorizon];
  // Progress units: steps of one seed, summed over every run.
  const total = targets.length * algorithms.length * o.ds.reduce((s, d) => s + d * maxHorizon, 0) * o.seeds;
  let base = 0;
  const curves: RepetitaCurve[] = [];
  for (const target of targets) {
    for (const algorithm of algorithms) {
      for (const d of o.ds) {
        const T = d * maxHorizon;
        const r = await runner({
          ...REPETITA_COMMON, ...algorithm.options, target: target.target, d, steps: T, engine: o.engine,
          record: recordedSteps(d, horizons, maxHorizon, o.points), seeds: o.seeds, seed: o.seed, threads: o.threads,
          onProgress: (done) => o.onProgress?.(base + done, total),
        });
        base += T * o.seeds;
        curves.push({
          target: target.target, name: target.name, algorithm: algorithm.key, d, steps: r.steps,
          cosine: { mean: r.cosine.mean.map((v) => v[0]), se: r.cosine.se.map((v) => v[0]) },
          seeds: o.seeds, config: r.config, diverged: r.diverged,
        });
      }
    }
  }
  const table = tableOf(curves, horizons);
  return {
    config: {
      ds: o.ds, seeds: o.seeds, horizon: o.horizon, longHorizon: o.longHorizon, seed: o.seed, engine: o.engine,
      targets: targets.map((t) => t.target), algorithms: algorithms.map((a) => a.key), familyWise: REPETITA_FAMILY_WISE,
      common: REPETITA_COMMON, algorithmOptions: Object.fromEntries(algorithms.map((a) => [a.key, a.options])),
    },
    curves,
    table,
    comparisons: comparisonsOf(table, o.seeds),
  };
}

type Resolved = Required<Omit<RepetitaOptions, 'onProgress' | 'longHorizon'>> & Pick<RepetitaOptions, 'onProgress'> & { longHorizon: number | null };

/** Every option checked before the first simulation, so that a bad one never costs a run; the options with their defaults. */
export function checkRepetitaOptions(options: RepetitaOptions): Resolved {
  const { ds = [...REPETITA_FULL.ds], seeds = REPETITA_FULL.seeds, horizon = REPETITA_FULL.horizon, longHorizon, seed = 0, threads = 1, points = 50, engine = 'reduced' } = options;
  if (!Array.isArray(ds) || ds.length === 0) throw new OptionRangeError('ds', 'a non-empty list of integers from 4 to 1e7', ds);
  for (const d of ds) {
    checkOption('d', d);
    if (d < 4) throw new OptionRangeError('d', `an integer from 4 to ${OPTION_RANGES.d.max}`, d);
  }
  checkOption('seeds', seeds);
  if (seeds < 2) throw new OptionRangeError('seeds', `an integer from 2 to ${OPTION_RANGES.seeds.max} (the table has standard errors and Welch tests over seeds)`, seeds);
  checkHorizon('horizon', horizon, ds);
  if (longHorizon !== undefined) {
    checkHorizon('longHorizon', longHorizon, ds);
    if (longHorizon <= horizon) throw new OptionRangeError('longHorizon', `an integer larger than horizon (${horizon})`, longHorizon);
  }
  if (!Number.isInteger(points) || points < 1 || points > 1000) throw new OptionRangeError('points', 'an integer from 1 to 1000', points);
  checkOption('seed', seed);
  checkOption('threads', threads);
  if (engine !== 'reduced' && engine !== 'explicit') throw new OptionRangeError('engine', "'reduced' or 'explicit'", engine);
  const targets = pick('targets', options.targets, REPETITA_TARGETS.map((t) => t.name));
  const algorithms = pick('algorithms', options.algorithms, REPETITA_ALGORITHMS.map((a) => a.key));
  return { ds, seeds, horizon, longHorizon: longHorizon ?? null, seed, threads, points, engine, targets, algorithms, onProgress: options.onProgress };
}

function checkHorizon(option: string, h: number, ds: number[]): void {
  const maxSteps = OPTION_RANGES.steps.max;
  const dMax = Math.max(...ds);
  if (!Number.isInteger(h) || h < 1 || h * dMax > maxSteps) throw new OptionRangeError(option, `an integer from 1 to ${Math.floor(maxSteps / dMax)} (T = ${option}·d steps ≤ ${maxSteps})`, h);
}

function pick<T extends string>(option: string, given: T[] | undefined, all: T[]): T[] {
  if (given === undefined) return all;
  if (!Array.isArray(given) || given.length === 0 || given.some((g) => !all.includes(g))) {
    throw new OptionRangeError(option, `a non-empty list of ${all.join(', ')}`, given);
  }
  return all.filter((a) => given.includes(a));
}

/** `points` evenly spaced steps on [0, T] (integers), plus every horizon·d, sorted. */
function recordedSteps(d: number, horizons: number[], maxHorizon: number, points: number): number[] {
  const T = d * maxHorizon;
  const steps = new Set<number>(horizons.map((h) => h * d));
  for (let i = 0; i <= points; i++) steps.add(Math.round((i * T) / points));
  return [...steps].sort((a, b) => a - b);
}

function tableOf(curves: RepetitaCurve[], horizons: number[]): RepetitaRow[] {
  return horizons.flatMap((horizon) =>
    curves.map((c) => {
      const i = c.steps.indexOf(horizon * c.d);
      // A diverged seed cuts the summary before the horizon: the row says so with NaN.
      return { name: c.name, algorithm: c.algorithm, d: c.d, horizon, mean: i < 0 ? NaN : c.cosine.mean[i], se: i < 0 ? NaN : c.cosine.se[i] };
    }),
  );
}

/** Every comparison whose two algorithms ran, at every horizon and d, Holm-corrected together. */
function comparisonsOf(table: RepetitaRow[], seeds: number): RepetitaComparison[] {
  const find = (r: RepetitaRow, algorithm: RepetitaAlgorithmKey) =>
    table.find((x) => x.name === r.name && x.d === r.d && x.horizon === r.horizon && x.algorithm === algorithm);
  const raw = table.flatMap((plain) =>
    REPETITA_COMPARISONS.filter((c) => c.than === plain.algorithm).flatMap((c) => {
      const better = find(plain, c.better);
      if (!better) return [];
      const w = welchTest({ mean: better.mean, se: better.se, n: seeds }, { mean: plain.mean, se: plain.se, n: seeds });
      return [{ name: plain.name, d: plain.d, horizon: plain.horizon, comparison: c.key, ...w }];
    }),
  );
  const rejected = holmRejections(raw.map((c) => c.p), REPETITA_FAMILY_WISE);
  return raw.map((c, i) => ({ ...c, significant: rejected[i] }));
}
