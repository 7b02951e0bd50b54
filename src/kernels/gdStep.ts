// Wrapper of the fused GD step (assembly/gdStep.ts): one pass over the rows of a batch, as a
// fixed list of row chunks (src/kernels/stepChunks.ts) whose float64 partial gradients and
// losses are summed in chunk order. The chunks run on the step threads of `pool`
// (src/kernels/stepPool.ts) or in this thread; the bits are the same either way.
import type { Backend, BufferId } from '../wasm/backend.js';
import type { ChunkJob } from './chunkJob.js';
import { displacementCode } from './displacementCode.js';
import { LOSS_CODE } from './lossCode.js';
import type { Loss } from '../options/trainingOptions.js';
import { MAX_CHUNKS, chunkRows, stepChunks } from './stepChunks.js';
import { runJob, type StepPool } from './stepPool.js';
import type { UploadedExpression } from './uploadExpression.js';

/** Scratch of a pass: chunk partials P and losses L, and per thread the block scratch and f32 accumulator. */
export interface GdStepScratch {
  /** MAX_CHUNKS float64 partials of p × ld. */
  P: BufferId;
  /** MAX_CHUNKS float64 chunk losses. */
  L: BufferId;
  /** MAX_CHUNKS × p float64 chunk sums of the second-layer gradient (read only when a pass asks for Ga). */
  Ga: BufferId;
  /** One `work` scratch (gdStepWorkBytes) per thread. */
  work: BufferId[];
  /** One f32 p × ld block accumulator per thread ('f32' only). */
  Gblk: BufferId[] | null;
  /** The claim counter and chunk table of a pass (CLAIMS_BYTES; assembly/gdStep.ts gdStepF32Chunks). */
  claims: BufferId;
}

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
  scratch: GdStepScratch;
  /** float64 p × ld gradient (written when accumulate). */
  G: BufferId;
  /** false: forward only (training error). */
  accumulate: boolean;
  /** Per-step settings written by writeStepConfig (loss, per-sample displacement); null: square loss, none. */
  cfg?: BufferId | null;
  /** float64 p: receives Σ_μ ℓ'_μ σ(u_μ) at the undisplaced weights (second-layer gradient sum); null: not computed. */
  Ga?: BufferId | null;
}

/** Bytes of the per-step settings block `cfg` of gdStep. */
export const STEP_CONFIG_BYTES = 32;

export interface StepConfig {
  loss: Loss;
  /** The per-sample displacement (docs/model.md §4), or null. */
  sample: { kind: 'sam' | 'extragradient'; rho: number } | null;
  /**
   * float64 ‖x‖² per stored row for the per-sample displacement: the step fills a row's entry
   * at its first use and reads it afterwards; clearRowNorms empties it whenever the rows are
   * drawn. null: computed at every step.
   */
  norms?: BufferId | null;
}


/** Writes the settings block read by the residual stage of assembly/gdStep.ts: [loss, displacement, ρ, norms]. */
export function writeStepConfig(b: Backend, cfg: BufferId, c: StepConfig): void {
  b.writeF64(cfg, [LOSS_CODE[c.loss], displacementCode(c.sample?.kind), c.sample ? c.sample.rho : 0, c.norms ? b.ptr(c.norms) : 0]);
}

/** Rows per block of the f32 kernel: ROWS in assembly/gdStep.ts (its export gdStepRows). */
export const GD_STEP_ROWS = 8;

/** Bytes of the `work` scratch for p neurons and the two activation programs (laid out by assembly/gdStep.ts). */
export function gdStepWorkBytes(b: Backend, p: number, act: UploadedExpression, dact: UploadedExpression): number {
  return b.kernels.gdStepWorkBytes(p, Math.max(act.maxStack, dact.maxStack));
}

