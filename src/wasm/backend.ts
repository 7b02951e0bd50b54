// The one module that owns WebAssembly memory (the tfjs-backend-wasm model): it loads the
// SIMD or scalar build, carves 16-byte-aligned buffers out of linear memory above the
// module's static data, and hands out ids. Only src/kernels turns ids into byte offsets: the
// typed kernels of `backend.kernels` (declared once in src/kernels/registry.ts) take buffer
// handles, so higher layers never see a pointer. Views are rebuilt at every use because
// memory.grow detaches them.
import { MemoryLimitError, OptionTypeError } from '../errors.js';
import { bindKernels, type Kernels } from '../kernels/bindKernels.js';
import { missingKernels } from '../kernels/registry.js';
import { simdSupported } from './simdSupported.js';
import { getWasmSource, type Variant, type WasmSource } from './wasmSource.js';

export type { Variant } from './wasmSource.js';
export type VariantRequest = Variant | 'auto';

/** WebAssembly memory32 limit (65536 pages of 64 KiB) in Node 20 and Chromium. */
export const MAX_WASM_BYTES = 2 ** 32;
const PAGE = 65536;
const ALIGN = 16;

declare const bufferBrand: unique symbol;
/** An opaque handle on a WASM buffer (not an offset: only src/kernels turns it into one). */
export type BufferId = number & { readonly [bufferBrand]: true };

/** A place inside a buffer, for kernels that work on part of one (a step's block, a column). */
export interface BufferSlice {
  readonly buffer: BufferId;
  readonly byteOffset: number;
}

/** The float64 element `index` of `buffer`, as a kernel argument. */
export function at(buffer: BufferId, index: number): BufferSlice {
  return { buffer, byteOffset: 8 * index };
}

interface Block {
  offset: number;
  bytes: number;
}

export class Backend {
  readonly variant: Variant;
  readonly exports: Record<string, unknown>;
  readonly memory: WebAssembly.Memory;
  private readonly base: number;
  private readonly live = new Map<BufferId, Block>();
  /** Free blocks sorted by offset; adjacent blocks are merged on free. */
  private freeList: Block[] = [];
  private top: number;
  private nextId = 1;
  private bound: Kernels | null = null;
  /** The compiled shared-memory build, for worker threads to instantiate over the same memory; null otherwise. */
  readonly module: WebAssembly.Module | null;

  /** Whether the memory is a shared WebAssembly.Memory (the build of src/kernels/stepPool.ts's threads). */
  get shared(): boolean {
    return this.module !== null;
  }

  constructor(variant: Variant, instance: WebAssembly.Instance, shared?: { module: WebAssembly.Module; memory: WebAssembly.Memory }) {
    this.variant = variant;
    this.exports = instance.exports as Record<string, unknown>;
    this.memory = shared?.memory ?? (instance.exports.memory as WebAssembly.Memory);
    this.module = shared?.module ?? null;
    const missing = missingKernels(this.exports);
    if (missing.length > 0) {
      throw new Error(`WASM build '${variant}' lacks kernels ${missing.join(', ')}: it is stale or partial; run 'npm run build'`);
    }
    this.base = (this.exports.heapBase as () => number)() >>> 0;
    this.top = this.base;
  }

  /** The typed kernels of this instance (one table, built on first use). */
  get kernels(): Kernels {
    return (this.bound ??= bindKernels(this));
  }

  /** Bytes currently handed out. */
  get allocatedBytes(): number {
    let s = 0;
    for (const b of this.live.values()) s += b.bytes;
    return s;
  }

  /** Linear memory size in bytes (never shrinks). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Throws MemoryLimitError (naming `option`, with `advice`) when `bytes` more could never fit, before anything is allocated. */
  assertFits(bytes: number, option = 'd', advice?: string): void {
    const reusable = this.freeList.reduce((s, b) => s + b.bytes, 0);
    const need = this.top + Math.max(0, bytes - reusable);
    if (need > MAX_WASM_BYTES) throw new MemoryLimitError(option, bytes, MAX_WASM_BYTES - this.base, advice);
  }

