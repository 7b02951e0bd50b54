// The fused WASM GD step against the slow float64 reference, plus the shared
// specification run against all implementations.
import { describe, expect, it } from 'vitest';
import { compileExpression, parseActivation, type Ast } from '../src/expr/index.js';
import { evalProgram } from '../src/kernels/evalProgram.js';
import { allocGdStepScratch, GD_STEP_ROWS, gdStep, gdStepWorkBytes, runGdStepJob, STEP_CONFIG_BYTES, writeStepConfig } from '../src/kernels/gdStep.js';
import { chunkRows, stepChunks } from '../src/kernels/stepChunks.js';
import { clearRowNorms } from '../src/kernels/clearRowNorms.js';
import { uploadExpression, type UploadedExpression } from '../src/kernels/uploadExpression.js';
import { OPTION_RANGES } from '../src/options/optionRanges.js';
import { createBackend, type Backend, type BufferId, type Variant } from '../src/wasm/backend.js';
import { passBlocks } from './reference/passBlocks.js';
import { referenceGdStep, type StepInput, type StepOutput } from './reference/referenceGdStep.js';
import { gdStepSpec, randomInput, type StepImplementation } from './spec/gdStepSpec.js';

const MAX_P = OPTION_RANGES.p.max;

const backends = new Map<Variant, Promise<Backend>>();
const backendFor = (v: Variant) => {
  if (!backends.has(v)) backends.set(v, createBackend(v));
  return backends.get(v)!;
};

/**
 * The f32 step of both builds on `input`: their G bit-identical, and within 1e-6 (relative to
 * max|G|) of the float64 reference on the f32-rounded data. Returns both steps and the reference.
 */
async function simdEqualsScalarNearF64(input: StepInput): Promise<{ s: StepOutput; c: StepOutput; ref: ReturnType<typeof referenceGdStep> }> {
  const s = await wasmStep('simd', 'f32', input);
  const c = await wasmStep('scalar', 'f32', input);
  expect(c.G).toEqual(s.G);
  const ref = referenceGdStep(f32Rounded(input));
  expect(relativeError(s.G, ref.G)).toBeLessThan(1e-6);
  return { s, c, ref };
}

/**
 * A per-sample displacement for wasmStep: ‖x‖² computed at every step ('step'); kept in a
 * norms buffer, the step run twice and the second returned ('cached': its norms were filled
 * by the first); or the same with the kept norms doubled in between ('doubled': shows that
 * the second step reads them).
 */
interface SampleShift {
  kind: 'sam' | 'extragradient';
  rho: number;
  norms: 'step' | 'cached' | 'doubled';
}

/**
 * Runs the WASM kernel on JS inputs: rows are copied into WASM memory with stride ld. With
 * `rows`, the kernel visits that list of stored rows (the mini-batch path) instead of all rows.
 * With `shift`, a per-sample displacement.
 */
async function wasmStep(variant: Variant, storage: 'f32' | 'f64', input: StepInput, rows?: number[], shift?: SampleShift): Promise<StepOutput> {
  const b = await backendFor(variant);
  const n = input.X.length;
  const p = input.W.length;
  const d = input.W[0].length;
  const ld = Math.ceil(d / 4) * 4;
  const esz = storage === 'f32' ? 4 : 8;
  return withStepBuffers(b, input, ({ alloc, act, dact, ids }) => {
    const X = alloc(n * ld * esz);
    const W = alloc(p * ld * esz);
    const view = (id: BufferId) => (storage === 'f32' ? b.f32(id) : b.f64(id));
    input.X.forEach((x, i) => view(X).set(x, i * ld));
    input.W.forEach((w, j) => view(W).set(w, j * ld));
    const y = b.fromF64(input.y);
    const a = b.fromF64(input.a);
    ids.push(y, a);
    const scratch = allocGdStepScratch(alloc, storage, p, ld, gdStepWorkBytes(b, p, act, dact), 1);
    const G = alloc(p * ld * 8);
    const list = rows ? b.fromI32(rows) : null;
    if (list !== null) ids.push(list);
    const nRows = rows ? rows.length : n;
    let cfg: BufferId | null = null;
    const args = { storage, X, ld, rows: list, nRows, y, W, p, a, d, act, dact, scratch, G, accumulate: true };
    if (shift) {
      const norms = shift.norms === 'step' ? null : alloc(n * 8);
      cfg = alloc(STEP_CONFIG_BYTES);
      writeStepConfig(b, cfg, { loss: 'square', sample: { kind: shift.kind, rho: shift.rho }, norms });
      if (norms !== null) {
        clearRowNorms(b, norms, n);
        gdStep(b, { ...args, cfg });
        const kept = b.f64(norms, n);
        const used = rows ?? Array.from({ length: n }, (_, i) => i);
        expect(used.every((i) => Number.isFinite(kept[i]))).toBe(true);
        if (shift.norms === 'doubled') for (const i of new Set(used)) kept[i] *= 2;
      }
    }
    const loss = gdStep(b, { ...args, cfg });
    const Gv = b.readF64(G, p * ld);
    return { loss, G: Array.from({ length: p }, (_, j) => Array.from(Gv.subarray(j * ld, j * ld + d))) };
  });
}

