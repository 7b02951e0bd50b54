// `npm run bench`: the speed and memory figures, each ratio measured in one
// run (the machines are shared and noisy: compare numbers from the same run only).
import { mkdirSync, writeFileSync } from 'node:fs';
import { setWasmSource } from '../src/wasm/wasmSource.js';
import { wasmFileSource } from '../src/node/wasmFileSource.js';
import { benchDmft, benchDmftMemory } from './dmft.js';
import { fmt } from './fmt.js';
import { reportGdStep } from './gdStepReport.js';
import { benchMemory } from './memory.js';
import { benchNormals } from './normals.js';

setWasmSource(wasmFileSource);

const report: Record<string, unknown> = { date: new Date().toISOString() };

console.log('multipass-gd bench (paper case: d = 5000, n = 15000, p = 2, ReLU, f32 storage)');
report.gdStep = await reportGdStep();

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

mkdirSync('results', { recursive: true });
writeFileSync('results/bench.json', JSON.stringify(report, null, 2));
console.log('wrote results/bench.json');
