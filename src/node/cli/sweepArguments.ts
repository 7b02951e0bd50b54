// Argument checks shared by the sweep subcommands: the grid file (one line with file, line and
// key for anything wrong), --shard i/N (or the Slurm array task), --threads (or
// SLURM_CPUS_PER_TASK), and the store directory. The grid reader (yaml) and the store are
// imported when a sweep command runs, so that every other command starts without them.
import { resolve } from 'node:path';
import { SweepStoreError } from '../../errors.js';
import { checkShard, type Shard } from '../../sweep/shardPoints.js';
import type { FileStore } from '../sweep/FileStore.js';
import type { GridFile } from '../sweep/readGridFile.js';
import { slurmShard, slurmThreads } from '../sweep/slurmEnvironment.js';
import { CliUsageError } from './CliUsageError.js';
import { parseNumberFlag } from './parseNumberFlag.js';

export async function gridArgument(cwd: string, file: string): Promise<GridFile> {
  const { GridFileError, readGridFile } = await import('../sweep/readGridFile.js');
  try {
    return await readGridFile(resolve(cwd, file), file);
  } catch (error) {
    if (error instanceof GridFileError) throw new CliUsageError(error.message);
    throw error;
  }
}

/** --shard i/N, else the Slurm array task, else the whole grid. */
export function shardArgument(text: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  if (text === undefined) return slurmShard(env);
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new CliUsageError(`--shard must be i/N with 0 ≤ i < N, e.g. 0/4 (got '${text}')`);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  if (shard.count < 1 || shard.index >= shard.count) throw new CliUsageError(`--shard must be i/N with 0 ≤ i ≤ N−1 (got '${text}')`);
  return checkShard(shard);
}

export function threadsArgument(text: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  return text === undefined ? (slurmThreads(env) ?? 1) : parseNumberFlag('--threads', text);
}

/** An existing store, format checked; CliUsageError if missing or newer. */
export async function existingStore(cwd: string, dir: string): Promise<FileStore> {
  const { FileStore } = await import('../sweep/FileStore.js');
  const store = new FileStore(resolve(cwd, dir), { runId: 'status' });
  try {
    if (!(await store.check())) throw new CliUsageError(`${dir} is not a sweep store (no store.json); run 'multipass-gd sweep GRID --out ${dir}' first`);
  } catch (error) {
    if (error instanceof SweepStoreError) throw new CliUsageError(error.message);
    throw error;
  }
  return store;
}

/** A store to write into: checked (not created) before the sweep starts. */
export async function storeArgument(cwd: string, dir: string): Promise<string> {
  const path = resolve(cwd, dir);
  const { FileStore } = await import('../sweep/FileStore.js');
  try {
    await new FileStore(path, { runId: 'check' }).check();
  } catch (error) {
    if (error instanceof SweepStoreError) throw new CliUsageError(error.message);
    throw error;
  }
  return path;
}
