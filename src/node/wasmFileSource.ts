// Node reads the WASM bytes from the package's build/ folder instead of fetching them.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { wasmUrl, type WasmSource } from '../wasm/wasmSource.js';

export const wasmFileSource: WasmSource = async (variant, shared = false) => {
  const path = fileURLToPath(wasmUrl(variant, shared));
  try {
    return await readFile(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: run 'npm run build' (${(e as Error).message})`);
  }
};
