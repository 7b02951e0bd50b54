// A fixed set of Web Workers taking jobs from one queue: a job goes to whichever worker is
// free (its result does not depend on which). terminate() stops every worker at once, which
// is how a run is cancelled: the work really stops, not just its display.
import type { Job, Reply, WorkerError } from './protocol.js';

export class JobError extends Error {
  constructor(readonly error: WorkerError) {
    super(error.message);
    this.name = error.name;
  }
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

type JobBody = Job extends infer J ? (J extends { id: number } ? Omit<J, 'id'> : never) : never;

interface Pending {
  job: Job;
  onStep?: (t: number, of?: number) => void;
  resolve: (r: { value: unknown; error?: WorkerError }) => void;
  reject: (e: Error) => void;
}

export const newWorker = () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });

export class Pool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<number, Pending>();
  private nextId = 1;
  private stopped = false;

  constructor(readonly size: number) {
    this.workers = Array.from({ length: size }, () => this.start());
    this.idle = [...this.workers];
  }

  private start(): Worker {
    const w = newWorker();
    w.onmessage = (e: MessageEvent<Reply>) => {
      const m = e.data;
      const p = this.running.get(m.id);
      if (!p) return;
      if (m.type === 'step') return p.onStep?.(m.t, m.of);
      this.running.delete(m.id);
      this.idle.push(w);
      if (m.type === 'done') p.resolve({ value: m.value, error: m.error });
      else p.reject(new JobError(m.error));
      this.pump();
    };
    w.onerror = (e) => {
      e.preventDefault();
      this.fail(new JobError({ name: 'Error', message: `worker failed: ${e.message || 'out of memory?'}` }));
    };
    return w;
  }

  run(body: JobBody, onStep?: (t: number, of?: number) => void): Promise<{ value: unknown; error?: WorkerError }> {
    if (this.stopped) return Promise.reject(new Cancelled());
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...body, id: this.nextId++ } as Job, onStep, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (!this.stopped && this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.shift()!;
      const p = this.queue.shift()!;
      this.running.set(p.job.id, p);
      w.postMessage(p.job);
    }
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const w of this.workers) w.terminate();
    for (const p of [...this.running.values(), ...this.queue]) p.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }

  /** Stops every worker now; every job not finished rejects with Cancelled. */
  terminate(): void {
    this.fail(new Cancelled());
  }
}
