// `npm run bench`: the speed and memory figures, each ratio measured in one
// run (the machines are shared and noisy: compare numbers from the same run only).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setWasmSource } from '../src/wasm/wasmSource.js';
import { wasmFileSource } from '../src/node/wasmFileSource.js';
import { benchDmft, benchDmftMemory } from './dmft.js';
import { benchGdStep } from './gdStep.js';
import { benchMemory } from './memory.js';
import { benchNormals } from './normals.js';
import { benchReduced, benchReducedLarge } from './reduced.js';

setWasmSource(wasmFileSource);

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));
const report: Record<string, unknown> = { date: new Date().toISOString() };

function numpyStepMs(): number | null {
  try {
    const out = execFileSync('python3', [fileURLToPath(new URL('./gd_numpy.py', import.meta.url))], { encoding: 'utf8' });
    return JSON.parse(out.trim()).ms;
  } catch {
    return null;
  }
}

console.log('multipass-gd bench (paper case: d = 5000, n = 15000, p = 2, ReLU, f32 storage)');
const simd = await benchGdStep('simd');
const scalar = await benchGdStep('scalar', 5000, 15000, 2, 2);
const numpyMs = numpyStepMs();
report.gdStep = { simd, scalar, numpyMs };
console.log(`  multi-pass step (fused kernel, SIMD)      ${fmt(simd.multiPassStepMs)} ms   (goal ≤ 60 ms)`);
console.log(`  plain SIMD read of the same batch         ${fmt(simd.plainReadMs)} ms   (step / read = ${fmt(simd.multiPassStepMs / simd.plainReadMs, 2)})`);
console.log(`  single-pass step incl. its data (SIMD)    ${fmt(simd.singlePassStepMs)} ms   (generation alone ${fmt(simd.generateMs)} ms)`);
console.log(`  multi-pass step, scalar build             ${fmt(scalar.multiPassStepMs)} ms   (SIMD speed-up ${fmt(scalar.multiPassStepMs / simd.multiPassStepMs, 2)}×)`);
console.log(`  numpy float64 step (same sizes)           ${fmt(numpyMs)} ms   ${numpyMs ? `(ratio numpy / multipass-gd = ${fmt(numpyMs / simd.multiPassStepMs, 2)}×)` : '(python3/numpy not available)'}`);

const normals = await benchNormals();
report.normals = normals;
console.log(`  normals per second (SIMD / scalar)        ${fmt(normals.normalsPerSecond / 1e6, 0)} M/s / ${fmt(normals.scalarNormalsPerSecond / 1e6, 0)} M/s`);

const mem = (['multi-pass', 'single-pass'] as const).map((s) => benchMemory(s));
report.memory = mem;
for (const m of mem) console.log(`  peak RSS, paper case ${m.schedule.padEnd(12)}        ${fmt(m.peakRssMB, 0)} MB (WASM memory ${fmt(m.wasmMB, 0)} MB; goal < 600 MB)`);

const dmft = await benchDmft();
report.dmft = dmft;
console.log(`  DMFT T = 7, p = k = 2, S = 10⁶            ${fmt(dmft.wasmMs.best, 0)} ms (best warm; first run in a fresh instance ${fmt(dmft.wasmMs.cold, 0)} ms); numpy (1 BLAS thread) ${fmt(dmft.numpyMs, 0)} ms → ${fmt(dmft.ratio, 1)}× (cold ${fmt(dmft.coldRatio, 1)}×; goal ≥ 10×)${dmft.note ? ` — ${dmft.note}` : ''}`);
const dmftMem = await benchDmftMemory();
report.dmftMemory = dmftMem;
console.log(`  DMFT S = 10⁷, T = 7                       ${fmt(dmftMem.ms / 1000, 1)} s, WASM memory ${fmt(dmftMem.wasmBytes / 2 ** 30, 2)} GiB (goal ≤ 4 GB)`);

const reduced = await benchReduced();
report.reduced = reduced;
console.log(`  single-pass step, reduced engine (§8)     ${fmt(reduced.paperStepMs.reduced, 2)} ms CPU (goal ≤ 1 ms; explicit ${fmt(reduced.paperStepMs.explicit, 0)} ms CPU → ${fmt(reduced.paperStepMs.ratio, 0)}×)`);
for (const o of reduced.online) {
  const b = o.breakdown;
  console.log(`  online SGD n = 1, d = ${String(o.d).padEnd(8)}          ${fmt(o.reduced / 1e6, 2)} M steps/s per core reduced (${fmt(o.nsPerStep, 0)} ns: target ${fmt(b.target, 0)}, ReLU ${fmt(b.activation, 0)}, normals ${fmt(b.normals, 0)}, rest ${fmt(b.rest, 0)}; goal ≥ 3 M/s), ${fmt(o.explicit, 1)} steps/s explicit (${fmt(o.ratio, 0)}×)`);
}

const large = await benchReducedLarge();
report.reducedLarge = large;
console.log(`  single-pass d = 10⁶, α = 3, 6 steps, ${large.seeds} seeds, ${large.threads} threads: ${fmt(large.wallS, 0)} s wall, ${fmt(large.cpuS, 0)} s CPU (≈ ${fmt(large.cpuS / large.threads, 0)} s on idle cores; goal ≤ 60 s), RSS ${fmt(large.rssMB, 0)} MB`);

mkdirSync('results', { recursive: true });
writeFileSync('results/bench.json', JSON.stringify(report, null, 2));
console.log('wrote results/bench.json');
