// The page's Web Worker: runs one job at a time on its own WASM instance (a seed of a
// simulation, a theory curve, or an analysis) and posts the result. A seed's trajectory does
// not depend on which worker ran it (every random number is a function of the seed,
// docs/model.md §1), so the page's summary has the bits of simulateSeeds.
import { analyze, DivergenceError, NonFiniteExpressionError, simulate, theory, backendInfo } from '../../src/index.js';
import type { Job, Reply, WorkerError, WorkerInfo } from './protocol.js';

const post = (m: Reply) => (self as unknown as { postMessage(m: Reply): void }).postMessage(m);

function serialise(e: unknown): WorkerError {
  const x = e as { name?: string; message?: string; option?: string; position?: number; column?: number; step?: number };
  return { name: x?.name ?? 'Error', message: x?.message ?? String(e), option: x?.option, position: x?.position, column: x?.column, step: x?.step };
}

async function run(job: Job): Promise<void> {
  if (job.type === 'seed') {
    const onStep = (t: number) => post({ type: 'step', id: job.id, t });
    try {
      // `threads` splits each step of one seed (same bits for any value); not part of config.
      const options = { ...job.options, seed: job.seed, ...(job.threads === undefined ? {} : { threads: job.threads }) };
      post({ type: 'done', id: job.id, value: { seed: job.seed, trajectory: await simulate(options, { onStep }) } });
    } catch (e) {
      if (e instanceof DivergenceError) {
        post({ type: 'done', id: job.id, value: { seed: job.seed, trajectory: e.partial, divergedAt: e.step } });
      } else if (e instanceof NonFiniteExpressionError && e.partial !== undefined) {
        // simulateSeeds keeps such a seed's steps before the fault and reports the error.
        post({ type: 'done', id: job.id, value: { seed: job.seed, trajectory: e.partial }, error: serialise(e) });
      } else throw e;
    }
  } else if (job.type === 'theory') {
    post({ type: 'done', id: job.id, value: await theory({ ...job.options, onProgress: (t, n) => post({ type: 'step', id: job.id, t, of: n }) }) });
  } else if (job.type === 'analyze') {
    post({ type: 'done', id: job.id, value: await analyze(job.target, job.options) });
  } else {
    const info: WorkerInfo = await backendInfo();
    post({ type: 'done', id: job.id, value: info });
  }
}

self.onmessage = (event: MessageEvent<Job>) => {
  run(event.data).catch((e: unknown) => post({ type: 'error', id: event.data.id, error: serialise(e) }));
};
