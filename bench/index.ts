// `npm run bench`: the speed and memory figures, each ratio measured in one
// run (the machines are shared and noisy: compare numbers from the same run only).
import { mkdirSync, writeFileSync } from 'node:fs';
import { setWasmSource } from '../src/wasm/wasmSource.js';
import { wasmFileSource } from '../src/node/wasmFileSource.js';
import { benchDmft, benchDmftMemory } from './dmft.js';
import { benchDmftProcess } from './dmftProcess.js';
import { reportGdStep } from './gdStepReport.js';
import { benchMemory } from './memory.js';
import { dmftLine, dmftMemoryLine, fmt, HEADER, memoryLine, normalsLine } from './lines.js';
import { benchNormals } from './normals.js';
import { benchReduced } from './reduced.js';

setWasmSource(wasmFileSource);

const report: Record<string, unknown> = { date: new Date().toISOString() };

console.log(HEADER);
report.gdStep = await reportGdStep();

const normals = await benchNormals();
report.normals = normals;
console.log(normalsLine(normals));

const mem = (['multi-pass', 'single-pass'] as const).map((s) => benchMemory(s));
report.memory = mem;
for (const m of mem) console.log(memoryLine(m));

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
console.log(`  single-pass step, reduced engine (§8)     ${fmt(reduced.paperStepMs.reduced, 2)} ms   (explicit ${fmt(reduced.paperStepMs.explicit, 0)} ms → ${fmt(reduced.paperStepMs.ratio, 0)}×)`);
for (const o of reduced.onlineStepsPerSecond) {
  console.log(`  online SGD n = 1, d = ${String(o.d).padEnd(8)}          ${fmt(o.reduced / 1e3, 0)} k steps/s reduced, ${fmt(o.explicit, 1)} steps/s explicit (${fmt(o.ratio, 0)}×)`);
}

mkdirSync('results', { recursive: true });
writeFileSync('results/bench.json', JSON.stringify(report, null, 2));
console.log('wrote results/bench.json');
