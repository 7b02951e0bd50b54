// `multipass-gd reproduce`: runs the paper's figure and writes DIR/figure.svg,
// DIR/data.json and DIR/data.npz, then prints the orthogonal overlap at the last step per
// target and schedule next to its theory value.
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Analysis } from '../analyze/Analysis.js';
import { formatAnalysis } from '../analyze/formatAnalysis.js';
import { predictDirection } from '../analyze/predictDirection.js';
import { figureSvg } from '../plot/figureSvg.js';
import { PAPER_SIZE, QUICK_SIZE, reproducePaper, type ReproduceOptions, type ReproduceResult } from '../reproduce/reproducePaper.js';
import { encodeNpz } from './io/encodeNpz.js';
import type { NpyArray } from './io/encodeNpy.js';
import { formatJson } from './io/formatJson.js';
import { resultArrays } from './io/formatNpz.js';
import type { WritableResult } from './io/resultObservables.js';
import { writeFileAtomic } from './io/writeFileAtomic.js';
import { simulateSeedsThreads } from './simulateSeedsThreads.js';
import { stripUndefined } from '../options/stripUndefined.js';
import { theoryNode } from './theoryNode.js';

export interface ReproduceNodeOptions extends ReproduceOptions {
  out: string;
  /** The paper's size (d = 5000, 32 seeds, 10⁷ DMFT samples) unless overridden. */
  paper?: boolean;
  /**
   * The learnability analysis of a target for the runs' student (activation, α, η, steps): its
   * verdict for u₁⊥ is printed in the table (single-pass: the student-level verdict, so that it
   * agrees with the state-evolution column), the full analysis under it.
   */
  analyze?: (target: string, student: ReproduceStudent) => Promise<Analysis>;
}

/** The student of the reproduced runs, passed to the analyser. */
export interface ReproduceStudent {
  activation: string;
  alpha: number;
  lr: number;
  steps: number;
}

export async function reproduceNode(options: ReproduceNodeOptions, print: (line: string) => void): Promise<ReproduceResult> {
  const { out, paper = false, analyze, ...rest } = options;
  const size = paper ? PAPER_SIZE : QUICK_SIZE;
  const threads = rest.threads ?? Math.min(2, availableParallelism());
  await mkdir(out, { recursive: true });
  const result = await reproducePaper(
    { ...size, ...stripUndefined(rest), threads },
    { simulateSeeds: simulateSeedsThreads, theory: theoryNode },
  );
  await writeFileAtomic(join(out, 'figure.svg'), figureSvg(result.figure));
  await writeFileAtomic(join(out, 'data.json'), formatJson({ config: result.config, table: result.table, targets: result.targets }));
  await writeFileAtomic(join(out, 'data.npz'), encodeNpz(npzArrays(result)));
  const analyses = new Map<string, Analysis>();
  const { activation, alpha, lr, steps } = result.config;
  if (analyze) for (const t of result.targets) analyses.set(t.target, await analyze(t.target, { activation, alpha, lr, steps }));
  print(formatTable(result, analyses));
  for (const a of analyses.values()) print(`\n${formatAnalysis(a)}`);
  print(`wrote ${join(out, 'figure.svg')}, ${join(out, 'data.json')}, ${join(out, 'data.npz')}`);
  return result;
}

/** t1_mp_sim_M_mean, t1_sp_sim_…, t1_dmft_…, t1_se_… for targets t1…t3, plus the targets' names. */
function npzArrays(r: ReproduceResult): Record<string, NpyArray> {
  const arrays: Record<string, NpyArray> = {};
  r.targets.forEach((t, i) => {
    const pre = `t${i + 1}_`;
    Object.assign(arrays, resultArrays(t.multiPass, `${pre}mp_sim_`), resultArrays(t.singlePass, `${pre}sp_sim_`));
    Object.assign(arrays, resultArrays(t.dmft as unknown as WritableResult, `${pre}dmft_`));
    Object.assign(arrays, resultArrays(t.stateEvolution as unknown as WritableResult, `${pre}se_`));
    arrays[`${pre}target`] = { dtype: 'unicode', shape: [], data: t.target };
  });
  arrays.config_json = { dtype: 'unicode', shape: [], data: formatJson(r.config).trimEnd() };
  return arrays;
}

/** The table of the spec, with the analyser's prediction for u₁⊥ when given. */
export function formatTable(r: ReproduceResult, analyses: Map<string, Analysis> = new Map()): string {
  const num = (v: number, w = 9) => (Number.isFinite(v) ? v.toFixed(5) : 'nan').padStart(w);
  const lines = [
    `orthogonal overlap M_j·u₁⊥ at step ${r.config.steps} (d = ${r.config.d}, ${r.config.seeds} seeds; simulation: ${r.config.engines['multi-pass']} engine for multi-pass, ${r.config.engines['single-pass']} engine (docs/model.md §8) for single-pass; theory: DMFT for multi-pass with ${r.config.samples} samples, state evolution for single-pass)`,
    `${'target'.padEnd(22)} ${'schedule'.padEnd(12)} neuron  simulation ±      SE    theory ±      SE   |Δ|/SE${analyses.size ? '  predicted for u₁⊥ (analyze)' : ''}`,
  ];
  for (const row of r.table) {
    const se = Math.hypot(row.se, row.theorySe ?? 0);
    const t = r.targets.find((x) => x.target === row.target);
    const basis = t?.dmft.orthogonalBasis?.[0];
    const a = analyses.get(row.target);
    const verdict = a && basis ? predictDirection(a, basis)[row.schedule === 'multi-pass' ? 'multiPass' : 'singlePass'] : '';
    lines.push(
      `${row.target.padEnd(22)} ${row.schedule.padEnd(12)} ${String(row.neuron + 1).padStart(6)} ${num(row.simulation, 11)} ${num(row.se)} ${num(row.theory)} ${row.theorySe === null ? '        —' : num(row.theorySe)} ${(Math.abs(row.simulation - row.theory) / se).toFixed(1).padStart(8)}${verdict ? `  ${verdict}` : ''}`,
    );
  }
  return lines.join('\n');
}