/** The buffers of a test step, all freed after body: alloc (zeroed), ids (others to free), σ and σ' of the input uploaded. */
function withStepBuffers<T>(
  b: Backend, input: StepInput,
  body: (s: { alloc: (bytes: number) => BufferId; ids: BufferId[]; act: UploadedExpression; dact: UploadedExpression }) => T,
): T {
  const ids: BufferId[] = [];
  const alloc = (bytes: number) => {
    const id = b.calloc(bytes);
    ids.push(id);
    return id;
  };
  const act = uploadExpression(b, compileExpression(input.act, 1));
  const dact = uploadExpression(b, compileExpression(input.dact, 1));
  try {
    return body({ alloc, ids, act, dact });
  } finally {
    act.free();
    dact.free();
    for (const id of ids) b.free(id);
  }
}

const implementations: StepImplementation[] = [
  { name: 'pure-TS float64 reference', tolerance: 1e-14, run: async (i) => referenceGdStep(i) },
  { name: 'WASM simd f32', tolerance: 1e-6, run: (i) => wasmStep('simd', 'f32', i) },
  { name: 'WASM simd f64', tolerance: 1e-14, run: (i) => wasmStep('simd', 'f64', i) },
  { name: 'WASM scalar f32', tolerance: 1e-6, run: (i) => wasmStep('scalar', 'f32', i) },
  { name: 'WASM scalar f64', tolerance: 1e-14, run: (i) => wasmStep('scalar', 'f64', i) },
];
for (const impl of implementations) gdStepSpec(impl);

/** max |G − G_ref| / max |G_ref|. */
function relativeError(G: number[][], ref: number[][]): number {
  const g = G.flat();
  const r = ref.flat();
  let err = 0;
  let scale = 0;
  for (let i = 0; i < r.length; i++) {
    err = Math.max(err, Math.abs(g[i] - r[i]));
    scale = Math.max(scale, Math.abs(r[i]));
  }
  return err / scale;
}

const f32Rounded = (i: StepInput): StepInput => ({
  ...i,
  X: i.X.map((x) => Array.from(x, Math.fround)),
  W: i.W.map((w) => Array.from(w, Math.fround)),
});

