import { normalBlock } from '../kernels/normalBlock.js';
import { secondLayer } from '../kernels/secondLayer.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import type { Backend, BufferId } from '../wasm/backend.js';
import { randomSigns } from './randomSigns.js';
import { STREAM_SECOND_LAYER } from './streams.js';

/**
 * Writes the second layer a ∈ R^p of a run (docs/model.md §1) into `out` (p f64). A random one
 * is drawn from `secondLayerSeed`, or from the run's seed when none was given: 'rademacher'
 * from the integer sign stream of randomSigns.ts (the former 'random-signs', bit for bit),
 * 'gaussian' from the WASM normals of stream STREAM_SECOND_LAYER, scaled by 1/√p in WASM.
 */
export function drawSecondLayer(
  b: Backend, r: Pick<ResolvedSimulateOptions, 'secondLayer' | 'secondLayerSeed' | 'seed' | 'p'>, out: BufferId, alloc: (bytes: number) => BufferId,
): void {
  const { p } = r;
  const seed = r.secondLayerSeed ?? r.seed;
  if (r.secondLayer === 'rademacher' || r.secondLayer === 'random-signs') {
    const signs = alloc(p * 4);
    b.writeI32(signs, randomSigns(seed, p));
    secondLayer(b, 'rademacher', p, signs, out);
    return;
  }
  if (r.secondLayer === 'gaussian') normalBlock(b, out, { seed, stream: STREAM_SECOND_LAYER, index: 0, count: p, precision: 'f64' });
  secondLayer(b, r.secondLayer, p, null, out);
}
