// The resolved, structured-clonable description of one DMFT run (sent as-is to worker
// threads) and the storage layout of a chunk of samples (docs/dmft.md §7).
import type { CompiledProgram } from '../gaussian/uploadProgram.js';

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
  target: CompiledProgram;
  activation: CompiledProgram;
  derivative: CompiledProgram;
}

/** Stream tags of normalBlock ('DM' in the high half): z*, label noise, h̃⁰, then ζ^t. */
export const DMFT_STREAM = 0x444d0000;
export const STREAM_Z = DMFT_STREAM;
export const STREAM_NOISE = DMFT_STREAM + 1;
export const STREAM_H0 = DMFT_STREAM + 2;
export const streamZeta = (t: number): number => DMFT_STREAM + 3 + t;

/** Chunk size from S only (never from the thread count): at most 4096, at least 32 chunks when S allows. */
export function dmftChunkSize(S: number): number {
  return Math.max(4, Math.min(4096, Math.ceil(Math.ceil(S / 32) / 4) * 4));
}

/**
 * Float32 columns of one chunk block, each `chunk` long: h̃^t_j, e^t_j, g^t_j (t ≤ T), ζ^t_j
 * (t < T), z_r; then float64 columns y and f*(z).
 */
export class DmftLayout {
  readonly nCol32: number;
  readonly blockBytes: number;
  constructor(readonly p: number, readonly k: number, readonly T: number, readonly chunk: number) {
    this.nCol32 = 3 * (T + 1) * p + T * p + k;
    this.blockBytes = 4 * chunk * this.nCol32 + 16 * chunk;
  }
  private col(c: number): number {
    return 4 * this.chunk * c;
  }
  H(t: number, j: number): number {
    return this.col(t * this.p + j);
  }
  E(t: number, j: number): number {
    return this.col((this.T + 1) * this.p + t * this.p + j);
  }
  G(t: number, j: number): number {
    return this.col(2 * (this.T + 1) * this.p + t * this.p + j);
  }
  Zeta(t: number, j: number): number {
    return this.col(3 * (this.T + 1) * this.p + t * this.p + j);
  }
  Z(r: number): number {
    return this.col(3 * (this.T + 1) * this.p + this.T * this.p + r);
  }
  get Y(): number {
    return 4 * this.chunk * this.nCol32;
  }
  get FZ(): number {
    return this.Y + 8 * this.chunk;
  }
  /** Bytes per sample of stored history: 4(4T + 3)p + 4k + 16. */
  static bytesPerSample(p: number, k: number, T: number): number {
    return 4 * (3 * (T + 1) * p + T * p + k) + 16;
  }
}

/** Length of the per-chunk moment vector at step t (layout of dmftSolveStep). */
export function dmftSumsLength(p: number, k: number, t: number): number {
  return p * k + 3 * (t + 1) * p * p + 2;
}
