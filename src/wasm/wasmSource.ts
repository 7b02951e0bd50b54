// Where the WASM bytes come from. Browsers fetch them next to the package's build/ folder;
// the Node entry (src/node/index.ts) replaces this with a file read.
export type Variant = 'simd' | 'scalar';
export type WasmSource = (variant: Variant) => Promise<ArrayBuffer | Uint8Array>;

export function wasmUrl(variant: Variant): URL {
  return new URL(`../../build/multipass.${variant}.wasm`, import.meta.url);
}

const fetchSource: WasmSource = async (variant) => {
  const url = wasmUrl(variant);
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
