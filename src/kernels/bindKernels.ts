// Builds, from the one kernel table (src/kernels/registry.ts), the typed kernel object of a
// backend instance. Its pointer arguments take buffer handles (a BufferId, or a BufferSlice
// from `at`), turned into byte offsets here, at the call: higher layers never see a pointer.
// The types are read off the declared signature strings, so a kernel is declared exactly once.
import type { Backend, BufferId, BufferSlice } from '../wasm/backend.js';
import { AUXILIARY_KERNELS, KERNELS } from './registry.js';

/** What a `ptr` argument of a typed kernel accepts. */
export type BufferRef = BufferId | BufferSlice;

type Table = typeof KERNELS & typeof AUXILIARY_KERNELS;
type ParamList<S> = S extends `(${infer P}) => ${string}` ? P : never;
type ReturnKind<S> = S extends `(${string}) => ${infer R}` ? R : never;
type Split<S extends string> = S extends '' ? [] : S extends `${infer H}, ${infer T}` ? [H, ...Split<T>] : [S];
type KindOf<A> = A extends `${string}: ${infer K}` ? K : never;
type ArgType<K, Ptr> = K extends 'ptr' ? Ptr : K extends 'ptr?' ? Ptr | null : K extends 'i64' | 'u64' ? bigint : number;
type Args<T extends readonly string[], Ptr> = { [I in keyof T]: ArgType<KindOf<T[I]>, Ptr> };
type Ret<K> = K extends 'void' ? void : K extends 'i64' | 'u64' ? bigint : number;

/** The function type of a declared signature, with `Ptr` standing for pointer arguments. */
export type KernelFn<S extends string, Ptr = BufferRef> = (...args: Args<Split<ParamList<S>>, Ptr>) => Ret<ReturnKind<S>>;

/** Every kernel of a backend instance, pointer arguments as buffer handles. */
export type Kernels = { readonly [N in keyof Table]: KernelFn<Table[N]> };

/** The same kernels with raw byte offsets (for src/kernels code that addresses inside a buffer block). */
export type RawKernels = { readonly [N in keyof Table]: KernelFn<Table[N], number> };

/** Argument kinds of a declared signature, in order. */
export function parameterKinds(signature: string): string[] {
  const list = /^\((.*)\) => \w+$/.exec(signature)?.[1];
  if (list === undefined) throw new Error(`malformed kernel signature '${signature}'`);
  return list === '' ? [] : list.split(', ').map((p) => p.slice(p.indexOf(': ') + 2));
}

/** The typed kernels of `backend` (every declared kernel the build exports). */
export function bindKernels(backend: Backend): Kernels {
  const out: Record<string, unknown> = {};
  for (const [name, signature] of Object.entries({ ...KERNELS, ...AUXILIARY_KERNELS })) {
    const f = backend.exports[name];
    if (typeof f !== 'function') continue;
    const kinds = parameterKinds(signature);
    const refs = kinds.flatMap((k, i) => (k === 'ptr' || k === 'ptr?' ? [i] : []));
    out[name] = refs.length === 0 ? f : (...args: unknown[]) => {
      for (const i of refs) args[i] = address(backend, args[i] as BufferRef | null);
      return (f as (...a: unknown[]) => unknown)(...args);
    };
  }
  return out as Kernels;
}

/** The raw exports, typed by the same table. */
export function rawKernels(backend: Backend): RawKernels {
  return backend.exports as unknown as RawKernels;
}

function address(backend: Backend, ref: BufferRef | null): number {
  if (ref === null) return 0;
  if (typeof ref === 'number') return backend.ptr(ref);
  if (ref.byteOffset > backend.byteLength(ref.buffer)) {
    throw new RangeError(`byte offset ${ref.byteOffset} is past the ${backend.byteLength(ref.buffer)}-byte buffer ${ref.buffer}`);
  }
  return backend.ptr(ref.buffer) + ref.byteOffset;
}
