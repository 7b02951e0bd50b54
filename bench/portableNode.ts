// The Node side of `npm run bench:browser`: runPortable (bench/portable.ts) in this process,
// the table on stderr, the report as one JSON line on stdout. Run: npx tsx bench/portableNode.ts [--quick]
import { setWasmSource } from '../src/wasm/wasmSource.js';
import { wasmFileSource } from '../src/node/wasmFileSource.js';
import { backendInfo } from '../src/backendInfo.js';
import { runPortable } from './portable.js';

setWasmSource(wasmFileSource);
const report = await runPortable(process.argv.includes('--quick'), (line) => console.error(line));
const info = await backendInfo();
console.log(JSON.stringify({ date: new Date().toISOString(), runtime: `Node ${process.version}`, wasm: info.variant, workers: 1, ...report }));
