// Wrapper of the fused GD step (assembly/gdStep.ts): one pass over the rows of a batch.
import type { Backend, BufferId } from '../wasm/backend.js';
import type { UploadedExpression } from './uploadExpression.js';

export interface GdStepArgs {
  storage: 'f32' | 'f64';
  /** Stored rows (f32 or f64, stride ld). */
  X: BufferId;
  ld: number;
  /** Row list (i32) or null for rows 0 … nRows−1. */
  rows: BufferId | null;
  nRows: number;
  /** float64 label per stored row. */
  y: BufferId;
  /** Weights the dot products read: the f32 copy for 'f32', the float64 W for 'f64'. */
  W: BufferId;
  p: number;
  a: BufferId;
  d: number;
  act: UploadedExpression;
  dact: UploadedExpression;
  /** Scratch of gdStepWorkBytes bytes. */
  work: BufferId;
  /** float64 p × ld gradient accumulator. */
  G: BufferId;
  /** f32 p × ld block accumulator ('f32' only). */
  Gblk: BufferId | null;
  /** false: forward only (training error). */
  accumulate: boolean;
  /** Per-step settings written by writeStepConfig (loss, per-sample displacement); null: square loss, none. */
  cfg?: BufferId | null;
  /** float64 p: receives Σ_μ ℓ'_μ σ(u_μ) at the undisplaced weights (second-layer gradient sum); null: not computed. */
  Ga?: BufferId | null;
}

/** Bytes of the per-step settings block `cfg` of gdStep. */
export const STEP_CONFIG_BYTES = 24;

export interface StepConfig {
  loss: 'square' | 'correlation' | 'exponential';
  /** The per-sample displacement (docs/model.md §4), or null. */
  sample: { kind: 'sam' | 'extragradient'; rho: number } | null;
}

const LOSS_CODE = { square: 0, correlation: 1, exponential: 2 } as const;
const SHIFT_CODE = { sam: 1, extragradient: 2 } as const;

/** Writes the settings block read by the residual stage of assembly/gdStep.ts: [loss, displacement, ρ]. */
export function writeStepConfig(b: Backend, cfg: BufferId, c: StepConfig): void {
  b.writeF64(cfg, [LOSS_CODE[c.loss], c.sample ? SHIFT_CODE[c.sample.kind] : 0, c.sample ? c.sample.rho : 0]);
}

type F32Kernel = (...args: number[]) => number;

/** Rows per block of the f32 kernel: ROWS in assembly/gdStep.ts (its export gdStepRows). */
export const GD_STEP_ROWS = 8;

/**
 * Bytes of the `work` scratch for p neurons and the two activation programs: for a block of
 * GD_STEP_ROWS rows, u, σ(u), σ'(u) and the evaluation stack in float64, the coefficients (16 bytes each).
 */
export function gdStepWorkBytes(p: number, act: UploadedExpression, dact: UploadedExpression): number {
  const block = GD_STEP_ROWS * p;
  return 8 * block * (3 + Math.max(act.maxStack, dact.maxStack, 1)) + 16 * block;
}

/** Returns ½·mean (ŷ − y)² over the rows at the current weights. */
export function gdStep(b: Backend, s: GdStepArgs): number {
  const rows = s.rows === null ? 0 : b.ptr(s.rows);
  const common = [
    b.ptr(s.X), s.ld, rows, s.nRows, b.ptr(s.y), b.ptr(s.W), s.p, b.ptr(s.a), s.d,
    b.ptr(s.act.codeId), s.act.codeLen, b.ptr(s.act.constsId),
    b.ptr(s.dact.codeId), s.dact.codeLen, b.ptr(s.dact.constsId),
    b.ptr(s.work), b.ptr(s.G),
  ];
  const tail = [s.cfg ? b.ptr(s.cfg) : 0, s.Ga ? b.ptr(s.Ga) : 0];
  if (s.storage === 'f32') {
    if (s.Gblk === null) throw new Error('gdStep: f32 storage needs the Gblk scratch');
    return b.fn<F32Kernel>('gdStepF32')(...common, b.ptr(s.Gblk), s.accumulate ? 1 : 0, ...tail);
  }
  return b.fn<F32Kernel>('gdStepF64')(...common, s.accumulate ? 1 : 0, ...tail);
}
