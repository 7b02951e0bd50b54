// What Slurm tells an array task through its environment: which shard it is
// (SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT, or of MIN…MAX) and how many CPUs it has.
import type { Shard } from '../../sweep/shardPoints.js';

const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined);

/** The shard of this array task, or undefined outside a Slurm array. */
export function slurmShard(env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  const id = int(env.SLURM_ARRAY_TASK_ID);
  if (id === undefined) return undefined;
  const min = int(env.SLURM_ARRAY_TASK_MIN) ?? 0;
  const max = int(env.SLURM_ARRAY_TASK_MAX);
  const count = int(env.SLURM_ARRAY_TASK_COUNT) ?? (max === undefined ? undefined : max - min + 1);
  if (count === undefined) return undefined;
  return { index: id - min, count };
}

/** Threads per task: SLURM_CPUS_PER_TASK when set. */
export function slurmThreads(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = int(env.SLURM_CPUS_PER_TASK);
  return n !== undefined && n >= 1 ? Math.min(n, 64) : undefined;
}
