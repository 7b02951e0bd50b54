// Where the WASM bytes come from. Browsers fetch them next to the package's build/ folder;
// the Node entry (src/node/index.ts) replaces this with a file read.
export type Variant = 'simd' | 'scalar';
/** The bytes of a build; `shared`: the shared-memory build (threads inside one run). */
export type WasmSource = (variant: Variant, shared?: boolean) => Promise<ArrayBuffer | Uint8Array>;

// Two literal URLs, not one template: bundlers (Vite, webpack, Rollup, esbuild) copy an asset
// and rewrite `new URL('…', import.meta.url)` only when the first argument is a plain string;
// Vite's dependency optimizer turns a template literal into `undefined` in the dev server.
export function wasmUrl(variant: Variant, shared = false): URL {
  if (shared) {
    return variant === 'simd'
      ? new URL('../../build/multipass.simd-shared.wasm', import.meta.url)
      : new URL('../../build/multipass.scalar-shared.wasm', import.meta.url);
  }
  return variant === 'simd'
    ? new URL('../../build/multipass.simd.wasm', import.meta.url)
    : new URL('../../build/multipass.scalar.wasm', import.meta.url);
}

const fetchSource: WasmSource = async (variant, shared = false) => {
  const url = wasmUrl(variant, shared);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${url.href}: HTTP ${response.status}`);
  return response.arrayBuffer();
};

let current: WasmSource = fetchSource;

export function setWasmSource(source: WasmSource): void {
  current = source;
}

export function getWasmSource(): WasmSource {
  return current;
}
