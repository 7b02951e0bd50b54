// Accuracy of erf (assembly/expr.ts erf64 and its TS twin src/expr/erf.ts) against a 300-bit
// fixed-point BigInt Taylor series erf x = 2/√π Σ (−1)^n x^{2n+1}/(n!(2n+1)), which converges
// for every x; with 300 bits the reference is exact to far below 1e-60 on |x| ≤ 6.2 (the
// largest term, e^{x²} ≈ 2^55, leaves 240 bits). Stated accuracy: 1.5e-15 relative (~7 ulp);
// measured maximum about 1.2e-15, near x = 2.3.
import { describe, it, expect, beforeAll } from 'vitest';
import seedrandom from 'seedrandom';
import { createBackend, type Backend } from '../src/wasm/backend.js';
import { erf } from '../src/expr/index.js';

const P = 300n;
const ONE = 1n << P;

function arctanInverse(n: bigint): bigint {
  let sum = 0n;
  let power = ONE / n;
  const n2 = n * n;
  for (let k = 0n; power !== 0n; k++) {
    const t = power / (2n * k + 1n);
    sum += k % 2n === 0n ? t : -t;
    power /= n2;
  }
  return sum;
}

function isqrt(v: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(v.toString(2).length / 2));
  for (;;) {
    const y = (x + v / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Machin: π = 16 atan(1/5) − 4 atan(1/239). */
const PI = 16n * arctanInverse(5n) - 4n * arctanInverse(239n);
const SQRT_PI = isqrt(PI << P);

/** x as an exact P-bit fixed-point integer (valid for |x| ≥ 2^-240). */
const toFixed = (x: number): bigint => BigInt(x * 2 ** 300);

function erfReference(x: number): bigint {
  const X = toFixed(x);
  const X2 = (X * X) >> P;
  let t = X;
  let sum = X;
  for (let n = 1n; ; n++) {
    t = -((t * X2) >> P) / n;
    const c = t / (2n * n + 1n);
    if (c === 0n) break;
    sum += c;
  }
  return ((sum * 2n) << P) / SQRT_PI;
}

const relativeError = (approx: number, x: number): number => {
  const r = erfReference(x);
  return Number(toFixed(approx) - r) / Number(r);
};

describe('erf accuracy', () => {
  let b: Backend;
  beforeAll(async () => {
    b = await createBackend('simd');
  });

  it('matches sanity values of the reference itself', () => {
    // erf(1) = 0.842700792949714869341220635…, erf(0.5) = 0.520499877813046537682746653…
    expect(Number(erfReference(1) - 842700792949714869341220635n * (ONE / 10n ** 27n)) / 2 ** 300).toBeLessThan(1e-26);
    expect(Math.abs(Number(erfReference(0.5)) / 2 ** 300 - 0.5204998778130465)).toBeLessThan(1e-16);
  });

  it('is within 1.5e-15 relative over [1e-30, 6.2], WASM and TS, with erf(−x) = −erf(x)', () => {
    const rng = seedrandom('erf-1');
    const xs: number[] = [];
    for (let i = 0; i < 1500; i++) xs.push(6.2 * rng());
    for (let i = 0; i < 300; i++) xs.push(10 ** (-30 + 30 * rng()));
    xs.push(2.5, 2.5 - 2 ** -50, 0.5, 1, 2, 5.999999, 6 - 2 ** -49);
    const erf64 = b.fn<(x: number) => number>('erf64');
    let worstW = 0;
    let worstT = 0;
    for (const x of xs) {
      const w = erf64(x);
      expect(erf64(-x)).toBe(-w);
      worstW = Math.max(worstW, Math.abs(relativeError(w, x)));
      worstT = Math.max(worstT, Math.abs(relativeError(erf(x), x)));
    }
    expect(worstW).toBeLessThan(1.5e-15);
    expect(worstT).toBeLessThan(1.5e-15);
  });

  it('is ±1 from |x| = 6 and propagates NaN', () => {
    const erf64 = b.fn<(x: number) => number>('erf64');
    expect([erf64(6), erf64(-6), erf64(40), erf64(Infinity), erf64(-Infinity)]).toEqual([1, -1, 1, 1, -1]);
    expect(Number.isNaN(erf64(NaN))).toBe(true);
    expect(Object.is(erf64(-0), -0)).toBe(true);
    // erfc(6) ≈ 2.15e-17 is below half an ulp of 1, so 1 is the correctly rounded value
    expect(erfReference(6) > ONE - (ONE >> 54n)).toBe(true);
  });

  it('gives the same bits in the SIMD and scalar builds', async () => {
    const s = await createBackend('scalar');
    const a = b.fn<(x: number) => number>('erf64');
    const c = s.fn<(x: number) => number>('erf64');
    const rng = seedrandom('erf-2');
    for (let i = 0; i < 2000; i++) {
      const x = 14 * (rng() - 0.5);
      expect(Object.is(a(x), c(x))).toBe(true);
    }
  });
});
