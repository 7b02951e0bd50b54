// Shared by the browser page (test/browser/page.js) and the Node harness
// (scripts/test-browser.mjs): the case list and the bit-exact digest. Plain ES2020 JavaScript
// with no imports, so both sides run literally the same code.
//
// A case is { name, run(lib, variant) } where `lib` is the library's public module
// (dist/index.js in the browser, dist/node/index.js in Node) and `variant` is 'simd' or
// 'scalar'. `run` resolves to a flat list of numbers (array or Float64Array) whose exact
// bits are compared between the two engines. Adding a case is adding one entry to CASES.

/**
 * The library's public module, as the browser page or the Node harness imports it.
 * @typedef {typeof import('../../dist/index.js') | typeof import('../../dist/node/index.js')} Lib
 */
/** @typedef {import('../../dist/index.js').Variant} Variant */
/** @typedef {Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray | BigInt64Array | BigUint64Array} TypedArray */
/**
 * A case; `run` resolves to numbers (flatten checks that they are).
 * @typedef {{ name: string, run: (lib: Lib, variant: Variant) => Promise<ArrayLike<unknown>> }} Case
 */

/**
 * The WASM builds every case runs with, on both sides.
 * @type {Variant[]}
 */
export const VARIANTS = ['simd', 'scalar'];

/**
 * FNV-1a 64 over the little-endian IEEE-754 bytes of every number, as 16 hex digits.
 * Integer-only arithmetic on four 16-bit limbs (no BigInt, no floating point), so it is
 * the same function in every engine. -0 and 0 digest differently; NaN payloads may be
 * canonicalized by the engine, so all NaNs are treated alike.
 * @param {ArrayLike<number>} values
 * @returns {string}
 */
export function fnv1a64(values) {
  const n = values.length;
  const buf = new ArrayBuffer(8 * n);
  const view = new DataView(buf);
  for (let i = 0; i < n; i++) view.setFloat64(8 * i, values[i], true);
  const bytes = new Uint8Array(buf);
  // offset basis 0xcbf29ce484222325, limbs from least significant
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i];
    // h *= 0x100000001b3 (mod 2^64), i.e. h * 0x1b3 + (h << 40); 40 = 2 * 16 + 8, so
    // h << 40 adds h0 << 8 to limb 2 and h1 << 8 to limb 3 (the rest overflows).
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8);
    const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return hex16(h3) + hex16(h2) + hex16(h1) + hex16(h0);
}

/** @param {number} x */
function hex16(x) {
  return (x & 0xffff).toString(16).padStart(4, '0');
}

/**
 * Flattens numbers, nested arrays and typed arrays, in order, into one Float64Array.
 * @param {unknown} value
 * @returns {Float64Array}
 */
export function flatten(value) {
  /** @type {number[]} */
  const out = [];
  /**
   * @param {unknown} v
   * @param {string} path
   */
  const walk = (v, path) => {
    if (typeof v === 'number') out.push(v);
    else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const a = /** @type {TypedArray} a view that is not a DataView */ (v);
      for (let i = 0; i < a.length; i++) out.push(Number(a[i]));
    }
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else throw new TypeError(`digest: ${path} is ${v === null ? 'null' : typeof v}, expected numbers or arrays of numbers`);
  };
  walk(value, 'result');
  return Float64Array.from(out);
}

/**
 * The fields of an object, in the order given, flattened (missing fields are an error).
 * @template {object} T
 * @param {T} obj
 * @param {(keyof T & string)[]} fields
 * @returns {Float64Array}
 */
export function pick(obj, fields) {
  return fields.map((f) => {
    if (!(f in obj)) throw new Error(`result has no field '${f}' (has: ${Object.keys(obj).join(', ')})`);
    return flatten(obj[f]);
  }).reduce((acc, a) => {
    const r = new Float64Array(acc.length + a.length);
    r.set(acc);
    r.set(a, acc.length);
    return r;
  }, new Float64Array(0));
}

/**
 * Deterministic integer-derived test data (no Math.* so no engine-specific rounding).
 * @param {number} n
 * @param {number} salt
 */
function testData(n, salt) {
  const a = new Float64Array(n);
  let s = (0x9e3779b9 ^ salt) >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s - 2147483648) / 2147483648;
  }
  return a;
}

/**
 * Every number of a simulate() trajectory, in a fixed order; checks which build ran.
 * @param {import('../../dist/index.js').Trajectory} tr
 * @param {Variant} variant
 */
export function trajectoryNumbers(tr, variant) {
  if (tr.backend !== variant) throw new Error(`simulate ran '${tr.backend}', asked for '${variant}'`);
  return [
    ...pick(tr, ['steps', 'M', 'Q', 'testError', 'trainError', 'cosine', 'overlap', 'orthogonalOverlap']),
    ...flatten(tr.direction ?? []), ...flatten(tr.orthogonalBasis ?? []), tr.divergedAt ?? -1,
  ];
}

/**
 * A seeded simulate() case: one entry of CASES per option set.
 * @param {string} name
 * @param {import('../../dist/index.js').SimulateOptions} options
 * @returns {Case}
 */
function simulateCase(name, options) {
  return { name, run: async (lib, variant) => trajectoryNumbers(await lib.simulate({ ...options, backend: variant }), variant) };
}

export const PAPER_TARGET_2 = 'tanh(z1 + He3(z2))';