describe('WASM GD step against the float64 reference', () => {
  // d = 1203 is not a multiple of 4 or of the 64-element block: padding and tails are exercised;
  // p = 3 exercises the paired and the single dot-product paths.
  const cases = ['relu', 'tanh', 'erf', 'u^2', 'abs(u)', 'sign(u) + 0.3*u', 'max(u, 0.5*u)', 'He3(u)'];
  for (const activation of cases) {
    it(`σ = ${activation}: f32 storage within 1e-6, f64 within 1e-12 (relative to max|G|)`, async () => {
      const input = randomInput(`ref-${activation}`, 1203, 64, 3, activation);
      // The reference sees the same f32-rounded inputs as the f32 kernel, so the comparison
      // measures the kernel's arithmetic, not the storage rounding.
      const ref32 = referenceGdStep(f32Rounded(input));
      const ref64 = referenceGdStep(input);
      for (const variant of ['simd', 'scalar'] as const) {
        const w32 = await wasmStep(variant, 'f32', input);
        const w64 = await wasmStep(variant, 'f64', input);
        const err32 = relativeError(w32.G, ref32.G);
        const err64 = relativeError(w64.G, ref64.G);
        expect(err32).toBeLessThan(1e-6);
        expect(err64).toBeLessThan(1e-12);
        expect(Math.abs(w32.loss - ref32.loss) / ref32.loss).toBeLessThan(1e-6);
        expect(Math.abs(w64.loss - ref64.loss) / ref64.loss).toBeLessThan(1e-12);
      }
    });
  }

  it('the SIMD and scalar builds give identical bits', async () => {
    const input = randomInput('bits', 517, 70, 3, 'tanh');
    for (const storage of ['f32', 'f64'] as const) {
      const s = await wasmStep('simd', storage, input);
      const c = await wasmStep('scalar', storage, input);
      expect(c.loss).toBe(s.loss);
      expect(c.G).toEqual(s.G);
    }
  });

  it('accumulation over many samples stays within 1e-6 of float64 (f32 storage, n = 3000)', async () => {
    const input = randomInput('long', 256, 3000, 2, 'relu');
    const ref = referenceGdStep(f32Rounded(input));
    const w = await wasmStep('simd', 'f32', input);
    expect(relativeError(w.G, ref.G)).toBeLessThan(1e-6);
  });
});

/** The compiled program of `ast` evaluated in WASM at the points `u` (one variable). */
function evalInWasm(b: Backend, ast: Ast, u: number[]): Float64Array {
  const compiled = compileExpression(ast, 1);
  const prog = uploadExpression(b, compiled);
  const vars = b.fromF64(u);
  const out = b.calloc(8 * u.length);
  const stack = b.calloc(8 * compiled.maxStack * u.length);
  try {
    evalProgram(b, prog, vars, u.length, u.length, out, stack);
    return b.readF64(out, u.length);
  } finally {
    prog.free();
    for (const id of [vars, out, stack]) b.free(id);
  }
}

