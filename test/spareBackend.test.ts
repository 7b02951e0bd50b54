// The spare instance that dmft() reuses between runs (src/wasm/spareBackend.ts): a run on a
// reused instance must give the bits of a run on a fresh one (nothing a run reads may depend on
// what an earlier run left in linear memory), and an instance whose memory grew past the limit
// is dropped rather than kept. Deterministic checks: exact bits and identities, no tolerance.
import { describe, expect, it } from 'vitest';
import { dmft } from '../src/theory/dmft.js';
import { createBackend } from '../src/wasm/backend.js';
import { returnSpareBackend, SPARE_BACKEND_BYTES, takeSpareBackend } from '../src/wasm/spareBackend.js';

describe('spare backend', () => {
  it('a dmft() run on the reused instance gives the bits of a fresh instance, after a different run', async () => {
    const o = { target: 'paper-1', activation: 'tanh', samples: 40_001, steps: 3, seed: 3, labelNoise: 0.05 };
    const fresh = JSON.stringify(await dmft(o, await createBackend('auto')));
    await dmft({ target: 'paper-3', samples: 70_000, steps: 4, seed: 11, weightDecay: 0.1 }); // leaves the spare dirty
    const spare = await takeSpareBackend('auto');
    returnSpareBackend(spare);
    expect(JSON.stringify(await dmft(o))).toBe(fresh);
    expect(await takeSpareBackend('auto')).toBe(spare); // that run used the spare and gave it back
  });

  it('keeps a small instance once and drops one whose memory grew past the limit', async () => {
    const small = await createBackend('scalar');
    const other = await createBackend('scalar');
    returnSpareBackend(small);
    returnSpareBackend(other); // one spare per variant: `other` is dropped
    expect(await takeSpareBackend('scalar')).toBe(small);
    expect(await takeSpareBackend('scalar')).not.toBe(small);
    const big = await createBackend('scalar');
    big.alloc(SPARE_BACKEND_BYTES + 1);
    returnSpareBackend(big);
    expect(await takeSpareBackend('scalar')).not.toBe(big);
  });
});