/** Allocates the scratch of a pass with `alloc` (a run's scope). */
export function allocGdStepScratch(
  alloc: (bytes: number) => BufferId, storage: 'f32' | 'f64', p: number, ld: number, workBytes: number, threads: number,
): GdStepScratch {
  const per = Array.from({ length: threads }, () => 0);
  return {
    P: alloc(MAX_CHUNKS * p * ld * 8),
    L: alloc(MAX_CHUNKS * 8),
    Ga: alloc(MAX_CHUNKS * p * 8),
    work: per.map(() => alloc(workBytes)),
    Gblk: storage === 'f32' ? per.map(() => alloc(p * ld * 4)) : null,
    claims: alloc(CLAIMS_BYTES),
  };
}

/**
 * Returns ½·mean (ŷ − y)² over the rows at the current weights; G holds Σ g x when accumulate,
 * and s.Ga (when given) Σ ℓ'σ(u), each summed over the chunks in chunk order.
 */
export function gdStep(b: Backend, s: GdStepArgs, pool: StepPool | null = null): number {
  const chunks = stepChunks(s.nRows);
  // One chunk (small batches, online SGD): its partials are G and Ga themselves, sums of one term.
  const single = chunks.count === 1;
  const P0 = b.ptr(single ? s.G : s.scratch.P);
  const Ga0 = s.Ga ? b.ptr(single ? s.Ga : s.scratch.Ga) : 0;
  runGdStepJob(b, s, chunkTargets(s.nRows, 0, chunks.count, P0, Ga0, s.p, s.ld), pool);
  if (s.Ga && chunks.count === 0) b.f64(s.Ga, s.p).fill(0);
  else if (s.Ga && !single) gdReduce(b, s.scratch.Ga, chunks.count, s.p, s.Ga, null);
  return reducePass(b, { ...s, accumulate: s.accumulate && !single }, chunks.count, pool);
}

/**
 * The end of a pass whose chunk partials are in scratch.P and losses in scratch.L: G = Σ_c P_c
 * (when accumulating) and the training error ½·Σ_c L_c / nRows, both in chunk order.
 */
export function reducePass(b: Backend, s: Pick<GdStepArgs, 'scratch' | 'G' | 'p' | 'ld' | 'nRows' | 'accumulate'>, nChunks: number, pool: StepPool | null): number {
  if (s.accumulate && nChunks === 0) b.f64(s.G, s.p * s.ld).fill(0);
  else if (s.accumulate) gdReduce(b, s.scratch.P, nChunks, s.p * s.ld, s.G, pool);
  return b.kernels.gdReduceLoss(s.scratch.L, nChunks, s.nRows);
}

/** One chunk of a job: its rows [start, end) (of the row list, or of X) and the byte offsets of its partials (Ga: 0 = none). */
export interface ChunkTarget {
  rows: [number, number];
  P: number;
  Ga: number;
}

/**
 * The targets of chunks c0 … c1−1 of a pass over nRows rows (stepChunks), their rows less
 * rowOffset, their partials one after the other from the byte offsets P0 (p × ld float64 each)
 * and Ga0 (p float64 each; 0: none).
 */
export function chunkTargets(nRows: number, c0: number, c1: number, P0: number, Ga0: number, p: number, ld: number, rowOffset = 0): ChunkTarget[] {
  const chunks = stepChunks(nRows);
  return Array.from({ length: c1 - c0 }, (_, i) => {
    const [r0, r1] = chunkRows(chunks, nRows, c0 + i);
    return { rows: [r0 - rowOffset, r1 - rowOffset], P: P0 + i * p * ld * 8, Ga: Ga0 === 0 ? 0 : Ga0 + i * p * 8 };
  });
}

/** Bytes of the claims of a pass: the counter, the number of chunks, then four i32 per chunk (assembly/gdStep.ts). */
const CLAIMS_BYTES = 8 + MAX_CHUNKS * 16;

/**
 * Runs the chunks of a pass on the threads of `pool` (or here): their float64 partials into
 * their P (and Ga), their losses into scratch.L in chunk order. Every thread that takes part
 * runs gdStepF32Chunks or gdStepF64Chunks once, which claims the chunks from the table written
 * into scratch.claims until none is left.
 */
