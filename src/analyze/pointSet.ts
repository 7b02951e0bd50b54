// Points (z, w, y = f*(z)) in WASM memory for the conditional moments of the multi-pass levels
// (docs/model.md §7): a product half-range Gauss rule (deterministic; symmetric under sign flips
// and permutations of the coordinates, so the zero conditional means of symmetric targets
// come out as exact zeros), or a seeded Monte-Carlo sample of standard normals
// (assembly/rng.ts normalBlock, stream ANALYZE_STREAM, one index per coordinate).
import { gaussHalfRange } from '../gaussian/gaussHalfRange.js';
import type { UploadedExpression } from '../kernels/uploadExpression.js';
import { at, BufferScope, type BufferId } from '../wasm/backend.js';
import type { WasmLinalg } from './WasmLinalg.js';

/** Stream key of the analyser's Monte-Carlo normals (apart from the simulator's). */
export const ANALYZE_STREAM = 0x414e4c5a;

export interface PointSet {
  method: 'quadrature' | 'monte-carlo';
  n: number;
  k: number;
  /** Nodes per axis (quadrature). */
  nodes?: number;
  z: BufferId;
  w: BufferId;
  y: BufferId;
  /** [Σ w y, Σ w y², #non-finite, max w y²] over the points. */
  acc: Float64Array;
  free(): void;
}

export function quadraturePoints(linalg: WasmLinalg, program: UploadedExpression, k: number, m: number): PointSet {
  const b = linalg.backend;
  const r = gaussHalfRange(b, m);
  const nodes = new Float64Array(k * m);
  const weights = new Float64Array(k * m);
  for (let v = 0; v < k; v++) {
    nodes.set(r.nodes, v * m);
    weights.set(r.weights, v * m);
  }
  const n = m ** k;
  const scope = new BufferScope(b);
  const z = scope.buffer(8 * k * n);
  const w = scope.buffer(8 * n);
  const ps = linalg.with([nodes, weights, new Array(k).fill(0)], [], (ids) => {
    b.writeI32(ids[2], new Array(k).fill(m));
    linalg.K.analyzeGridPoints(ids[0], ids[1], ids[2], k, n, z, w);
    return evaluate(linalg, program, k, n, scope, z, w);
  });
  return { method: 'quadrature', nodes: m, ...ps };
}

export function monteCarloPoints(linalg: WasmLinalg, program: UploadedExpression, k: number, n: number, seed: number): PointSet {
  const K = linalg.K;
  const scope = new BufferScope(linalg.backend);
  const z = scope.buffer(8 * k * n);
  const w = scope.buffer(8 * n);
  for (let v = 0; v < k; v++) K.normalBlock(seed >>> 0, ANALYZE_STREAM, v, n, at(z, v * n), 1);
  K.analyzeEqualWeights(w, n);
  return { method: 'monte-carlo', ...evaluate(linalg, program, k, n, scope, z, w) };
}

/** y = f*(z) at the points; the point set owns `scope` (z, w, then y). */
function evaluate(linalg: WasmLinalg, program: UploadedExpression, k: number, n: number, scope: BufferScope, z: BufferId, w: BufferId) {
  const y = scope.buffer(8 * n);
  const acc = linalg.with([], [4, Math.max(1, program.maxStack - 1) * Math.min(n, 512)], (ids) => {
    linalg.K.analyzeEvalPoints(program.codeId, program.codeLen, program.constsId, z, w, n, y, ids[1], ids[0]);
    return linalg.backend.readF64(ids[0], 4);
  });
  return { n, k, z, w, y, acc, free: () => scope.free() };
}
