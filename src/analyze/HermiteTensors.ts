// The Hermite tensors T_0 … T_degree of one quadrature rule's coefficients, in WASM memory:
// T_ℓ[i1…iℓ] = c_α with α_v = #{m : i_m = v} (docs/model.md §7; the order-ℓ symmetric tensor
// E[f*(z) He_ℓ(z)], which rotates as a tensor).
import { BufferScope, type Backend, type BufferId } from '../wasm/backend.js';
import type { WasmLinalg } from './WasmLinalg.js';

/** Tensors T_0…T_degree of one rule, in WASM memory. */
export class HermiteTensors {
  readonly ids: BufferId[] = [];
  private readonly scope: BufferScope;
  constructor(b: Backend, linalg: WasmLinalg, c: Float64Array, readonly k: number, readonly degree: number) {
    this.scope = new BufferScope(b);
    try {
      linalg.with([c], [], ([cId]) => {
        for (let l = 0; l <= degree; l++) {
          const id = this.scope.buffer(8 * Math.max(2, k ** l));
          linalg.K.analyzeFullTensor(cId, degree, k, l, id);
          this.ids.push(id);
        }
      });
    } catch (e) {
      this.scope.free();
      throw e;
    }
  }
  free(): void {
    this.scope.free();
  }
}
