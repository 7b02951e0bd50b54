// `multipass-gd sweep GRID --out DIR`: runs every point of a grid file (docs in README,
// "Sweeps") into a content-addressed store, skipping finished points; safe to kill and rerun,
// and to run from several processes or Slurm array tasks at once. Its subcommands status,
// collect and slurm live in sweepStatus.ts, sweepCollect.ts and sweepSlurm.ts.
import type { Command } from 'commander';
import type { SweepProgress } from '../../sweep/runSweep.js';
import { formatSeconds } from '../progress.js';
import { resolve } from 'node:path';
import type { CliIo } from './CliIo.js';
import { CliUsageError } from './CliUsageError.js';
import { gridArgument, shardArgument, storeArgument, threadsArgument } from './sweepArguments.js';
import { shardPoints, type Shard } from '../../sweep/shardPoints.js';
import type { SweepOutcome } from '../../sweep/sweep.js';
import { parseNumberFlag } from './parseNumberFlag.js';
import { addSweepCollect } from './sweepCollect.js';
import { addSweepSlurm } from './sweepSlurm.js';
import { addSweepStatus } from './sweepStatus.js';

interface SweepFlags {
  out?: string;
  shard?: string;
  threads?: string;
  dryRun?: boolean;
  retryFailed?: boolean;
  lease?: string;
  quiet?: boolean;
  jobs?: string;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** One stderr line at most every `intervalMs` and for every failure: points done, ETA, failures. */
function progressLines(io: CliIo, intervalMs = 2000): (p: SweepProgress) => void {
  const now = io.now ?? Date.now;
  let last = now();
  return (p) => {
    if (p.last?.status === 'failed') io.stderr(`multipass-gd: sweep: point ${p.last.index} failed: ${p.last.message}\n`);
    if (now() - last < intervalMs && p.last !== undefined) return;
    last = now();
    const eta = p.etaSeconds === undefined ? '' : `, ETA ${formatSeconds(p.etaSeconds)}`;
    const busy = p.busy > 0 ? `, ${p.busy} running elsewhere` : '';
    io.stderr(`multipass-gd: sweep: ${p.done + p.failed}/${p.total} points (${p.computed} computed now, ${p.failed} failed${busy})${eta}\n`);
  };
}

async function dryRun(io: CliIo, file: string, flags: SweepFlags, env: NodeJS.ProcessEnv): Promise<void> {
  const cwd = io.cwd ?? process.cwd();
  const { points } = await gridArgument(cwd, file);
  const mine = shardPoints(points, shardArgument(flags.shard, env));
  const threads = threadsArgument(flags.threads, env);
  const { planSweep } = await import('../sweep/planSweep.js');
  const plan = await planSweep(mine, threads);
  const memory = plan.memoryBytes ? (plan.memoryBytes.min === plan.memoryBytes.max ? mib(plan.memoryBytes.max) : `${mib(plan.memoryBytes.min)} to ${mib(plan.memoryBytes.max)}`) : 'not planned (theory)';
  io.stdout(
    `points: ${plan.points}${mine.length < points.length ? ` (this shard; ${points.length} in the grid)` : ''}\n` +
      `memory per point: ${memory}\n` +
      `estimated time: ${formatSeconds(plan.seconds)} with ${threads} thread(s) (calibrated by ${plan.calibration.runs} short runs of the smallest and largest points in ${plan.calibration.seconds.toFixed(1)} s)\n`,
  );
}

interface RunSettings {
  shard?: Shard;
  threads: number;
  lease?: number;
  jobs: number;
}

function runSettings(flags: SweepFlags, env: NodeJS.ProcessEnv): RunSettings {
  const lease = flags.lease === undefined ? undefined : parseNumberFlag('--lease', flags.lease);
  const jobs = flags.jobs === undefined ? 1 : parseNumberFlag('--jobs', flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new CliUsageError(`--jobs must be an integer from 1 to 256 (got ${flags.jobs})`);
  return { shard: shardArgument(flags.shard, env), threads: threadsArgument(flags.threads, env), lease, jobs };
}

/** The command line of a --jobs helper: the same grid, store, shard and settings, quiet. */
function helperArguments(grid: string, store: string, run: RunSettings, flags: SweepFlags): string[] {
  return [
    'sweep', 'run', grid, '--out', store, '--quiet', '--threads', String(run.threads),
    ...(run.shard ? ['--shard', `${run.shard.index}/${run.shard.count}`] : []),
    ...(flags.retryFailed ? ['--retry-failed'] : []),
    ...(run.lease === undefined ? [] : ['--lease', String(run.lease)]),
  ];
}

/** After the helpers exit, what this process saw as busy they finished: count from the store. */
async function countFromStore(outcome: SweepOutcome, store: string): Promise<void> {
  const { FileStore } = await import('../sweep/FileStore.js');
  const statuses = await new FileStore(store, { runId: 'count' }).statuses();
  const found = outcome.points.map((p) => statuses.get(p.key));
  outcome.done = found.filter((s) => s === 'done').length;
  outcome.failed = found.filter((s) => s === 'failed').length;
  outcome.busy = 0;
}

function summaryLine(outcome: SweepOutcome, shard: Shard | undefined, out: string): string {
  const pending = outcome.total - outcome.done - outcome.failed;
  return (
    `multipass-gd: sweep: ${outcome.total} points${shard ? ` in shard ${shard.index}/${shard.count}` : ''}: ${outcome.done} done ` +
    `(${outcome.computed} computed now), ${outcome.failed} failed, ${pending} pending` +
    `${outcome.busy > 0 ? ` (${outcome.busy} running in other processes)` : ''}; store ${out}\n`
  );
}

export function addSweepCommands(program: Command, io: CliIo, setExitCode: (code: number) => void, env: NodeJS.ProcessEnv = process.env): void {
  const sweep = program
    .command('sweep')
    .description('run a grid of run/theory points into a store; resumable, safe for concurrent processes and Slurm arrays');
  // `sweep GRID …` is `sweep run GRID …`: a default subcommand keeps its options apart from
  // those of status, collect and slurm (each has its own --out).
  sweep
    .command('run', { isDefault: true })
    .description('run every point of GRID not yet in the store (the default: sweep GRID --out DIR)')
    .argument('<grid>', 'grid file (.yaml, .yml or .json): command, grid, fixed, points')
    .option('--out <dir>', 'store directory (created if missing)')
    .option('--shard <i/N>', 'run only points i, i+N, i+2N, … (default: the Slurm array task, else all)')
    .option('--threads <int>', 'worker threads per point (default SLURM_CPUS_PER_TASK, else 1)')
    .option('--dry-run', 'print the number of points, memory per point and a time estimate; run nothing')
    .option('--retry-failed', 'compute points that failed before again')
    .option('--lease <seconds>', 'a lock not refreshed for this long counts as abandoned (default 300)')
    .option('--jobs <int>', 'points computed at once: J processes sharing the store (default 1)')
    .option('--quiet', 'no progress on stderr')
    .action(async (file: string, flags: SweepFlags) => {
      if (flags.dryRun) return dryRun(io, file, flags, env);
      if (flags.out === undefined) throw new CliUsageError('--out DIR is required (the store directory)');
      const cwd = io.cwd ?? process.cwd();
      const { spec } = await gridArgument(cwd, file);
      const run = runSettings(flags, env);
      const store = await storeArgument(cwd, flags.out);
      // The sweep engine is imported here, not at start-up: the other commands never need it.
      const [{ spawnSweepProcesses }, { sweepNode }] = await Promise.all([import('../sweep/spawnSweepProcesses.js'), import('../sweep/sweepNode.js')]);
      const helpers = run.jobs > 1 ? spawnSweepProcesses(run.jobs - 1, helperArguments(resolve(cwd, file), store, run, flags)) : undefined;
      const outcome = await sweepNode(spec, {
        store, shard: run.shard, threads: run.threads, lease: run.lease, retryFailed: flags.retryFailed === true, gridFile: file,
        onProgress: flags.quiet ? undefined : progressLines(io),
      });
      if (helpers) {
        // Exit 1 is a helper that recorded failed points (counted below); anything else is a crash.
        for (const h of await helpers) {
          if (h.code !== 0 && h.code !== 1) io.stderr(`multipass-gd: sweep: a --jobs helper stopped (exit ${h.code}): ${h.stderr.trim().split('\n').at(-1) ?? ''}\n`);
        }
        await countFromStore(outcome, store);
      }
      io.stderr(summaryLine(outcome, run.shard, flags.out));
      if (outcome.failed > 0) setExitCode(1);
    });
  addSweepStatus(sweep, io);
  addSweepCollect(sweep, io);
  addSweepSlurm(sweep, io, env);
}