export function runGdStepJob(b: Backend, s: Omit<GdStepArgs, 'G' | 'nRows'>, list: ChunkTarget[], pool: StepPool | null): void {
  writeClaims(b, s.scratch.claims, list);
  runJob(b, gdStepJob(b, s, list.length), pool);
}

/** The claims of a pass: counter 0, the number of chunks, and per chunk its rows and the byte offsets of its P and Ga. */
function writeClaims(b: Backend, claims: BufferId, list: ChunkTarget[]): void {
  if (list.length > MAX_CHUNKS) throw new Error(`gdStep: ${list.length} chunks, at most ${MAX_CHUNKS}`);
  b.i32(claims, 2 + 4 * list.length).set([0, list.length, ...list.flatMap((c) => [c.rows[0], c.rows[1], c.P, c.Ga])]);
}

/**
 * One call per thread that takes part (the pool's chunks of this job are the calls, at most one
 * per thread; the kernel claims the pass's chunks itself): the f32 kernel takes each thread's
 * work scratch and Gblk, the f64 one its work scratch.
 */
function gdStepJob(b: Backend, s: Omit<GdStepArgs, 'G' | 'nRows'>, nChunks: number): ChunkJob {
  const f32 = s.storage === 'f32';
  const Gblk = s.scratch.Gblk;
  if (f32 && Gblk === null) throw new Error('gdStep: f32 storage needs the Gblk scratch');
  const args = [
    b.ptr(s.scratch.claims), b.ptr(s.scratch.L), b.ptr(s.X), s.ld, s.rows === null ? 0 : b.ptr(s.rows), b.ptr(s.y), b.ptr(s.W), s.p, b.ptr(s.a), s.d,
    b.ptr(s.act.codeId), s.act.codeLen, b.ptr(s.act.constsId),
    b.ptr(s.dact.codeId), s.dact.codeLen, b.ptr(s.dact.constsId),
    0, ...(f32 ? [0] : []), s.accumulate ? 1 : 0, s.cfg ? b.ptr(s.cfg) : 0,
  ];
  const calls = Math.min(nChunks, s.scratch.work.length);
  return {
    kernel: f32 ? 'gdStepF32Chunks' : 'gdStepF64Chunks',
    args,
    nChunks: calls,
    chunkPos: [],
    chunkValues: Array.from({ length: calls }, () => []),
    // work (and Gblk) of each thread, after the 16 arguments above.
    threadPos: f32 ? [16, 17] : [16],
    threadValues: s.scratch.work.map((w, t) => (f32 ? [b.ptr(w), b.ptr(Gblk![t])] : [b.ptr(w)])),
  };
}

/** Columns per range of the reduction (a multiple of 4: whole v128 pairs and 16-byte offsets). */
const REDUCE_COLUMNS = 8192;

/**
 * Partials below this many bytes are summed by this thread alone: waking the step threads for a
 * second job costs more than it saves (paper size, 1.3 MB of partials: 0.09 ms here against
 * 0.35–0.48 ms over 2 threads).
 */
export const REDUCE_ALONE_BYTES = 8 << 20;

/** G = Σ_c P_c in chunk order, by ranges of columns over the threads (or here, when small). */
export function gdReduce(b: Backend, P: BufferId, nChunks: number, count: number, G: BufferId, pool: StepPool | null): void {
  const alone = nChunks * count * 8 < REDUCE_ALONE_BYTES;
  const ranges = alone ? 1 : Math.min(MAX_CHUNKS, Math.max(1, Math.ceil(count / REDUCE_COLUMNS)));
  const width = Math.ceil(count / ranges / 4) * 4;
  const n = Math.ceil(count / width);
  runJob(b, {
    kernel: 'gdReduce',
    args: [b.ptr(P), count * 8, nChunks, 0, 0, b.ptr(G)],
    nChunks: n,
    chunkPos: [3, 4],
    chunkValues: Array.from({ length: n }, (_, c) => [c * width, Math.min(count, (c + 1) * width)]),
    threadPos: [],
    threadValues: [],
  }, pool);
}
