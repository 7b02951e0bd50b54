// The measurements of `npm run bench` that run anywhere WebAssembly runs (no Node imports):
// the paper's multi-pass and single-pass steps (SIMD and scalar), normals per second, the
// DMFT at S = 10⁶, and the reduced engine's single-pass step and online SGD (wall time here). The bench page (web/bench.html, in a Web Worker) and `npm run bench:browser`
// (its Node side, bench/portableNode.ts) both call runPortable, so the two tables compare the
// same code on the same machine. Peak RSS, numpy and the DMFT at S = 10⁷ stay in `npm run bench`.
import { benchGdStep, type GdStepBench } from './gdStep.js';
import { dmftLine, fmt, gdStepLines, HEADER, normalsLine, reducedLines } from './lines.js';
import { timeDmft, type DmftTiming } from './measureDmft.js';
import { benchNormals, type NormalsBench } from './measureNormals.js';
import { benchReduced, type ReducedBench } from './reduced.js';

export interface PortableReport {
  sizes: { d: number; n: number; samples: number; quick: boolean };
  gdStep: { simd: GdStepBench; scalar: GdStepBench; numpyMs: null };
  normals: NormalsBench;
  dmft: DmftTiming & { numpyMs: null; ratio: null; coldRatio: null; note: string };
  reduced: ReducedBench;
  lines: string[];
}

/** Full size: the paper case (d = 5000, n = 15000; S = 10⁶). quick: d = 1000, n = 3000, S = 10⁵ (for tests). */
export async function runPortable(quick = false, onLine: (line: string) => void = () => {}): Promise<PortableReport> {
  const d = quick ? 1000 : 5000;
  const n = 3 * d;
  const samples = quick ? 100_000 : 1_000_000;
  const lines: string[] = [];
  const say = (line: string) => { lines.push(line); onLine(line); };
  say(quick ? `${HEADER} — quick sizes: d = ${d}, n = ${n}, S = ${samples}` : HEADER);
  const simd = await benchGdStep('simd', d, n, 2, quick ? 2 : 5);
  const scalar = await benchGdStep('scalar', d, n, 2, 2);
  for (const line of gdStepLines(simd, scalar)) say(line);
  say('  numpy float32/float64 steps: run npm run bench (python3)');
  const normals = await benchNormals({ d, rows: n, repeats: quick ? 2 : 5 });
  say(normalsLine(normals));
  say(`  peak RSS, paper case                      ${fmt(null)} (process memory: npm run bench)`);
  const { timing } = await timeDmft(samples, 7, 'paper-2', quick ? 1 : 3);
  const dmft = { ...timing, numpyMs: null, ratio: null, coldRatio: null, note: 'numpy: npm run bench' };
  say(dmftLine(dmft));
  say(`  DMFT S = 10⁷, T = 7                       ${fmt(null)} (2 GiB of WASM memory: npm run bench)`);
  // Wall time: a page has no process CPU clock. Always the paper's sizes (a few seconds).
  const reduced = await benchReduced(quick ? 1 : 2, () => performance.now());
  for (const line of reducedLines(reduced, 'wall')) say(line);
  return { sizes: { d, n, samples, quick }, gdStep: { simd, scalar, numpyMs: null }, normals, dmft, reduced, lines };
}
