// dmft() with the S samples spread over threads (Node only; the spec). Each thread owns a
// contiguous range of chunks: this thread the first, each worker its own on its own WASM
// instance; the main thread gathers the per-chunk moment sums, lays them out in chunk order
// and runs the same solver as the single thread path (src/theory/dmftRun.ts), so the result
// has the same bits for any thread count.
import { Worker } from 'node:worker_threads';
import { OptionRangeError } from '../errors.js';
import { DmftChunks } from '../kernels/dmftChunks.js';
import { dmftSumsLength } from '../kernels/dmftPlan.js';
import { compiledModule, type Backend } from '../wasm/backend.js';
import { withSpareBackend } from '../wasm/spareBackend.js';
import { dmftPlan, resolveDmftOptions, type DmftOptions, type ResolvedDmftOptions } from '../theory/dmftOptions.js';
import type { DmftResult } from '../theory/dmftResult.js';
import { runDmft } from '../theory/dmftRun.js';
import { startNodeWorker } from './startNodeWorker.js';
import { reviveError, type SerializedError } from './workerError.js';

interface Reply {
  ok: boolean;
  sums?: Float64Array;
  error?: SerializedError;
}

class WorkerProxy {
  private readonly worker: Worker;
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  constructor(data: unknown) {
    this.worker = startNodeWorker('dmftWorker', data);
    this.worker.on('message', (r: Reply) => {
      const p = this.pending;
      this.pending = null;
      p?.resolve(r);
    });
    this.worker.on('error', (e) => {
      const p = this.pending;
      this.pending = null;
      p?.reject(e);
    });
  }
  call(msg: unknown, transfer: ArrayBuffer[] = []): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(msg, transfer);
    }).then((r) => {
      if (!r.ok) throw reviveError(r.error!);
      return r;
    });
  }
  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Chunk ranges of `W` threads: contiguous, as equal as the chunk count allows. */
function chunkRanges(nChunks: number, W: number): number[][] {
  return Array.from({ length: W }, (_, w) => {
    const lo = Math.floor((w * nChunks) / W);
    const hi = Math.floor(((w + 1) * nChunks) / W);
    return Array.from({ length: hi - lo }, (_, i) => lo + i);
  });
}

export async function dmftThreads(options: DmftOptions = {}, backend?: Backend): Promise<DmftResult> {
  const resolved = resolveDmftOptions(options);
  // An instance of its own by default, as in dmft() (src/theory/dmft.ts).
  return withSpareBackend(resolved.backend, backend, (b) => dmftThreadsOn(b, resolved));
}

async function dmftThreadsOn(b: Backend, resolved: ResolvedDmftOptions): Promise<DmftResult> {
  const plan = dmftPlan(b, resolved);
  const W = Math.min(resolved.threads, plan.nChunks);
  if (W < 1) throw new OptionRangeError('threads', 'at least 1', resolved.threads);
  const ranges = chunkRanges(plan.nChunks, W);
  // This thread computes the first range itself while it waits, so W threads need only W − 1
  // workers (none for threads = 1). Workers instantiate the module compiled here instead of
  // compiling the bytes again.
  const module = W > 1 ? await compiledModule(b.variant) : null;
  const local = new DmftChunks(b, plan, ranges[0]);
  const workers = ranges.slice(1).map((chunks) => new WorkerProxy({ plan, chunks, variant: b.variant, module }));
  try {
    return await runDmft(b, resolved, plan, {
      init: async (L0) => {
        const started = workers.map((w) => w.call({ type: 'init', L0 }));
        local.init(L0);
        await Promise.all(started);
      },
      step: async (t, advance, field) => {
        const started = workers.map((w) => w.call({ type: 'step', t, advance, field }));
        const own = local.step(t, advance, field);
        const replies = await Promise.all(started);
        const R = dmftSumsLength(plan.p, plan.k, t);
        const all = new Float64Array(R * plan.nChunks);
        all.set(own, 0);
        replies.forEach((r, w) => all.set(r.sums!, R * ranges[w + 1][0]));
        return all;
      },
    });
  } finally {
    local.free();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
