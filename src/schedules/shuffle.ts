import { integerStream } from '../random/integerStream.js';

/**
 * Seeded permutation of 0…size−1 for epoch `epoch` (Fisher–Yates). Randomness is injected:
 * the stream is keyed by (seed, epoch) only, and only integers come out of it, so it is the
 * same in every engine.
 */
export function shuffle(seed: number, epoch: number, size: number): Int32Array {
  const next = integerStream(`multipass-gd:shuffle:${seed}:${epoch}`);
  const perm = new Int32Array(size);
  for (let i = 0; i < size; i++) perm[i] = i;
  for (let i = size - 1; i > 0; i--) {
    const r = next() % (i + 1);
    const tmp = perm[i];
    perm[i] = perm[r];
    perm[r] = tmp;
  }
  return perm;
}
