// The body of a shard worker (src/kernels/shardPool.ts): its own WASM instance holding the
// rows of its chunks; serves SETUP (seed, teacher, second layer), LOAD (generate and label
// a batch) and PASS (its chunks' partials at the sent weights) until told to stop.
import { instantiateBackend } from '../wasm/backend.js';
import { serveGenerations } from './generations.js';
import { allocGdStepScratch, chunkTargets, gdStepWorkBytes, runGdStepJob } from './gdStep.js';
import { loadBatch } from './loadBatch.js';
import { CMD, dataLayout, SC, type ShardInit } from './shardPool.js';
import { chunkRows, stepChunks } from './stepChunks.js';
import { toF32 } from './toF32.js';
import { uploadExpression } from './uploadExpression.js';

export async function runShardWorker(init: ShardInit, ready: () => void): Promise<void> {
  const b = await instantiateBackend(init.variant, init.module);
  const { d, ld, n, p, k, storage } = init;
  const f32 = storage === 'f32';
  const esz = f32 ? 4 : 8;
  const chunks = stepChunks(n);
  const [c0, c1] = init.chunks;
  const s0 = chunkRows(chunks, n, c0)[0];
  const s1 = c1 > c0 ? chunkRows(chunks, n, c1 - 1)[1] : s0;
  const rows = s1 - s0;
  const alloc = (bytes: number) => b.alloc(bytes);
  const target = uploadExpression(b, init.target);
  const act = uploadExpression(b, init.act);
  const dact = uploadExpression(b, init.dact);
  const X = alloc(Math.max(1, rows) * ld * esz);
  const y = alloc(Math.max(1, rows) * 8);
  const Z = alloc(Math.max(1, rows) * k * 8);
  const tstack = alloc(Math.max(1, rows) * target.maxStack * 8);
  // Label noise of row μ is element μ of its batch's stream (a prefix of the whole block).
  const xi = init.labelNoise > 0 ? alloc(Math.max(1, s1) * 8) : null;
  const T64 = alloc(k * ld * 8);
  const Tf = f32 ? alloc(k * ld * 4) : null;
  const W64 = alloc(p * ld * 8);
  const Wf = f32 ? alloc(p * ld * 4) : null;
  const a = alloc(p * 8);
  // Its P holds a partial per chunk of the pass (at most MAX_CHUNKS); a shard's chunks are a part of them.
  const scratch = allocGdStepScratch(alloc, storage, p, ld, gdStepWorkBytes(b, p, act, dact), 1);
  // The chunk targets of this shard, the same at every pass.
  const targets = chunkTargets(n, c0, c1, b.ptr(scratch.P), 0, p, ld, s0);
  const i32 = new Int32Array(init.control);
  const f64 = new Float64Array(init.data);
  const L = dataLayout(init, i32.length - SC.SHARD_SLOTS);
  const slot = SC.SHARD_SLOTS + init.shard;
  let seed = 0;

  const load = (batch: number) => {
    const bad = loadBatch(b, { X, y, Z, tstack, xi }, {
      seed, batch, rowStart: s0, rowCount: rows, d, ld, storage, T: Tf ?? T64, k, target,
      labelNoise: init.labelNoise, noiseStream: init.labelNoiseStream,
    });
    i32[slot] = bad < 0 ? -1 : s0 + bad;
    if (bad >= 0) {
      const Zv = b.f64(Z, k * rows);
      const at = L.points + init.shard * (k + 1);
      for (let v = 0; v < k; v++) f64[at + v] = Zv[v * rows + bad];
      f64[at + k] = b.f64(y, rows)[bad]; // not finite, noise or not
    }
  };
  const pass = (accumulate: boolean) => {
    b.f64(W64, p * ld).set(f64.subarray(L.W, L.W + p * ld));
    if (Wf) toF32(b, W64, Wf, p * ld);
    runGdStepJob(b, { storage, X, ld, rows: null, y, W: Wf ?? W64, p, a, d, act, dact, scratch, accumulate }, targets, null);
    f64.set(b.f64(scratch.L, c1 - c0), L.L + c0);
    if (accumulate) f64.set(b.f64(scratch.P, (c1 - c0) * p * ld), L.P + c0 * p * ld);
  };

  ready();
  await new Promise((r) => setTimeout(r, 0));
  serveGenerations(i32, () => {
    const cmd = i32[SC.CMD];
    if (cmd === CMD.SETUP) {
      seed = i32[SC.SEED] >>> 0;
      b.f64(T64, k * ld).set(f64.subarray(L.T, L.T + k * ld));
      if (Tf) toF32(b, T64, Tf, k * ld);
      b.f64(a, p).set(f64.subarray(L.a, L.a + p));
    } else if (cmd === CMD.LOAD) load(i32[SC.BATCH] >>> 0);
    else if (cmd === CMD.PASS) pass(i32[SC.ACCUM] !== 0);
  }, (e) => console.error(e));
}