describe('row blocks of the f32 step (GD_STEP_ROWS rows, shared in quads)', () => {
  const select = (i: StepInput, rows: number[]): StepInput => ({ ...i, X: rows.map((r) => i.X[r]), y: rows.map((r) => i.y[r]) });

  it('the scratch size uses the kernel\'s block size', async () => {
    const b = await backendFor('simd');
    expect(b.fn<() => number>('gdStepRows')()).toBe(GD_STEP_ROWS);
  });

  // Every tail of a block (1 … GD_STEP_ROWS − 1 rows, with and without a whole quad), row
  // lists with repeats and in any order, p odd and even, d = 203 (ld = 204: three whole
  // 64-element segments, a ragged one of 3 chunks, an odd chunk count for the paired updates).
  // Exact checks: SIMD = scalar, and a row list = the same rows stored contiguously (a row's
  // arithmetic does not depend on where it sits). Band against float64: 1e-6 relative to
  // max|G| as for every f32 case above (the dot products round 16-term f32 sums; between
  // float64 flushes an element of G takes at most 20 f32 roundings, ~√20·2⁻²⁴ ≈ 3e-7 typical).
  it('ragged blocks and row lists, p = 1, 2, 3, 5', async () => {
    const stored = 40;
    const counts = [1, 2, 3, 4, 5, 6, 7, 9, 13, 33];
    const tails = new Set(counts.flatMap((n) => passBlocks(n).map((rows) => rows.length).filter((r) => r < GD_STEP_ROWS)));
    expect([...tails].sort((u, v) => u - v)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const p of [1, 2, 3, 5]) {
      const input = randomInput(`ragged-${p}`, 203, stored, p, 'tanh');
      const ref32 = f32Rounded(input);
      for (const n of counts) {
        const rows = Array.from({ length: n }, (_, i) => (i * 17 + p) % 29); // repeats once n > 29
        const s = await wasmStep('simd', 'f32', input, rows);
        const c = await wasmStep('scalar', 'f32', input, rows);
        const contiguous = await wasmStep('simd', 'f32', select(input, rows));
        expect(c.loss).toBe(s.loss);
        expect(c.G).toEqual(s.G);
        expect(contiguous.loss).toBe(s.loss);
        expect(contiguous.G).toEqual(s.G);
        const ref = referenceGdStep(select(ref32, rows));
        expect(relativeError(s.G, ref.G)).toBeLessThan(1e-6);
        expect(Math.abs(s.loss - ref.loss) / ref.loss).toBeLessThan(1e-6);
      }
    }
  });

  // The updates skip the rows whose coefficient is 0 (σ' = 0 for ReLU), one neuron at a time,
  // with a kernel per count of remaining rows. Rows are signed so that the blocks of the one
  // neuron (p = 1; blocks as the kernel forms them, passBlocks) keep 8, 0, 1, …, 7 rows, at
  // scattered positions, then a ragged block of 3. |u| ~ √203 ≫ the f32 rounding, so the signs
  // are unambiguous. Exact: SIMD = scalar; band against float64: the 1e-6 of every f32 case above.
  it('ReLU: every count of rows with σ\' ≠ 0 in a block, SIMD = scalar and within 1e-6 of float64', async () => {
    const d = 203;
    const counts = [8, 0, 1, 2, 3, 4, 5, 6, 7];
    const n = GD_STEP_ROWS * counts.length + 3;
    const blocks = passBlocks(n);
    expect(blocks.map((rows) => rows.length)).toEqual([...counts.map(() => GD_STEP_ROWS), 3]);
    const blockOf = new Map(blocks.flatMap((rows, k) => rows.map((i, at) => [i, { k, at }] as const)));
    const base = randomInput('relu-counts', d, n, 1, 'relu');
    const w = base.W[0];
    const X = base.X.map((x, i) => {
      const { k: block, at } = blockOf.get(i)!;
      const slot = (at * 5 + block) % GD_STEP_ROWS; // the active rows' positions vary by block
      const active = block < counts.length ? slot < counts[block] : i % 2 === 0;
      const row = Array.from(x);
      const u = row.reduce((s, v, k) => s + v * w[k], 0);
      return (u > 0) === active ? row : row.map((v) => -v);
    });
    const one = await simdEqualsScalarNearF64({ ...base, X });
    expect(one.c.loss).toBe(one.s.loss);
    for (const p of [2, 3]) await simdEqualsScalarNearF64(randomInput(`relu-${p}`, d, 45, p, 'relu'));
  });

  it(`p = MAX_P = ${MAX_P}: SIMD = scalar and within 1e-6 of float64`, async () => {
    const { s, c, ref } = await simdEqualsScalarNearF64(randomInput('max-p', 13, 11, MAX_P, 'relu'));
    expect(c.loss).toBe(s.loss);
    expect(Math.abs(s.loss - ref.loss) / ref.loss).toBeLessThan(1e-6);
  });
});

