// `npm run bench`: the speed and memory figures, each ratio measured in one
// run (the machines are shared and noisy: compare numbers from the same run only).
import { mkdirSync, writeFileSync } from 'node:fs';
import { setWasmSource } from '../src/wasm/wasmSource.js';
import { wasmFileSource } from '../src/node/wasmFileSource.js';
import { benchDmft, benchDmftMemory } from './dmft.js';
import { benchDmftProcess } from './dmftProcess.js';
import { reportGdStep } from './gdStepReport.js';
import { benchGdStepThreads } from './gdStepThreads.js';
import { benchLargeMultiPass } from './largeMultiPass.js';
import { benchMemory } from './memory.js';
import { dmftLine, dmftMemoryLine, fmt, gdStepThreadsLine, HEADER, largeMultiPassLine, memoryLine, normalsLine, reducedLines, rowStrideLine } from './lines.js';
import { benchNormals } from './normals.js';
import { benchReduced } from './reduced.js';
import { benchReducedLarge } from './reducedLarge.js';
import { benchRowStride } from './rowStrideStep.js';

setWasmSource(wasmFileSource);

const report: Record<string, unknown> = { date: new Date().toISOString() };

console.log(HEADER);
const gdStep = await reportGdStep();
report.gdStep = gdStep;

const threads = await benchGdStepThreads(2);
report.gdStepThreads = threads;
console.log(gdStepThreadsLine(threads, 'f32Ms' in gdStep.numpy ? gdStep.numpy.f32Ms : undefined));

const stride = await benchRowStride();
report.rowStride = stride;
console.log(rowStrideLine(stride));

const normals = await benchNormals();
report.normals = normals;
console.log(normalsLine(normals));

const mem = (['multi-pass', 'single-pass'] as const).map((s) => benchMemory(s));
report.memory = mem;
for (const m of mem) console.log(memoryLine(m));

const large = benchLargeMultiPass();
report.largeMultiPass = large;
console.log(largeMultiPassLine(large));

const dmft = await benchDmft();
report.dmft = dmft;
console.log(dmftLine(dmft));
const dmftMem = await benchDmftMemory();
report.dmftMemory = dmftMem;
console.log(dmftMemoryLine(dmftMem));
const dmftProcess = benchDmftProcess();
report.dmftProcess = dmftProcess;
console.log(`  ${dmftProcess.line}`);

const reduced = await benchReduced();
report.reduced = reduced;
for (const line of reducedLines(reduced, 'CPU')) console.log(line);

const reducedLarge = await benchReducedLarge();
report.reducedLarge = reducedLarge;
console.log(`  single-pass d = 10⁶, α = 3, 6 steps, ${reducedLarge.seeds} seeds, ${reducedLarge.threads} threads: ${fmt(reducedLarge.wallS, 0)} s wall, ${fmt(reducedLarge.cpuS, 0)} s CPU (≈ ${fmt(reducedLarge.cpuS / reducedLarge.threads, 0)} s on idle cores; goal ≤ 60 s), RSS ${fmt(reducedLarge.rssMB, 0)} MB`);

mkdirSync('results', { recursive: true });
writeFileSync('results/bench.json', JSON.stringify(report, null, 2));
console.log('wrote results/bench.json');
