// The paper's headline experiment (docs/model.md §5; Dandi et al. 2024, figure with three panels):
// for each target, multi-pass and single-pass simulations (mean ± SE over seeds) and the
// DMFT and single-pass theory curves, projected on the step-1 direction u₁ and its
// orthogonal complement. Browser-safe: the runners are injected (the Node entry passes the
// threaded ones).
import { OptionRangeError } from '../errors.js';
import { checkOption, MAX_DMFT_STEPS, OPTION_RANGES } from '../options/optionRanges.js';
import type { FigureData, FigureSeries } from '../plot/figureSvg.js';
import type { SeedsResult } from '../results/SeedsResult.js';
import { simulateSeeds, type SimulateSeedsOptions } from '../simulateSeeds.js';
import { theory } from '../theory/theory.js';
import type { TheoryOptions } from '../theory/TheoryOptions.js';
import type { TheoryResult } from '../theory/TheoryResult.js';
import { PAPER_TARGETS } from './paperTargets.js';

export interface ReproduceOptions {
  /** Input dimension (default 2000; --paper: 5000). */
  d?: number;
  /** Seeds per target and schedule (default 32). */
  seeds?: number;
  /** DMFT Monte-Carlo samples (default 10⁶; --paper: 10⁷). */
  samples?: number;
  /** Steps T (default 6). */
  steps?: number;
  /** First seed (default 0). */
  seed?: number;
  /** Worker threads (Node runners only). Default 1. */
  threads?: number;
  /** Called with (units done, units in all) as simulations and theory progress. */
  onProgress?: (done: number, total: number) => void;
}

export interface ReproduceRunners {
  simulateSeeds: (o: SimulateSeedsOptions & { threads?: number }) => Promise<SeedsResult>;
  theory: (o: TheoryOptions) => Promise<TheoryResult>;
}

export interface TargetResult {
  target: string;
  multiPass: SeedsResult;
  singlePass: SeedsResult;
  dmft: TheoryResult;
  stateEvolution: TheoryResult;
}

export interface ReproduceResult {
  config: {
    d: number; alpha: number; p: number; lr: number; steps: number; seeds: number; samples: number; seed: number; activation: string;
    /** Which simulation engine ran each schedule. */
    engines: typeof ENGINES;
  };
  targets: TargetResult[];
  figure: FigureData;
  /** Per target and schedule: orthogonal overlap of neuron j at the last step, with SE and theory. */
  table: { target: string; schedule: 'multi-pass' | 'single-pass'; neuron: number; simulation: number; se: number; theory: number; theorySe: number | null }[];
}

export const PAPER_SIZE = { d: 5000, seeds: 32, samples: 10_000_000 };
/**
 * Multi-pass re-uses its batch, so it needs the data (explicit engine); single-pass runs on the
 * reduced engine, exact in distribution at finite d and independent of d in cost (docs/model.md §8).
 */
export const ENGINES = { 'multi-pass': 'explicit', 'single-pass': 'reduced' } as const;
export const QUICK_SIZE = { d: 2000, seeds: 32, samples: 1_000_000 };

