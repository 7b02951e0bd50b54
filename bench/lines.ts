// The lines of the bench table, shared by `npm run bench` (bench/index.ts) and the bench page
// (web/bench.html), so both print the same table from the same fields. A measurement that
// cannot run where the table is printed is null and prints n/a with the reason.
import type { GdStepBench } from './gdStep.js';
import type { GdStepThreadsBench } from './gdStepThreads.js';
import type { LargeMultiPassBench } from './largeMultiPass.js';
import type { DmftTiming, DmftMemoryBench } from './measureDmft.js';
import type { NormalsBench } from './measureNormals.js';
import type { MemoryBench } from './memory.js';
import type { ReducedBench } from './reduced.js';
import type { RowStrideBench } from './rowStrideStep.js';

import { fmt } from './fmt.js';

export { fmt };

export const HEADER = 'multipass-gd bench (paper case: d = 5000, n = 15000, p = 2, ReLU, f32 storage)';

/** The kernel's lines of the GD-step section; numpy's lines follow where python3 runs (bench/gdStepReport.ts). */
export function gdStepLines(simd: GdStepBench, scalar: GdStepBench): string[] {
  const step = simd.multiPassStepMs;
  return [
    `  multi-pass step (fused kernel, SIMD)      ${fmt(step)} ms   (goal ≤ 25 ms on 1 thread)`,
    `  plain SIMD read of the same batch         ${fmt(simd.plainReadMs)} ms   (one stream; step / read = ${fmt(step / simd.plainReadMs, 2)})`,
    `${'  the same read, 8 lanes side by side'.padEnd(44)}${fmt(simd.rowsReadMs)} ms   (a row of each of 8 lanes of consecutive rows at a time, as the step reads a chunk; step / read = ${fmt(step / simd.rowsReadMs, 2)})`,
    `  single-pass step incl. its data (SIMD)    ${fmt(simd.singlePassStepMs)} ms   (generation alone ${fmt(simd.generateMs)} ms)`,
    `  multi-pass step, scalar build             ${fmt(scalar.multiPassStepMs)} ms   (SIMD speed-up ${fmt(scalar.multiPassStepMs / step, 2)}×)`,
  ];
}

/** numpyF32Ms: numpy's float32 step with 2 BLAS threads from the same run (bench/gdStepReport.ts), if it ran. */
export const gdStepThreadsLine = (t: GdStepThreadsBench, numpyF32Ms?: number) =>
  `  paper multi-pass step, ${t.threads} threads          ${fmt(t.threadsMs)} ms   (goal ≤ 13 ms; 1 thread ${fmt(t.oneThreadMs)} ms, ratio ${fmt(t.oneThreadMs / t.threadsMs, 2)}×; ` +
  (numpyF32Ms === undefined ? '' : `speed-up over numpy float32 ${fmt(numpyF32Ms / t.threadsMs, 2)}×, goal ≥ 3×; `) +
  `bits ${t.digestThreads === t.digestOne ? 'identical' : 'DIFFERENT'}: digest ${t.digestThreads} vs 1 thread ${t.digestOne})`;

export const rowStrideLine = (r: RowStrideBench) =>
  `${`  multi-pass step, d = ${r.d}`.padEnd(44)}${fmt(r.strideMs)} ms   (row stride ${r.stride}; with rows ${r.d} apart, all on one 4 KiB offset: ${fmt(r.alignedMs)} ms, ${fmt(r.alignedMs / r.strideMs, 2)}×)`;

export const largeMultiPassLine = (l: LargeMultiPassBench) =>
  `  d = ${l.d}, α = 3, multi-pass, ${l.steps} steps: ${fmt(l.stepS, 2)} s per step (step 1 with data ${fmt(l.firstStepS, 1)} s), ${fmt(l.wallS, 0)} s wall, peak RSS ${fmt(l.peakRssMB, 0)} MB (rows sharded past 4 GiB)`;

export const normalsLine = (n: NormalsBench) =>
  `  normals per second (SIMD / scalar)        ${fmt(n.normalsPerSecond / 1e6, 0)} M/s / ${fmt(n.scalarNormalsPerSecond / 1e6, 0)} M/s`;

export const memoryLine = (m: MemoryBench) =>
  `  peak RSS, paper case ${m.schedule.padEnd(12)}        ${fmt(m.peakRssMB, 0)} MB (WASM memory ${fmt(m.wasmMB, 0)} MB; goal < 600 MB)`;

export interface DmftLineInput extends DmftTiming {
  numpyMs: number | null;
  ratio: number | null;
  coldRatio: number | null;
  note?: string;
}

const samplesText = (s: number) => (s === 1e6 ? '10⁶' : s === 1e5 ? '10⁵' : String(s));

export const dmftLine = (d: DmftLineInput) =>
  `${`  DMFT T = ${d.steps}, p = k = 2, S = ${samplesText(d.samples)}`.padEnd(44)}${fmt(d.wasmMs.best, 0)} ms (best warm; first run in a fresh instance ${fmt(d.wasmMs.cold, 0)} ms); numpy (1 BLAS thread) ${fmt(d.numpyMs, 0)} ms → ${fmt(d.ratio, 1)}× (cold ${fmt(d.coldRatio, 1)}×; goal ≥ 10×)${d.note ? ` — ${d.note}` : ''}`;

export const dmftMemoryLine = (m: DmftMemoryBench) =>
  `  DMFT S = 10⁷, T = 7                       ${fmt(m.ms / 1000, 1)} s, WASM memory ${fmt(m.wasmBytes / 2 ** 30, 2)} GiB (goal ≤ 4 GB)`;

/** The reduced engine's lines (docs/model.md §8): the paper's single-pass step and online SGD, per `clock` (CPU in Node, wall in a page). */
export function reducedLines(r: ReducedBench, clock: 'CPU' | 'wall'): string[] {
  return [
    `  single-pass step, reduced engine (§8)     ${fmt(r.paperStepMs.reduced, 2)} ms ${clock} (goal ≤ 1 ms; explicit ${fmt(r.paperStepMs.explicit, 0)} ms ${clock} → ${fmt(r.paperStepMs.ratio, 0)}×)`,
    ...r.online.map((o) => {
      const b = o.breakdown;
      return `  online SGD n = 1, d = ${String(o.d).padEnd(8)}          ${fmt(o.reduced / 1e6, 2)} M steps/s per core reduced (${fmt(o.nsPerStep, 0)} ns: target ${fmt(b.target, 0)}, ReLU ${fmt(b.activation, 0)}, normals ${fmt(b.normals, 0)}, rest ${fmt(b.rest, 0)}; goal ≥ 3 M/s), ${fmt(o.explicit, 1)} steps/s explicit (${fmt(o.ratio, 0)}×)`;
    }),
  ];
}
