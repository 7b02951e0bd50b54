// Bookkeeping randomness (integers only). Bands (test/helpers/bands.ts): 32 bit-frequency checks
// + 1 shuffle-position check = 33 z-checks; at a family-wise false-alarm rate of 1 % Šidák gives
// |z| < 3.61. Power: a stuck or biased bit (frequency off by ≥ 5 %, i.e. ≥ 200 of 4096) is
// ≥ 6 SE away; a shuffle that leaves element 0 in the first or last half is ≥ 12 SE away.
// History: committed with 5-SE bands from no calculation, not changed after a failure.
import { describe, expect, it } from 'vitest';
import { sidakBand } from './helpers/bands.js';
import { integerStream } from '../src/random/integerStream.js';
import { shuffle } from '../src/schedules/shuffle.js';
import { randomSigns } from '../src/simulation/randomSigns.js';

const BAND = sidakBand(32 + 1);

describe('bookkeeping randomness (integers only)', () => {
  it('integerStream is deterministic per key and spreads over 32 bits', () => {
    const a = integerStream('k');
    const b = integerStream('k');
    const c = integerStream('other');
    const xs = Array.from({ length: 4096 }, a);
    expect(Array.from({ length: 4096 }, b)).toEqual(xs);
    expect(Array.from({ length: 16 }, c)).not.toEqual(xs.slice(0, 16));
    // Each of the 32 bits is set about half the time (binomial SE = 32 at n = 4096).
    for (let bit = 0; bit < 32; bit++) {
      const ones = xs.filter((x) => (x >>> bit) & 1).length;
      expect(Math.abs(ones - 2048)).toBeLessThan(BAND * 32);
    }
  });

  it('shuffle is a seeded permutation that changes with the epoch', () => {
    const p = shuffle(3, 0, 1000);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffle(3, 0, 1000)).toEqual(p);
    expect(shuffle(3, 1, 1000)).not.toEqual(p);
    expect(shuffle(4, 0, 1000)).not.toEqual(p);
    // Position of element 0 is uniform: mean over 200 epochs near 499.5 (SE ≈ 20).
    let s = 0;
    for (let e = 0; e < 200; e++) s += shuffle(1, e, 1000).indexOf(0);
    expect(Math.abs(s / 200 - 499.5)).toBeLessThan(BAND * 20.4);
  });

  it('random signs are ±1, seeded, and not constant', () => {
    const s = randomSigns(5, 64);
    expect([...s].every((v) => v === 1 || v === -1)).toBe(true);
    expect(new Set(s).size).toBe(2);
    expect(randomSigns(5, 64)).toEqual(s);
  });
});