  alloc(bytes: number): BufferId {
    if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`alloc: invalid size ${bytes}`);
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let offset = -1;
    for (let i = 0; i < this.freeList.length; i++) {
      const b = this.freeList[i];
      if (b.bytes >= size) {
        offset = b.offset;
        if (b.bytes === size) this.freeList.splice(i, 1);
        else this.freeList[i] = { offset: b.offset + size, bytes: b.bytes - size };
        break;
      }
    }
    if (offset < 0) {
      const end = this.top + size;
      if (end > MAX_WASM_BYTES) throw new MemoryLimitError('d', size, MAX_WASM_BYTES - this.base);
      const have = this.memory.buffer.byteLength;
      if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
      offset = this.top;
      this.top = end;
    }
    const id = this.nextId++ as BufferId;
    this.live.set(id, { offset, bytes: size });
    return id;
  }

  /** Allocates and zero-fills. */
  calloc(bytes: number): BufferId {
    const id = this.alloc(bytes);
    const b = this.block(id);
    new Uint8Array(this.memory.buffer, b.offset, b.bytes).fill(0);
    return id;
  }

  free(id: BufferId): void {
    const b = this.live.get(id);
    if (!b) return;
    this.live.delete(id);
    if (b.offset + b.bytes === this.top) {
      this.top = b.offset;
      // A freed block now touching the top is given back to the bump region too.
      for (let last = this.freeList[this.freeList.length - 1]; last && last.offset + last.bytes === this.top; last = this.freeList[this.freeList.length - 1]) {
        this.top = last.offset;
        this.freeList.pop();
      }
      return;
    }
    let i = 0;
    while (i < this.freeList.length && this.freeList[i].offset < b.offset) i++;
    this.freeList.splice(i, 0, { ...b });
    const next = this.freeList[i + 1];
    if (next && b.offset + b.bytes === next.offset) {
      this.freeList[i].bytes += next.bytes;
      this.freeList.splice(i + 1, 1);
    }
    const prev = this.freeList[i - 1];
    if (prev && prev.offset + prev.bytes === this.freeList[i].offset) {
      prev.bytes += this.freeList[i].bytes;
      this.freeList.splice(i, 1);
    }
  }

  /** Byte offset of a buffer in linear memory (what kernels receive). */
  ptr(id: BufferId): number {
    return this.block(id).offset;
  }

  byteLength(id: BufferId): number {
    return this.block(id).bytes;
  }

  /** Fresh views: valid until the next call into WASM or the next alloc. */
  f64(id: BufferId, length?: number): Float64Array {
    const b = this.block(id);
    return new Float64Array(this.memory.buffer, b.offset, length ?? b.bytes / 8);
  }

  f32(id: BufferId, length?: number): Float32Array {
    const b = this.block(id);
    return new Float32Array(this.memory.buffer, b.offset, length ?? b.bytes / 4);
  }

  i32(id: BufferId, length?: number): Int32Array {
    const b = this.block(id);
    return new Int32Array(this.memory.buffer, b.offset, length ?? b.bytes / 4);
  }

  /** Copies `data` into the buffer (from its start). */
  writeF64(id: BufferId, data: ArrayLike<number>): void {
    this.f64(id, data.length).set(data);
  }

  writeF32(id: BufferId, data: ArrayLike<number>): void {
    this.f32(id, data.length).set(data);
  }

  writeI32(id: BufferId, data: ArrayLike<number>): void {
    this.i32(id, data.length).set(data);
  }

  /** A copy that the caller may keep. */
  readF64(id: BufferId, length?: number): Float64Array {
    return this.f64(id, length).slice();
  }

  readF32(id: BufferId, length?: number): Float32Array {
    return this.f32(id, length).slice();
  }

  /** Allocates, copies `data` in, returns the id. */
  fromF64(data: ArrayLike<number>): BufferId {
    const id = this.alloc(data.length * 8);
    this.writeF64(id, data);
    return id;
  }

  fromI32(data: ArrayLike<number>): BufferId {
    const id = this.alloc(data.length * 4);
    this.writeI32(id, data);
    return id;
  }

  /** Frees every buffer (used between runs and after errors). */
  freeAll(): void {
    this.live.clear();
    this.freeList = [];
    this.top = this.base;
  }

  /** A kernel export by name; throws if the build lacks it. */
  fn<F extends (...args: never[]) => unknown>(name: string): F {
    const f = this.exports[name];
    if (typeof f !== 'function') throw new Error(`WASM build '${this.variant}' has no kernel '${name}'`);
    return f as F;
  }

  private block(id: BufferId): Block {
    const b = this.live.get(id);
    if (!b) throw new Error(`WASM buffer ${id} is not allocated`);
    return b;
  }
}

/** Something a scope frees with its buffers (an uploaded program, a Gaussian rule, a plan). */
export interface Freeable {
  free(): void;
}

/**
 * Buffers that live together and are freed together (in reverse order of allocation, with the
 * objects handed to `own`): a run allocates its buffers up front in one scope, never inside hot
 * loops, and frees the scope at the end, even on throw. Sizes are in bytes; `free` may be
 * called more than once.
 */
export class BufferScope {
  private held: (BufferId | Freeable)[] = [];
  constructor(readonly backend: Backend) {}

  /** An uninitialised buffer of `bytes` bytes. */
  buffer(bytes: number): BufferId {
    return this.keep(this.backend.alloc(bytes));
  }

  /** A zero-filled buffer of `bytes` bytes. */
  zeros(bytes: number): BufferId {
    return this.keep(this.backend.calloc(bytes));
  }

  /** A buffer holding a copy of `data` as float64. */
  copyF64(data: ArrayLike<number>): BufferId {
    return this.keep(this.backend.fromF64(data));
  }

  /** A buffer holding a copy of `data` as int32. */
  copyI32(data: ArrayLike<number>): BufferId {
    return this.keep(this.backend.fromI32(data));
  }

