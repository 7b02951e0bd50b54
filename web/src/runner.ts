// One run of the page: every (schedule, seed) is a job of the worker pool, the theory curves
// too; as seeds finish, the summary over the finished ones is redrawn, and at the end the
// summary over all seeds in seed order — the bits of simulateSeeds with the same options
// (summarizeTrajectories, src/summarizeTrajectories.ts).
import { summarizeTrajectories, type SeedRun, type SeedsResult, type TheoryResult } from '../../src/index.js';
import type { Pool } from './pool.js';
import { theoryMethod, theoryOptions, type RunOptions } from './options.js';
import type { WorkerError } from './protocol.js';

export interface ScheduleRun {
  schedule: string;
  /** The form field this schedule came from ('schedule' or 'schedule2'). */
  field: string;
  options: RunOptions;
  seedsDone: number;
  result?: SeedsResult;
  /** The summary is final (every seed finished). */
  complete: boolean;
  theory?: TheoryResult;
  theoryNote?: string;
  /** Labels not finite on some seed's data (NonFiniteExpressionError): its steps before it are kept. */
  fault?: WorkerError;
}

export interface RunSettings {
  theory: boolean;
  samples: number;
  /** Threads per seed (the library's `threads` option), when the library has it here. */
  threads?: number;
}

export interface RunHooks {
  onProgress(done: number, total: number): void;
  onUpdate(): void;
}

const seedList = (options: RunOptions) => Array.from({ length: options.seeds }, (_, i) => ((options.seed ?? 0) + i) % 2 ** 32);

/** Units of work: simulation steps (at least one per seed) plus steps+1 per theory curve. */
export function workUnits(run: ScheduleRun, settings: RunSettings): number {
  const steps = Math.max(1, run.options.steps ?? 6);
  const theory = settings.theory && theoryMethod(run.schedule) ? steps + 1 : 0;
  return run.options.seeds * steps + theory;
}

export async function runAll(pool: Pool, runs: ScheduleRun[], settings: RunSettings, hooks: RunHooks): Promise<void> {
  const total = runs.reduce((s, r) => s + workUnits(r, settings), 0);
  let done = 0;
  const add = (x: number) => {
    done += x;
    hooks.onProgress(done, total);
  };
  await Promise.all(runs.flatMap((r) => [...simulationJobs(pool, r, settings.threads, add, hooks), ...theoryJobs(pool, r, settings, add, hooks)]));
}

function simulationJobs(pool: Pool, run: ScheduleRun, threads: number | undefined, add: (x: number) => void, hooks: RunHooks): Promise<void>[] {
  const { seeds, ...options } = run.options;
  void seeds;
  const steps = Math.max(1, run.options.steps ?? 6);
  const finished: (SeedRun | undefined)[] = [];
  let version = 0;
  const summarise = async () => {
    const mine = ++version;
    const ready = finished.filter((x): x is SeedRun => x !== undefined);
    const all = ready.length === run.options.seeds;
    const result = await summarizeTrajectories(run.options, ready);
    if (mine !== version && !all) return;
    run.result = result;
    run.seedsDone = ready.length;
    run.complete = all;
    hooks.onUpdate();
  };
  return seedList(run.options).map(async (seed, i) => {
    let seen = 0;
    const { value, error } = await pool.run({ type: 'seed', options, seed, threads }, (t) => {
      add(t - seen);
      seen = t;
    });
    add(steps - seen);
    finished[i] = value as SeedRun;
    if (error) run.fault ??= error;
    await summarise();
  });
}

function theoryJobs(pool: Pool, run: ScheduleRun, settings: RunSettings, add: (x: number) => void, hooks: RunHooks): Promise<void>[] {
  const method = theoryMethod(run.schedule);
  if (!settings.theory) return [];
  if (!method) {
    run.theoryNote = `no theory for ${run.schedule} (DMFT: multi-pass; state evolution: single-pass)`;
    return [];
  }
  return [(async () => {
    let seen = 0;
    try {
      const { value } = await pool.run({ type: 'theory', options: theoryOptions(run.options, method, settings.samples) }, (t) => {
        add(t - seen);
        seen = t;
      });
      run.theory = value as TheoryResult;
    } catch (e) {
      if (e instanceof Error && e.message === 'cancelled') throw e;
      run.theoryNote = `theory: ${(e as Error).message}`;
    }
    add(Math.max(1, run.options.steps ?? 6) + 1 - seen);
    hooks.onUpdate();
  })()];
}