export async function reproducePaper(options: ReproduceOptions = {}, runners: Partial<ReproduceRunners> = {}): Promise<ReproduceResult> {
  const { d = QUICK_SIZE.d, seeds = QUICK_SIZE.seeds, samples = QUICK_SIZE.samples, steps = 6, seed = 0, threads = 1, onProgress } = options;
  // Everything is validated before the first simulation, so a bad flag never costs a run.
  checkOption('d', d);
  if (d < 4) throw new OptionRangeError('d', `an integer from 4 to ${OPTION_RANGES.d.max} (at least k + p = 4 for the paper targets)`, d);
  checkOption('seeds', seeds);
  if (seeds < 2) throw new OptionRangeError('seeds', `an integer from 2 to ${OPTION_RANGES.seeds.max} (the figure shows standard errors over seeds)`, seeds);
  checkOption('samples', samples);
  checkOption('steps', steps);
  if (steps < 1 || steps > MAX_DMFT_STEPS) throw new OptionRangeError('steps', `an integer from 1 to ${MAX_DMFT_STEPS} (the figure has a DMFT curve)`, steps);
  checkOption('seed', seed);
  checkOption('threads', threads);
  const sim = runners.simulateSeeds ?? simulateSeeds;
  const th = runners.theory ?? theory;
  // The theory is the d → ∞ limit and refuses d; the simulations add it.
  const physics = { alpha: 3, p: 2, lr: 0.2, steps, activation: 'relu', seed } as const;
  const common = { d, ...physics } as const;
  // Progress units: one per simulated step of one seed, and `steps` per theory curve.
  const simUnits = seeds * steps;
  const total = PAPER_TARGETS.length * (2 * simUnits + 2 * steps);
  let base = 0;
  const report = (done: number) => onProgress?.(Math.min(total, base + done), total);
  const targets: TargetResult[] = [];
  for (const target of PAPER_TARGETS) {
    const run = async (schedule: keyof typeof ENGINES) => {
      const r = await sim({ ...common, target, schedule, engine: ENGINES[schedule], seeds, threads, onProgress: (done) => report(done) });
      base += simUnits;
      return r;
    };
    const multiPass = await run('multi-pass');
    const singlePass = await run('single-pass');
    const dmft = await th({ ...physics, target, method: 'dmft', samples, threads });
    base += steps;
    report(0);
    const stateEvolution = await th({ ...physics, target, method: 'single-pass' });
    base += steps;
    report(0);
    targets.push({ target, multiPass, singlePass, dmft, stateEvolution });
  }
  return {
    config: { ...common, seeds, samples, engines: ENGINES },
    targets,
    figure: figureData(targets, { d, seeds, samples }),
    table: targets.flatMap((t) =>
      (['multi-pass', 'single-pass'] as const).flatMap((schedule) => {
        const s = schedule === 'multi-pass' ? t.multiPass : t.singlePass;
        const th = schedule === 'multi-pass' ? t.dmft : t.stateEvolution;
        const last = s.steps.length - 1;
        return [0, 1].map((j) => ({
          target: t.target, schedule, neuron: j,
          simulation: s.orthogonalOverlap.mean[last][j][0],
          se: s.orthogonalOverlap.se[last][j][0],
          theory: th.orthogonalOverlap.mean[last][j][0],
          theorySe: th.orthogonalOverlap.se ? th.orthogonalOverlap.se[last][j][0] : null,
        }));
      }),
    ),
  };
}

function figureData(targets: TargetResult[], size: { d: number; seeds: number; samples: number }): FigureData {
  const panels = targets.map((t) => {
    const rows = { overlap: [] as FigureSeries[], orthogonalOverlap: [] as FigureSeries[] };
    for (const key of ['overlap', 'orthogonalOverlap'] as const) {
      const pick = (v: number | number[]): number => (typeof v === 'number' ? v : v[0]);
      for (const [schedule, s, th, thName] of [
        ['multi-pass', t.multiPass, t.dmft, 'DMFT'],
        ['single-pass', t.singlePass, t.stateEvolution, 'state evolution'],
      ] as const) {
        for (const j of [0, 1]) {
          rows[key].push({
            label: `${schedule}, simulation (neuron ${j + 1})`, schedule, kind: 'simulation',
            y: s[key].mean.map((v) => pick(v[j])), se: s[key].se.map((v) => pick(v[j])),
          });
          rows[key].push({ label: `${schedule}, ${thName} (neuron ${j + 1})`, schedule, kind: 'theory', y: th[key].mean.map((v) => pick(v[j])) });
        }
      }
    }
    return { title: t.target, steps: t.multiPass.steps, ...rows };
  });
  return {
    panels,
    title: 'Re-using batches: overlaps with the step-1 direction u₁ and its orthogonal complement',
    subtitle: `ReLU, p = k = 2, α = 3, η = 0.2, M⁰ = 0; simulations d = ${size.d}, ${size.seeds} seeds (mean ± SE; multi-pass explicit engine, single-pass reduced engine); DMFT ${size.samples.toExponential(0)} samples`,
  };
}
