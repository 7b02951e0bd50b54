// The sbatch script of a sweep as a Slurm job array: task i of N runs shard i/N of the grid
// (the sweep reads SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT), with SLURM_CPUS_PER_TASK
// worker threads per point. Resubmitting the same script resumes: finished points are skipped.

export interface SlurmScriptOptions {
  node: string;
  bin: string;
  grid: string;
  store: string;
  tasks: number;
  cpus: number;
  /** Points at once per task (sweep --jobs), each with cpus / jobs threads. */
  jobs?: number;
  partition?: string;
  time?: string;
  jobName?: string;
}

/** POSIX single-quoted word. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function slurmScript(o: SlurmScriptOptions): string {
  const jobs = o.jobs ?? 1;
  const perPoint = jobs > 1 ? ` --jobs ${jobs} --threads ${Math.max(1, Math.floor(o.cpus / jobs))}` : '';
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=${o.jobName ?? 'multipass-gd-sweep'}`,
    `#SBATCH --array=0-${o.tasks - 1}`,
    `#SBATCH --cpus-per-task=${o.cpus}`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    `#SBATCH --output=${o.store}/slurm/%A_%a.out`,
    '# Task i of N runs points i, i+N, i+2N, … of the grid; finished points are skipped, so',
    '# resubmitting this script resumes a sweep whose tasks were killed or timed out.',
    'set -eu',
    `exec ${shellQuote(o.node)} ${shellQuote(o.bin)} sweep ${shellQuote(o.grid)} --out ${shellQuote(o.store)}${perPoint}`,
  ];
  return lines.join('\n') + '\n';
}
