// The resolved, structured-clonable description of one DMFT run (sent as-is to worker
// threads) and the storage layout of a chunk of samples (docs/dmft.md §7).
import type { CompiledExpression } from '../expr/compileExpression.js';

export interface DmftPlan {
  p: number;
  k: number;
  /** Number of GD steps T (observables at t = 0 … T). */
  T: number;
  /** Monte Carlo samples S. */
  S: number;
  /** Samples per chunk (a multiple of 4); chunk c holds samples c·chunk … min(S, (c+1)·chunk) − 1. */
  chunk: number;
  nChunks: number;
  seed: number;
  labelNoise: number;
  /** Second layer (length p), computed in WASM. */
  a: Float64Array;
  target: CompiledExpression;
  activation: CompiledExpression;
  derivative: CompiledExpression;
  /** σ is relu(u) (σ′ = step(u)): σ and σ′ are computed inside the gradient kernel (dmftGradientRelu, same bits as the evaluator). */
  reluFast: boolean;
  /** ℓ' of the loss (docs/model.md §4), code of assembly/lossResidual.ts (0 square, 1 correlation, 2 exponential). */
  loss: number;
  /** A trained second layer (η_a > 0): the chunks also sum ℓ'σ(u) and read a^t from the field coefficients. */
  secondLayer: boolean;
  /** Per-sample displacement of the gradient (docs/model.md §6): kind 0 none, else its code (src/kernels/displacementCode.ts); radius rho. */
  displacement: { kind: number; rho: number };
}

/**
 * normalBlock stream of one column of normals ('D' in the top byte): kind 0 = z*_r, 1 = label
 * noise, 2 = the normals of h̃⁰_j, 3 = ζ^t_j (docs/dmft.md D14); the index is the chunk.
 */
export const DMFT_STREAM = 0x44000000;
export const STREAM_Z = 0;
export const STREAM_NOISE = 1;
export const STREAM_H0 = 2;
export const STREAM_ZETA = 3;
export function dmftStream(kind: number, t: number, column: number): number {
  return DMFT_STREAM + kind * 2 ** 20 + t * 2 ** 10 + column;
}

/** Chunk size from S only (never from the thread count): at most 4096, at least 32 chunks when S allows. */
export function dmftChunkSize(S: number): number {
  return Math.max(4, Math.min(4096, Math.ceil(Math.ceil(S / 32) / 4) * 4));
}

/**
 * Float32 columns of one chunk block (docs/dmft.md §7): the normals ξ_c, c < (T+1)p (ν_j at
 * c = j, ζ^s_j at c = (s+1)p + j), the gradients g^t_j (t ≤ T) and z_r; then float64 columns y
 * and f*(z). The cavity field and the echo are not stored: they are linear in ξ and in the
 * past g (h̃^t = A^t ξ, e^t = R^t g), recomputed at each step. Without label noise y = f*(z)
 * is stored once. Columns are `chunk` + 16 floats
 * apart: a stride of a multiple of 4 KiB would put every column in the same L1 cache set.
 */
export class DmftLayout {
  readonly nCol32: number;
  readonly blockBytes: number;
  /** noisyLabels = false: y = f*(z), one float64 column serves as both. */
  constructor(readonly p: number, readonly k: number, readonly T: number, readonly chunk: number, readonly noisyLabels = true) {
    this.nCol32 = 2 * (T + 1) * p + k;
    this.colBytes = 4 * chunk + 64;
    this.blockBytes = this.colBytes * this.nCol32 + (noisyLabels ? 2 : 1) * (8 * chunk + 32) + 32;
  }
  /** Byte distance between float32 columns. */
  readonly colBytes: number;
  /** Element distance between float64 scratch columns (u, σ, σ′), also padded by 64 bytes. */
  static f64Stride(chunk: number): number {
    return chunk + 8;
  }
  private col(c: number): number {
    return this.colBytes * c;
  }
  /** Normal ξ_c of the basis. */
  Xi(c: number): number {
    return this.col(c);
  }
  G(t: number, j: number): number {
    return this.col((this.T + 1) * this.p + t * this.p + j);
  }
  Z(r: number): number {
    return this.col(2 * (this.T + 1) * this.p + r);
  }
  get Y(): number {
    return this.colBytes * this.nCol32;
  }
  get FZ(): number {
    return this.noisyLabels ? this.Y + 8 * this.chunk + 32 : this.Y;
  }
  /** Bytes per sample of stored history: 4(2(T + 1)p + k) + 8, plus 8 with label noise. */
  static bytesPerSample(p: number, k: number, T: number, noisyLabels = false): number {
    return 4 * (2 * (T + 1) * p + k) + (noisyLabels ? 16 : 8);
  }
}

/** Length of the per-chunk moment vector at step t (layouts of dmftBasisMoments and dmftSolveStep; the last p are Σ ℓ'σ(u_j)). */
export function dmftSumsLength(p: number, k: number, t: number): number {
  return p * k + 3 * (t + 1) * p * p + 2 + p;
}
