// The WASM boundary: only src/wasm and src/kernels touch WebAssembly memory (byte offsets,
// allocation, raw exports); every other layer holds buffer handles and calls the typed kernels
// of src/kernels/registry.ts. A scan of the source text, so a new raw call fails here with its
// file and line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const OWNERS = ['src/wasm/', 'src/kernels/'];
/** A call, with or without type arguments: `.fn(`, `.fn<F>(`. */
const RAW = /\.(ptr|alloc|fn)\s*[<(]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

describe('WASM boundary', () => {
  it('no .ptr, .alloc or .fn call outside src/wasm and src/kernels', () => {
    const found: string[] = [];
    for (const path of sources(SRC)) {
      const rel = relative(ROOT, path).split('\\').join('/');
      if (OWNERS.some((o) => rel.startsWith(o))) continue;
      readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
        if (RAW.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found, `raw WASM memory operations outside src/kernels:\n${found.join('\n')}`).toEqual([]);
  });

  it('the scan sees a raw call', () => {
    expect(RAW.test('const x = backend.ptr(id) + 8;')).toBe(true);
    expect(RAW.test("const f = b.fn<() => number>('simdEnabled');")).toBe(true);
    expect(RAW.test('K.analyzeContract(t, l, k, v, scratch)')).toBe(false);
  });
});
