// The error function in TypeScript, for the reference evaluator only (results use the WASM
// one, assembly/expr.ts, which follows the same method; see there for the accuracy):
// series x·e^{−x²}·Σ (2x²)^n/(2n+1)!! below 2.5, continued fraction of erfc above, ±1 from 6.

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_PI = 1.7724538509055159;
const buf = new Float64Array(1);
const bits = new Uint32Array(buf.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

function expMinusSquare(x: number): number {
  buf[0] = x;
  bits[LOW] = 0;
  const hi = buf[0];
  const lo = x - hi;
  return Math.exp(-(hi * hi)) * Math.exp(-(lo * (x + hi)));
}

export function erf(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 6)) return ax !== ax ? x : x > 0 ? 1 : -1;
  let r: number;
  if (ax < 2.5) {
    const q = 2 * ax * ax;
    let term = 1;
    let sum = 1;
    let k = 1;
    for (;;) {
      k += 2;
      term = term * (q / k);
      sum += term;
      if (term <= sum * 1e-17) break;
    }
    r = TWO_OVER_SQRT_PI * ax * expMinusSquare(ax) * sum;
  } else {
    let t = ax;
    for (let n = 25; n >= 1; n--) t = ax + (n * 0.5) / t;
    r = 1 - expMinusSquare(ax) / (SQRT_PI * t);
  }
  return x < 0 || Object.is(x, -0) ? -r : r;
}