  /** Frees `resource` with the scope (in the same reverse order); returns it. */
  own<T extends Freeable>(resource: T): T {
    this.held.push(resource);
    return resource;
  }

  /** Frees one buffer of the scope before the others. */
  release(id: BufferId): void {
    const i = this.held.lastIndexOf(id);
    if (i < 0) return;
    this.held.splice(i, 1);
    this.backend.free(id);
  }

  /** Frees every buffer and owned object of the scope. */
  free(): void {
    for (const x of this.held.splice(0).reverse()) {
      if (typeof x === 'number') this.backend.free(x);
      else x.free();
    }
  }

  private keep(id: BufferId): BufferId {
    this.held.push(id);
    return id;
  }
}

/** Runs `body` with a fresh scope, freed afterwards even on error. */
export function withBuffers<T>(backend: Backend, body: (scope: BufferScope) => T): T {
  const scope = new BufferScope(backend);
  try {
    return body(scope);
  } finally {
    scope.free();
  }
}

const cache = new Map<Variant, Promise<Backend>>();

export function resolveVariant(request: VariantRequest = 'auto'): Variant {
  if (request === 'auto') return simdSupported() ? 'simd' : 'scalar';
  if (request !== 'simd' && request !== 'scalar') {
    throw new OptionTypeError('backend', `must be 'auto', 'simd' or 'scalar' (got '${String(request)}')`);
  }
  if (request === 'simd' && !simdSupported()) {
    throw new OptionTypeError('backend', "'simd' requested but this engine has no WebAssembly SIMD");
  }
  return request;
}

const imports = {
  env: {
    abort(_msg: number, _file: number, line: number, column: number) {
      throw new Error(`WASM abort at ${line}:${column}`);
    },
    seed() {
      // Only reached if a kernel asked AssemblyScript's Math.random, which none may.
      throw new Error('WASM kernels must not use global randomness');
    },
  },
};

/** Compiled modules per WASM source (setWasmSource with another source compiles anew), keyed by variant and sharing. */
const modules = new WeakMap<WasmSource, Map<string, Promise<WebAssembly.Module>>>();

/**
 * The compiled module of a variant, compiled once per thread and shared by every instance:
 * a WebAssembly.Module can also be posted to worker threads, which then instantiate it
 * without compiling the bytes again.
 */
export function compiledModule(request: VariantRequest = 'auto', shared = false): Promise<WebAssembly.Module> {
  const variant = resolveVariant(request);
  const source = getWasmSource();
  let bySource = modules.get(source);
  if (!bySource) modules.set(source, (bySource = new Map()));
  const key = shared ? `${variant}-shared` : variant;
  let m = bySource.get(key);
  if (!m) {
    m = source(variant, shared).then((bytes) => WebAssembly.compile(bytes as BufferSource));
    bySource.set(key, m);
    m.catch(() => bySource.delete(key));
  }
  return m;
}

/** Pages the shared memory starts with (the builds' initialMemory in asconfig.json). */
const SHARED_INITIAL_PAGES = 16;

/** Whether this engine can share WASM memory between threads (cross-origin isolated in browsers). */
export function sharedMemorySupported(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

/**
 * A fresh backend of the shared-memory build (--enable threads, imported shared memory of
 * up to 4 GiB): the same source as the unshared build, hence the same arithmetic; worker
 * threads instantiate `module` over `memory` (src/kernels/stepPool.ts).
 */
export async function createSharedBackend(request: VariantRequest = 'auto'): Promise<Backend> {
  const variant = resolveVariant(request);
  const module = await compiledModule(variant, true);
  const memory = new WebAssembly.Memory({ initial: SHARED_INITIAL_PAGES, maximum: MAX_WASM_BYTES / PAGE, shared: true });
  const instance = await WebAssembly.instantiate(module, sharedImports(memory));
  return new Backend(variant, instance, { module, memory });
}

/** The imports of the shared-memory build: the usual ones plus the memory. */
export function sharedImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return { env: { ...imports.env, memory } };
}

/** A new instance (own linear memory, own kernel table) of an already compiled module. */
export async function instantiateBackend(variant: Variant, module: WebAssembly.Module): Promise<Backend> {
  return new Backend(variant, await WebAssembly.instantiate(module, imports));
}

/** A fresh, uncached backend (own memory, for large runs and isolation in tests); the compiled module is shared. */
export async function createBackend(request: VariantRequest = 'auto'): Promise<Backend> {
  const variant = resolveVariant(request);
  return instantiateBackend(variant, await compiledModule(variant));
}

/**
 * Loads (once per variant) and returns the shared backend. 'auto' picks SIMD when the
 * engine validates a v128 probe, else the scalar build.
 */
export function loadBackend(request: VariantRequest = 'auto'): Promise<Backend> {
  const variant = resolveVariant(request);
  let p = cache.get(variant);
  if (!p) {
    p = createBackend(variant);
    cache.set(variant, p);
    p.catch(() => cache.delete(variant));
  }
  return p;
}
