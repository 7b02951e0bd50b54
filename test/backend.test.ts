import { describe, expect, it } from 'vitest';
import { at, BufferScope, createBackend, createSharedBackend, loadBackend, withBuffers } from '../src/wasm/backend.js';
import { simdSupported } from '../src/wasm/simdSupported.js';

describe('backend (the WASM memory owner)', () => {
  it('picks SIMD when the engine has it and reports which build runs', async () => {
    const b = await loadBackend('auto');
    expect(simdSupported()).toBe(true); // Node 20 has fixed-width SIMD
    expect(b.variant).toBe('simd');
    expect((b.fn<() => number>('simdEnabled'))()).toBe(1);
    const s = await createBackend('scalar');
    expect(s.fn<() => number>('simdEnabled')()).toBe(0);
  });

  it('hands out 16-byte aligned, non-overlapping buffers and reuses freed space', async () => {
    const b = await createBackend('auto');
    const ids = [3, 17, 100, 1, 64].map((n) => b.alloc(n));
    const ranges = ids.map((id) => [b.ptr(id), b.ptr(id) + b.byteLength(id)] as const);
    for (const [lo] of ranges) expect(lo % 16).toBe(0);
    const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i][0]).toBeGreaterThanOrEqual(sorted[i - 1][1]);
    const p1 = b.ptr(ids[1]);
    b.free(ids[1]);
    const again = b.alloc(17);
    expect(b.ptr(again)).toBe(p1);
    for (const id of ids) b.free(id);
    b.free(again);
    expect(b.allocatedBytes).toBe(0);
  });

  it('keeps data across memory growth (views are rebuilt, not kept)', async () => {
    const b = await createBackend('auto');
    const a = b.fromF64([1, 2, 3]);
    const before = b.memoryBytes;
    const big = b.alloc(64 * 2 ** 20);
    expect(b.memoryBytes).toBeGreaterThan(before);
    expect(Array.from(b.f64(a, 3))).toEqual([1, 2, 3]);
    b.free(big);
    b.free(a);
  });

  it('refuses a run larger than 4 GiB before allocating', async () => {
    const b = await createBackend('auto');
    const before = b.memoryBytes;
    expect(() => b.assertFits(5 * 2 ** 30)).toThrow(/needs 5\.00 GiB/);
    expect(b.memoryBytes).toBe(before);
  });
});

describe('kernel registry', () => {
  it('lists exactly the functions each build exports, each with its declared parameter count', async () => {
    const { KERNELS, AUXILIARY_KERNELS, KERNEL_NAMES, AUXILIARY_KERNEL_NAMES, missingKernels } = await import('../src/kernels/registry.js');
    const { parameterKinds } = await import('../src/kernels/bindKernels.js');
    const table: Record<string, string> = { ...KERNELS, ...AUXILIARY_KERNELS };
    // The shared-memory builds (threads inside one run) come from the same source: same list.
    for (const [variant, shared] of [['simd', false], ['scalar', false], ['simd', true], ['scalar', true]] as const) {
      const b = await (shared ? createSharedBackend(variant) : createBackend(variant));
      expect(b.shared).toBe(shared);
      const exported = Object.entries(b.exports).filter(([, v]) => typeof v === 'function').map(([k]) => k).sort();
      expect(exported).toEqual([...KERNEL_NAMES, ...AUXILIARY_KERNEL_NAMES].sort());
      const arity = exported.filter((name) => (b.exports[name] as () => void).length !== parameterKinds(table[name]).length);
      expect(arity).toEqual([]);
      expect(missingKernels(b.exports)).toEqual([]);
      expect(missingKernels({ ...b.exports, gdStepF32Chunks: undefined })).toEqual(['gdStepF32Chunks']);
    }
  });

  it('typed kernels take buffer handles and slices, never offsets', async () => {
    const b = await createBackend('auto');
    const a = b.fromF64([1, 2, 3, 4]);
    const w = b.alloc(8 * 4);
    b.kernels.gaussEqualWeights(4, w);
    expect(Array.from(b.f64(w, 4))).toEqual([0.25, 0.25, 0.25, 0.25]);
    b.kernels.gaussEqualWeights(2, at(a, 2));
    expect(Array.from(b.f64(a, 4))).toEqual([1, 2, 0.5, 0.5]);
    expect(() => b.kernels.gaussEqualWeights(1, at(a, 5))).toThrow(/past the 32-byte buffer/);
    // A byte offset is not a handle: the type check (npm run typecheck) refuses it.
    // @ts-expect-error a number where a buffer handle goes
    expect(() => b.kernels.gaussEqualWeights(1, 16)).toThrow(/not allocated/);
    b.free(w);
    b.free(a);
  });
});

describe('buffer scopes', () => {
  it('free every buffer at the end, also when the body throws', async () => {
    const b = await createBackend('auto');
    const got = withBuffers(b, (s) => {
      const x = s.copyF64([1, 2]);
      s.zeros(100);
      s.release(s.buffer(24));
      return Array.from(b.f64(x, 2));
    });
    expect(got).toEqual([1, 2]);
    expect(b.allocatedBytes).toBe(0);
    expect(() => withBuffers(b, (s) => {
      s.buffer(64);
      throw new Error('boom');
    })).toThrow('boom');
    expect(b.allocatedBytes).toBe(0);
  });

  it('free owned objects with their buffers, last in first out, once', async () => {
    const b = await createBackend('auto');
    const order: string[] = [];
    const scope = new BufferScope(b);
    scope.own({ free: () => order.push('first') });
    scope.buffer(32);
    scope.own({ free: () => order.push('second') });
    scope.free();
    scope.free();
    expect(order).toEqual(['second', 'first']);
    expect(b.allocatedBytes).toBe(0);
  });
});
