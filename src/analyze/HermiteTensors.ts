// The Hermite tensors T_0 … T_degree of one quadrature rule's coefficients, in WASM memory:
// T_ℓ[i1…iℓ] = c_α with α_v = #{m : i_m = v} (docs/model.md §7; the order-ℓ symmetric tensor
// E[f*(z) He_ℓ(z)], which rotates as a tensor).
import type { Backend, BufferId } from '../wasm/backend.js';
import type { WasmLinalg } from './WasmLinalg.js';

/** Tensors T_0…T_degree of one rule, in WASM memory. */
export class HermiteTensors {
  readonly ids: BufferId[] = [];
  constructor(readonly b: Backend, linalg: WasmLinalg, c: Float64Array, readonly k: number, readonly degree: number) {
    const cId = b.fromF64(c);
    try {
      for (let l = 0; l <= degree; l++) {
        const id = b.alloc(8 * Math.max(2, k ** l));
        linalg.K.fullTensor(b.ptr(cId), degree, k, l, b.ptr(id));
        this.ids.push(id);
      }
    } finally {
      b.free(cId);
    }
  }
  free(): void {
    for (const id of this.ids.reverse()) this.b.free(id);
  }
}
