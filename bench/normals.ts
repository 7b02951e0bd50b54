// Throughput of the in-WASM Gaussian generator (bench/measureNormals.ts), run from Node.
// Run alone: npx tsx bench/normals.ts
import { setWasmSource } from '../src/wasm/wasmSource.js';
import { wasmFileSource } from '../src/node/wasmFileSource.js';
import { benchNormals } from './measureNormals.js';

export { benchNormals, type NormalsBench } from './measureNormals.js';

setWasmSource(wasmFileSource);

const isMain = typeof process !== 'undefined' && process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const r = await benchNormals();
  const M = (x: number) => `${(x / 1e6).toFixed(0)} M/s`;
  console.log(`normals (d = ${r.d}, ${r.rows} rows): SIMD ${M(r.normalsPerSecond)} (${r.msPerBatch.toFixed(1)} ms per batch), ` +
    `SIMD→f64 ${M(r.f64NormalsPerSecond)}, scalar ${M(r.scalarNormalsPerSecond)}`);
}
