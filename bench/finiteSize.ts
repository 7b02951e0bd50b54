// Finite-size scan (part of `npm run validate`; alone: npx tsx bench/finiteSize.ts): single-pass
// simulations on the reduced engine (docs/model.md §8) against the state evolution (§6) at
// d = 10³ … 10⁶, the paper's tanh(z1 + He3(z2)), ReLU, α = 3, p = k = 2, η = 0.2, M⁰ = 0, step T = 2.
// Per seed, the gap g = ‖(M, Q)_sim − (M, Q)_theory‖ over the 7 distinct entries at step T; the
// RMS of g over seeds is the typical distance of one run from the theory, ∝ 1/√d if the theory
// is the d → ∞ limit (seed-to-seed fluctuations O(1/√d), bias O(1/d)). The fitted log-log slope
// should be −1/2. Also the gap of the seed mean, ‖mean − theory‖, which noise alone puts near
// RMS(g)/√seeds. Prints a table, writes results/finite-size.json and results/finite-size.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simulateSeedsThreads } from '../src/node/simulateSeedsThreads.js';
import { theoryNode } from '../src/node/theoryNode.js';
import { logLogSvg } from '../src/plot/logLogSvg.js';

const COMMON = { alpha: 3, p: 2, lr: 0.2, activation: 'relu', target: 'tanh(z1 + He3(z2))' } as const;
const T = 2;

export interface FiniteSizeRow {
  d: number;
  seeds: number;
  rmsGap: number;
  rmsGapSe: number;
  meanGap: number;
  seconds: number;
}

export interface FiniteSizeScan {
  rows: FiniteSizeRow[];
  slope: number;
  slopeSe: number;
  table: string[];
}

const entries = (M: number[][], Q: number[][]) => [M[0][0], M[0][1], M[1][0], M[1][1], Q[0][0], Q[0][1], Q[1][1]];

export async function finiteSizeScan(ds = [1e3, 1e4, 1e5, 1e6], seeds = 256, seed = 5000): Promise<FiniteSizeScan> {
  const th = await theoryNode({ ...COMMON, steps: T, method: 'single-pass' });
  const theory = entries(th.M.mean[T], th.Q.mean[T]);
  const rows: FiniteSizeRow[] = [];
  for (const d of ds) {
    const t0 = performance.now();
    const sim = await simulateSeedsThreads({
      ...COMMON, d, steps: T, schedule: 'single-pass', engine: 'reduced', seeds, seed, threads: 2, keepTrajectories: true, testError: false, record: [T],
    });
    if (sim.diverged.length > 0) throw new Error(`diverged at d = ${d}: ${JSON.stringify(sim.diverged)}`);
    const g2 = sim.trajectories!.map((tr) => entries(tr.M[0], tr.Q[0]).reduce((s, v, i) => s + (v - theory[i]) ** 2, 0));
    const m = g2.reduce((s, x) => s + x, 0) / seeds;
    const sd = Math.sqrt(g2.reduce((s, x) => s + (x - m) ** 2, 0) / (seeds - 1));
    const rmsGap = Math.sqrt(m);
    const mean = entries(sim.M.mean[0], sim.Q.mean[0]);
    rows.push({
      d, seeds, rmsGap, rmsGapSe: sd / Math.sqrt(seeds) / (2 * rmsGap),
      meanGap: Math.sqrt(mean.reduce((s, v, i) => s + (v - theory[i]) ** 2, 0)), seconds: (performance.now() - t0) / 1000,
    });
    process.stderr.write(`finite-size d = ${d}: ${rows.at(-1)!.seconds.toFixed(1)} s\n`);
  }
  const { slope, slopeSe } = fitSlope(rows.map((r) => Math.log10(r.d)), rows.map((r) => Math.log10(r.rmsGap)));
  const table = [
    `single-pass, reduced engine vs state evolution, ${COMMON.target}, ReLU, α = 3, p = k = 2, η = 0.2, step ${T}, seeds ${seed}…`,
    '| d | seeds | RMS gap over seeds | √d · RMS gap | gap of the mean | RMS gap / √seeds | time (s) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.d.toExponential(0)} | ${r.seeds} | ${r.rmsGap.toExponential(3)} ± ${r.rmsGapSe.toExponential(1)} | ${(Math.sqrt(r.d) * r.rmsGap).toFixed(3)} | ${r.meanGap.toExponential(2)} | ${(r.rmsGap / Math.sqrt(r.seeds)).toExponential(2)} | ${r.seconds.toFixed(0)} |`),
    `fitted slope of log RMS gap on log d: ${slope.toFixed(3)} ± ${slopeSe.toFixed(3)} (1/√d: −0.5)`,
  ];
  return { rows, slope, slopeSe, table };
}

/** Least-squares slope of y on x with its standard error from the residuals. */
function fitSlope(x: number[], y: number[]): { slope: number; slopeSe: number; intercept: number } {
  const k = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / k;
  const my = y.reduce((s, v) => s + v, 0) / k;
  const sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
  const slope = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / sxx;
  const intercept = my - slope * mx;
  const rss = x.reduce((s, v, i) => s + (y[i] - intercept - slope * v) ** 2, 0);
  return { slope, slopeSe: k > 2 ? Math.sqrt(rss / (k - 2) / sxx) : NaN, intercept };
}

export function writeFiniteSize(scan: FiniteSizeScan): void {
  const outDir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const d = scan.rows.map((r) => r.d);
  const fit = fitSlope(d.map(Math.log10), scan.rows.map((r) => Math.log10(r.rmsGap)));
  const svg = logLogSvg({
    title: 'Single-pass simulation vs state evolution: the gap as d grows',
    subtitle: `reduced engine, ${COMMON.target}, ReLU, α = 3, step ${T}, ${scan.rows[0].seeds} seeds per d; fitted slope ${scan.slope.toFixed(3)} ± ${scan.slopeSe.toFixed(3)}`,
    xLabel: 'dimension d',
    yLabel: '‖(M, Q) − theory‖',
    series: [
      { label: 'RMS over seeds (one run)', kind: 'points', x: d, y: scan.rows.map((r) => r.rmsGap), se: scan.rows.map((r) => r.rmsGapSe), colour: '#d0402b' },
      { label: `fit ∝ d^${scan.slope.toFixed(2)}`, kind: 'line', x: d, y: d.map((v) => 10 ** (fit.intercept + fit.slope * Math.log10(v))), colour: '#d0402b', dash: '6 4' },
      { label: 'gap of the seed mean', kind: 'points', x: d, y: scan.rows.map((r) => r.meanGap), colour: '#1f5fbf' },
      { label: 'RMS / √seeds (noise of the mean)', kind: 'line', x: d, y: scan.rows.map((r) => r.rmsGap / Math.sqrt(r.seeds)), colour: '#1f5fbf', dash: '2 3' },
    ],
  });
  writeFileSync(`${outDir}finite-size.svg`, svg);
  writeFileSync(`${outDir}finite-size.json`, `${JSON.stringify({ date: new Date().toISOString(), config: { ...COMMON, step: T }, ...scan }, null, 2)}\n`);
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const { setWasmSource } = await import('../src/wasm/wasmSource.js');
  const { wasmFileSource } = await import('../src/node/wasmFileSource.js');
  setWasmSource(wasmFileSource);
  const scan = await finiteSizeScan(undefined, Number(process.env.FINITE_SIZE_SEEDS ?? 256));
  console.log(scan.table.join('\n'));
  writeFiniteSize(scan);
}
