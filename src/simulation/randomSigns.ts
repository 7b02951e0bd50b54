import { integerStream } from '../random/integerStream.js';

/** ±1 signs for the 'random-signs' second layer, seeded (integers only: same in every engine). */
export function randomSigns(seed: number, p: number): Int32Array {
  const next = integerStream(`multipass-gd:signs:${seed}`);
  const out = new Int32Array(p);
  for (let j = 0; j < p; j++) out[j] = (next() & 1) === 0 ? 1 : -1;
  return out;
}
