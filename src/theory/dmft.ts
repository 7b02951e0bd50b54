// Multi-pass dynamical mean-field theory (docs/model.md §6, derivation in docs/dmft.md), single
// thread, browser-safe. dmftThreads (src/node/dmftThreads.ts) gives the same bits with the
// samples spread over worker threads.
import { DmftChunks } from '../kernels/dmftChunks.js';
import type { Backend } from '../wasm/backend.js';
import { withSpareBackend } from '../wasm/spareBackend.js';
import { dmftPlan, resolveDmftOptions, type DmftOptions, type ResolvedDmftOptions } from './dmftOptions.js';
import type { DmftResult } from './dmftResult.js';
import { runDmft } from './dmftRun.js';

export async function dmft(options: DmftOptions = {}, backend?: Backend): Promise<DmftResult> {
  const resolved = resolveDmftOptions(options);
  // An instance of its own by default, not the shared one: the histories can take gigabytes,
  // which a shared instance would keep (linear memory never shrinks); a small one is reused.
  return withSpareBackend(resolved.backend, backend, (b) => dmftOn(b, resolved));
}

async function dmftOn(b: Backend, resolved: ResolvedDmftOptions): Promise<DmftResult> {
  const plan = dmftPlan(b, resolved);
  const chunks = new DmftChunks(b, plan, Array.from({ length: plan.nChunks }, (_, c) => c));
  try {
    return await runDmft(b, resolved, plan, {
      init: async (L0) => chunks.init(L0),
      step: async (t, advance, field) => chunks.step(t, advance, field),
    });
  } finally {
    chunks.free();
  }
}