/** @type {Case[]} */
export const CASES = [
  simulateCase('simulate-multi-pass', { d: 300, alpha: 2, p: 2, steps: 3, target: PAPER_TARGET_2, schedule: 'multi-pass', seed: 7 }),
  simulateCase('simulate-single-pass', { d: 300, alpha: 2, p: 2, steps: 3, target: PAPER_TARGET_2, schedule: 'single-pass', seed: 7 }),
  // The reduced engine (docs/model.md §8): a streamed single-pass batch (12 chunks), online SGD
  // (batches drawn in blocks, log-spaced record) and a re-used small batch (its n×n Gram factor).
  simulateCase('simulate-reduced-single-pass', { d: 1000, alpha: 3, p: 2, steps: 4, target: PAPER_TARGET_2, schedule: 'single-pass', engine: 'reduced', seed: 3 }),
  simulateCase('simulate-reduced-online', {
    d: 1e6, n: 1, p: 2, lr: 0.5, steps: 20000, target: PAPER_TARGET_2, schedule: 'single-pass', engine: 'reduced', record: 'log:12', seed: 4,
  }),
  simulateCase('simulate-reduced-resample', { d: 500, n: 20, p: 2, steps: 6, schedule: 'resample:2', engine: 'reduced', labelNoise: 0.1, seed: 9 }),
  // Seeded shuffles, random signs, label noise, f64 storage and a smooth activation.
  simulateCase('simulate-epochs-f64', {
    d: 203, alpha: 2, p: 3, steps: 4, target: 'z1 + z1*z2 + erf(z3)', activation: 'erf(u) + 0.1*u^2', schedule: 'epochs:64',
    secondLayer: 'random-signs', labelNoise: 0.3, storage: 'f64', seed: 5,
  }),
  {
    // The multi-pass theory (DMFT Monte Carlo) and the single-pass theory (quadrature).
    name: 'theory-dmft-and-state-evolution',
    async run(lib, variant) {
      const common = { target: PAPER_TARGET_2, steps: 3, backend: variant };
      const dmft = await lib.theory({ ...common, method: 'dmft', samples: 20000 });
      const se = await lib.theory({ ...common, method: 'single-pass' });
      if (dmft.backend !== variant || se.backend !== variant) throw new Error('theory ran on another build');
      return [...flatten(dmft.M.mean), ...flatten(dmft.M.se), ...flatten(dmft.testError.mean), ...flatten(se.M.mean), ...flatten(se.Q.mean), ...flatten(se.testError.mean)];
    },
  },
  {
    // The backend loads the requested build, reports it, and its memory owner hands out
    // the same layout with the same bytes in both engines.
    name: 'backend-layout',
    async run(lib, variant) {
      const b = await lib.createBackend(variant);
      if (b.variant !== variant) throw new Error(`asked for '${variant}', got '${b.variant}'`);
      const simd = b.fn('simdEnabled')();
      const base = /** @type {() => number} */ (b.fn('heapBase'))();
      const ids = [24, 100, 8, 4096].map((bytes) => b.alloc(bytes));
      const data = testData(512, ids.length);
      b.writeF64(ids[3], data);
      const back = b.readF64(ids[3], data.length);
      const out = [simd, base, lib.simdSupported() ? 1 : 0, ...ids.map((id) => b.ptr(id) - base), ...back];
      b.freeAll();
      return out;
    },
  },
  {
    // The counter-based Gaussian generator (assembly/rng.ts): rows 5…16 of batch 3, d = 37
    // (a SIMD tail), stored as f32 and widened to f64.
    name: 'normal-rows',
    async run(lib, variant) {
      const b = await lib.createBackend(variant);
      /** @type {(seed: number, batch: number, rowStart: number, rowCount: number, d: number, ld: number, out: number, f64out: number) => void} */
      const normalRows = b.fn('normalRows');
      const d = 37, ld = 40, rows = 12;
      const f32 = b.alloc(rows * ld * 4);
      const f64 = b.alloc(rows * ld * 8);
      normalRows(11, 3, 5, rows, d, ld, b.ptr(f32), 0);
      normalRows(11, 3, 5, rows, d, ld, b.ptr(f64), 1);
      const out = [...b.f32(f32, rows * ld), ...b.f64(f64, rows * ld)];
      b.freeAll();
      return out;
    },
  },
  {
    // sweep() on an in-memory store (docs: README, Sweeps): the points' keys (sha256 through
    // Web Crypto, as 8 hex digits each) and every result, in point order.
    name: 'sweep-memory-store',
    async run(lib, variant) {
      const grid = { grid: { lr: [0.1, 0.2], seed: [3, 4] }, fixed: { d: 40, steps: 2, seeds: 2, backend: variant } };
      const store = new lib.MemoryStore();
      const out = await lib.sweep(grid, { store });
      if (out.done !== 4 || out.computed !== 4) throw new Error(`sweep: ${out.done} done, ${out.computed} computed of 4`);
      const numbers = [];
      for (const point of out.points) {
        numbers.push(parseInt(point.key.slice(0, 8), 16));
        const { result } = /** @type {{ result: import('../../dist/index.js').SeedsResult }} a run point, done */ (await store.read(point.key));
        for (const field of [result.steps, result.M.mean, result.M.se, result.Q.mean, result.testError.mean, result.trainError.mean]) numbers.push(...flatten(field));
      }
      return numbers;
    },
  },
];
