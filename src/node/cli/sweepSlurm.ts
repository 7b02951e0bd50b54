// `multipass-gd sweep slurm GRID --out DIR --tasks N [--partition P --time T --cpus C]`:
// writes the sbatch array script (slurmScript.ts) into DIR/slurm/ and submits it, or prints
// it with --print. The grid is checked first: a bad grid submits nothing and writes nothing.
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import { slurmScript } from '../sweep/slurmScript.js';
import type { CliIo } from './CliIo.js';
import { CliUsageError } from './CliUsageError.js';
import { parseNumberFlag } from './parseNumberFlag.js';
import { gridArgument, storeArgument } from './sweepArguments.js';

interface SlurmFlags {
  out?: string;
  tasks?: string;
  partition?: string;
  time?: string;
  cpus?: string;
  jobs?: string;
  print?: boolean;
  wait?: boolean;
}

const BIN = fileURLToPath(new URL('../../../bin/multipass-gd.js', import.meta.url));

function positiveInt(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const v = parseNumberFlag(flag, text);
  if (!Number.isInteger(v) || v < 1) throw new CliUsageError(`${flag} must be a positive integer (got '${text}')`);
  return v;
}

export function addSweepSlurm(sweep: Command, io: CliIo, env: NodeJS.ProcessEnv): void {
  sweep
    .command('slurm')
    .description('write and submit an sbatch job array that runs the sweep, one shard per task')
    .argument('<grid>', 'grid file')
    .option('--out <dir>', 'store directory (on a filesystem every node sees)')
    .option('--tasks <int>', 'array tasks N (default: one per point, at most 100)')
    .option('--partition <name>', 'Slurm partition')
    .option('--time <limit>', 'time limit per task, e.g. 02:00:00')
    .option('--cpus <int>', 'CPUs per task = worker threads per point (default 1)')
    .option('--jobs <int>', 'points at once per task, each with cpus/jobs threads (default 1)')
    .option('--print', 'print the script instead of submitting it')
    .option('--wait', 'sbatch --wait: return when every task has ended')
    .action(async (file: string, flags: SlurmFlags) => {
      if (flags.out === undefined) throw new CliUsageError('--out DIR is required (the store directory)');
      const cwd = io.cwd ?? process.cwd();
      const { points } = await gridArgument(cwd, file);
      const tasks = positiveInt('--tasks', flags.tasks, Math.min(points.length, 100));
      const cpus = positiveInt('--cpus', flags.cpus, 1);
      const jobs = positiveInt('--jobs', flags.jobs, 1);
      const store = await storeArgument(cwd, flags.out);
      const script = slurmScript({
        node: process.execPath, bin: BIN, grid: resolve(cwd, file), store, tasks, cpus, jobs, partition: flags.partition, time: flags.time,
      });
      if (flags.print) {
        io.stdout(script);
        return;
      }
      const probe = spawnSync('sbatch', ['--version'], { env, encoding: 'utf8' });
      if (probe.error) {
        throw new CliUsageError("sbatch not found on PATH: run this on a Slurm login node, or use --print to write the script and submit it yourself");
      }
      await mkdir(join(store, 'slurm'), { recursive: true });
      const path = join(store, 'slurm', `sweep-${new Date().toISOString().replace(/[:.]/g, '-')}.sbatch`);
      await writeFileAtomic(path, script);
      const args = ['--parsable', ...(flags.wait ? ['--wait'] : []), path];
      const run = spawnSync('sbatch', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (run.status !== 0 && !(flags.wait && /^\d+/.test(run.stdout ?? ''))) {
        throw new Error(`sbatch failed (exit ${run.status}): ${(run.stderr || run.stdout).trim().split('\n')[0]}`);
      }
      const jobId = (run.stdout ?? '').trim().split(/[;\s]/)[0];
      io.stdout(`${jobId}\n`);
      io.stderr(`multipass-gd: submitted job ${jobId}: ${tasks} array tasks over ${points.length} points; script ${path}\n`);
      // With --wait, sbatch exits with the highest task exit code: a killed task is not our error.
      if (flags.wait && run.status !== 0) io.stderr(`multipass-gd: some array tasks did not finish (sbatch exit ${run.status}); rerun to resume\n`);
    });
}
