// The band calculator of the statistical tests (test/helpers/bands.ts) against published
// quantiles (scipy.stats 1.17: norm.isf, t.isf, chi2.isf), to 1e-4.
import { describe, expect, it } from 'vitest';
import { chiSquareBand, chiSquareUpperQuantileEven, kolmogorovBand, normalUpperQuantile, samplesForPower, sidakBand, sidakBandT, studentTwoSidedTail } from './helpers/bands.js';

describe('band calculator', () => {
  it('normal quantiles and Šidák bands', () => {
    expect(normalUpperQuantile(0.025)).toBeCloseTo(1.959964, 4);
    expect(normalUpperQuantile(0.01)).toBeCloseTo(2.326348, 4);
    expect(sidakBand(1)).toBeCloseTo(2.575829, 4);
    expect(sidakBand(4)).toBeCloseTo(3.0222, 3);
    expect(sidakBand(288)).toBeCloseTo(4.1393, 3);
  });

  it('Student t tails for odd and even ν', () => {
    expect(studentTwoSidedTail(2.364624, 7)).toBeCloseTo(0.05, 6);
    expect(studentTwoSidedTail(2.919986, 2)).toBeCloseTo(0.1, 6);
    expect(studentTwoSidedTail(12.706205, 1)).toBeCloseTo(0.05, 6);
    expect(sidakBandT(1, 7)).toBeCloseTo(3.499483, 4);
  });

  it('χ² quantiles (even ν) and the sample size of a detection check', () => {
    expect(chiSquareUpperQuantileEven(0.01, 6)).toBeCloseTo(16.811894, 4);
    expect(chiSquareUpperQuantileEven(0.05, 2)).toBeCloseTo(5.991465, 4);
    // (2.5758 + 2.3263)² · (1/1)² = 24.03 → 25.
    expect(samplesForPower(sidakBand(1), 1, 1)).toBe(25);
  });

  it('χ² band at ν = 999 (Wilson–Hilferty) and the Kolmogorov–Smirnov band', () => {
    const { lo, hi } = chiSquareBand(999, 16);
    expect(Math.abs(lo - 853.248)).toBeLessThan(0.1);
    expect(Math.abs(hi - 1159.002)).toBeLessThan(0.1);
    expect(kolmogorovBand(16)).toBeCloseTo(2.008258, 4);
    expect(kolmogorovBand(1, 0.001)).toBeCloseTo(1.949475, 4);
  });
});