describe('the chunks of an f32 pass', () => {
  // A thread runs the chunks it claims one after the other, and a chunk's last pass computes
  // the products of the first block of the next one. Run with one call per chunk instead
  // (nothing to carry over), every chunk's partial P, second-layer sums Ga and loss must keep
  // their bits. n = 203: 7 chunks, the last of 11 rows (a block and a ragged one of 3).
  it('carried from chunk to chunk = one call per chunk, bit for bit (p = 2, 3; stored rows and a row list)', async () => {
    const b = await backendFor('simd');
    const d = 203, ld = 204, n = 203;
    const chunks = stepChunks(n);
    expect(chunks.count).toBe(7);
    for (const p of [2, 3]) {
      const input = randomInput(`chunks-${p}`, d, n, p, 'relu');
      for (const listed of [false, true]) {
        withStepBuffers(b, input, ({ alloc, ids, act, dact }) => {
          const X = alloc(n * ld * 4), W = alloc(p * ld * 4), G = alloc(p * ld * 8), Ga = alloc(p * 8);
          input.X.forEach((x, i) => b.f32(X).set(x, i * ld));
          input.W.forEach((w, j) => b.f32(W).set(w, j * ld));
          const y = b.fromF64(input.y), a = b.fromF64(input.a);
          const rows = listed ? b.fromI32(Array.from({ length: n }, (_, i) => (i * 37) % n)) : null;
          ids.push(y, a, ...(rows ? [rows] : []));
          const scratch = allocGdStepScratch(alloc, 'f32', p, ld, gdStepWorkBytes(b, p, act, dact), 1);
          const args = { storage: 'f32' as const, X, ld, rows, nRows: n, y, W, p, a, d, act, dact, scratch, G, accumulate: true, Ga };
          gdStep(b, args);
          const P = b.readF64(scratch.P, chunks.count * p * ld), L = b.readF64(scratch.L, chunks.count), Gas = b.readF64(scratch.Ga, chunks.count * p);
          b.f64(scratch.P, chunks.count * p * ld).fill(NaN);
          b.f64(scratch.Ga, chunks.count * p).fill(NaN);
          for (let c = 0; c < chunks.count; c++) {
            const target = { rows: chunkRows(chunks, n, c), P: b.ptr(scratch.P) + c * p * ld * 8, Ga: b.ptr(scratch.Ga) + c * p * 8 };
            b.f64(scratch.L, 1)[0] = NaN;
            runGdStepJob(b, args, [target], null);
            expect(b.readF64(scratch.L, 1)[0]).toBe(L[c]);
          }
          expect(b.readF64(scratch.P, chunks.count * p * ld)).toEqual(P);
          expect(b.readF64(scratch.Ga, chunks.count * p)).toEqual(Gas);
        });
      }
    }
  });
});

describe('activation derivative used by the step', () => {
  it('relu′(0) = 0: the compiled derivative, evaluated in WASM, is exactly 0 at u = 0 (and at −0), 1 for u > 0', async () => {
    // The step kernel evaluates this same compiled program (uploadExpression → evalProgram), so a
    // subgradient of 1 or ½ at the kink would show up here as a non-zero value.
    const a = parseActivation('relu');
    for (const variant of ['simd', 'scalar'] as const) {
      const v = evalInWasm(await backendFor(variant), a.derivative, [0, -0, -1e-300, 1e-300, 2.5, -2.5]);
      // x + 0 maps −0 to +0: the claim is the value 0, either sign of zero.
      expect(Array.from(v, (x) => x + 0)).toEqual([0, 0, 0, 1, 1, 0]);
    }
  });
});

describe('per-sample displacement: ‖x‖² of the stored rows kept between steps', () => {
  // The step fills a row's norm at its first use and reads it at later steps (re-used rows);
  // both must give the bits of the step that reads each row for ‖x‖² every time. Doubled
  // kept norms must change G: they are read, not recomputed.
  const input = randomInput('norms', 203, 2 * GD_STEP_ROWS + 5, 3, 'relu');
  const list = [7, 0, 20, 7, 3, 11, 19, 1, 5];
  for (const variant of ['simd', 'scalar'] as const) {
    for (const storage of ['f32', 'f64'] as const) {
      for (const kind of ['sam', 'extragradient'] as const) {
        it(`${variant} ${storage} ${kind}: the same bits as computed in the step, all rows and a row list`, async () => {
          for (const rows of [undefined, list]) {
            const shift = { kind, rho: 0.3 } as const;
            const inStep = await wasmStep(variant, storage, input, rows, { ...shift, norms: 'step' });
            const cached = await wasmStep(variant, storage, input, rows, { ...shift, norms: 'cached' });
            const doubled = await wasmStep(variant, storage, input, rows, { ...shift, norms: 'doubled' });
            expect(cached.G).toEqual(inStep.G);
            expect(Object.is(cached.loss, inStep.loss)).toBe(true);
            expect(doubled.G).not.toEqual(inStep.G);
          }
        });
      }
    }
  }
});
