// Stream tags of the counter-based generator (assembly/rng.ts normalBlock). Data rows use
// normalRows keyed (seed, batch, μ) in a separate key domain; everything else is keyed
// (seed, tag, index) with one tag per use, so no two uses ever share random numbers.
export const STREAM_TEACHER = 1;
export const STREAM_STUDENT = 2;
/** Label noise of batch b uses stream STREAM_LABEL_NOISE + b (b < 2^28). */
export const STREAM_LABEL_NOISE = 0x10000000;
/** Gaussian points on which the target and activation are probed before a run (seed 0). */
export const STREAM_PROBE = 3;
/** The normals of the 'gaussian' second layer, keyed (secondLayerSeed, 4, 0). */
export const STREAM_SECOND_LAYER = 4;
