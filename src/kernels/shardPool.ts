// Sharded runs: a batch larger than one 4 GiB WebAssembly memory is split, by whole chunks of
// the pass (src/kernels/stepChunks.ts), over shard workers that each hold their rows in their
// own memory. Rows are counter-based (row μ of batch b is keyed (seed, b, μ)), so each shard
// generates and labels its own rows. Per pass the owner sends W and receives the chunk
// partials, which it reduces in chunk order: the same bits as an unsharded run.
// The owner talks to the shards synchronously (Atomics.wait/notify on a control block), so a
// run's step loop stays synchronous.
import type { CompiledExpression } from '../expr/compileExpression.js';
import { compiledModule, type Backend, type BufferId, type Variant } from '../wasm/backend.js';
import { awaitIdle, SLOTS, stopWorkers, wake } from './generations.js';
import { reducePass, type GdStepScratch } from './gdStep.js';
import { MAX_CHUNKS, stepChunks } from './stepChunks.js';
import { hasStepWorkerSpawner, spawnWorker } from './stepPool.js';
import { machineMemory } from './stepThreads.js';

/** What every shard needs to know of the run (the per-seed parts come with setup()). */
export interface ShardRun {
  variant: Variant;
  d: number;
  ld: number;
  n: number;
  p: number;
  k: number;
  storage: 'f32' | 'f64';
  labelNoise: number;
  /** Stream of the label noise of batch 0 (batch b uses labelNoiseStream + b). */
  labelNoiseStream: number;
  target: CompiledExpression;
  act: CompiledExpression;
  dact: CompiledExpression;
}

export interface ShardInit extends ShardRun {
  kind: 'shard';
  module: WebAssembly.Module;
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
  shard: number;
  /** Global chunk indices [first, last) of this shard. */
  chunks: [number, number];
}

// Int32 control header after the wake/wait slots (src/kernels/generations.ts); per-shard slots start at SHARD_SLOTS.
export const SC = { CMD: SLOTS, BATCH: SLOTS + 1, ACCUM: SLOTS + 2, SEED: SLOTS + 3, SHARD_SLOTS: 16 } as const;
export const CMD = { SETUP: 1, LOAD: 2, PASS: 3 } as const;

/** Float64 areas of the data block, in doubles. */
export function dataLayout(r: Pick<ShardRun, 'p' | 'k' | 'ld'>, shards: number) {
  const W = 0;
  const T = W + r.p * r.ld;
  const a = T + r.k * r.ld;
  const P = a + r.p;
  const L = P + MAX_CHUNKS * r.p * r.ld;
  const points = L + MAX_CHUNKS;
  return { W, T, a, P, L, points, doubles: points + shards * (r.k + 1) };
}

/** Shards needed for `dataBytes` of rows so that each stays under `perShard` bytes (at most MAX_CHUNKS). */
export function shardCount(dataBytes: number, perShard: number): number {
  return Math.min(MAX_CHUNKS, Math.max(1, Math.ceil(dataBytes / perShard)));
}

/** Shards run where the platform has worker threads and says how much memory the machine has (Node). */
export function shardsAvailable(): boolean {
  return hasStepWorkerSpawner() && machineMemory() !== null;
}

export class ShardPool {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly layout: ReturnType<typeof dataLayout>;
  private closed = false;
  private constructor(
    readonly run: ShardRun,
    readonly shards: number,
    control: SharedArrayBuffer,
    data: SharedArrayBuffer,
    private readonly workers: { terminate(): void }[],
  ) {
    this.i32 = new Int32Array(control);
    this.f64 = new Float64Array(data);
    this.layout = dataLayout(run, shards);
  }

  static async start(run: ShardRun, shards: number): Promise<ShardPool> {
    const module = await compiledModule(run.variant);
    const chunks = stepChunks(run.n).count;
    const S = Math.max(1, Math.min(shards, chunks));
    const control = new SharedArrayBuffer(4 * (SC.SHARD_SLOTS + S));
    const data = new SharedArrayBuffer(8 * dataLayout(run, S).doubles);
    const workers = await Promise.all(Array.from({ length: S }, (_, s) => spawnWorker({
      ...run, kind: 'shard', module, control, data, shard: s,
      chunks: [Math.floor((s * chunks) / S), Math.floor(((s + 1) * chunks) / S)],
    } satisfies ShardInit)));
    return new ShardPool(run, S, control, data, workers);
  }

  /** Per seed: the teacher W* (float64 k × ld) and the second layer a, from the owner's memory. */
  setup(b: Backend, seed: number, T64: BufferId, a: BufferId): void {
    const { p, k, ld } = this.run;
    this.f64.set(b.f64(T64, k * ld), this.layout.T);
    this.f64.set(b.f64(a, p), this.layout.a);
    this.i32[SC.SEED] = seed | 0;
    this.command(CMD.SETUP);
  }

  /** Generates and labels batch `batch` on every shard; returns the first row whose label is not finite (its point z and value), or null. */
  load(batch: number): { row: number; point: number[]; value: number } | null {
    this.i32[SC.BATCH] = batch | 0;
    this.command(CMD.LOAD);
    for (let s = 0; s < this.shards; s++) {
      const row = this.i32[SC.SHARD_SLOTS + s];
      if (row >= 0) {
        const at = this.layout.points + s * (this.run.k + 1);
        return { row, point: Array.from(this.f64.subarray(at, at + this.run.k)), value: this.f64[at + this.run.k] };
      }
    }
    return null;
  }

  /** A pass over the loaded batch at weights W (float64 p × ld): G and the training error, as gdStep gives them. */
  pass(b: Backend, W: BufferId, scratch: GdStepScratch, G: BufferId, accumulate: boolean): number {
    const { p, ld, n } = this.run;
    this.f64.set(b.f64(W, p * ld), this.layout.W);
    this.i32[SC.ACCUM] = accumulate ? 1 : 0;
    this.command(CMD.PASS);
    const nChunks = stepChunks(n).count;
    b.f64(scratch.L, nChunks).set(this.f64.subarray(this.layout.L, this.layout.L + nChunks));
    if (accumulate) b.f64(scratch.P, nChunks * p * ld).set(this.f64.subarray(this.layout.P, this.layout.P + nChunks * p * ld));
    return reducePass(b, { scratch, G, p, ld, nRows: n, accumulate }, nChunks, null);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    stopWorkers(this.i32);
    for (const w of this.workers) w.terminate();
  }

  private command(cmd: number): void {
    if (this.closed) throw new Error('shard pool closed');
    this.i32[SC.CMD] = cmd;
    wake(this.i32, this.shards);
    if (awaitIdle(this.i32)) throw new Error('a shard worker failed (see its error on stderr)');
  }
}
