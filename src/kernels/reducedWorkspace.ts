// Typed handle on the reduced engine's kernels (assembly/reducedStep.ts, docs/model.md §8): one
// WASM workspace per run, sized and laid out by the kernel itself; callers never see a pointer.
import type { Backend, BufferId } from '../wasm/backend.js';
import type { ResolvedTraining } from '../options/trainingOptions.js';
import { withBuffers } from '../wasm/backend.js';
import { LOSS_CODE } from './lossCode.js';
import { ALGORITHM_CODE } from './algorithmCode.js';
import { displacementCode } from './displacementCode.js';
import { lrScheduleRecords } from './lrFactors.js';
import type { UploadedExpression } from './uploadExpression.js';
import { reducedKeepsGram } from '../options/reducedKeepsGram.js';

export interface ReducedSetup {
  n: number;
  p: number;
  k: number;
  /** Uses of each batch: 1 single-pass, R ≥ 2 resample:R (the n×n Gram is kept). */
  R: number;
  seed: number;
  d: number;
  lr: number;
  weightDecay: number;
  labelNoise: number;
  /** Second-layer weights buffer (p float64). */
  a: BufferId;
  target: UploadedExpression;
  act: UploadedExpression;
  dact: UploadedExpression;
  /** The training variants (docs/model.md §4); a displacement keeps the batch's n×n Gram. */
  training: ResolvedTraining;
  /** Steps of the run (the cosine schedule's horizon). */
  steps: number;
}

export type ReducedInit = { kind: 'orthogonal' } | { kind: 'random' } | { kind: 'm0'; m0: BufferId };

export interface ReducedState {
  M: Float64Array;
  Q: Float64Array;
  trainStart: number;
  trainEnd: number;
  /** The step at which (M, Q) became NaN/∞, or −1. */
  divergedAt: number;
  /** Second-layer weights (p). */
  a: Float64Array;
}

// The kernels' signatures (assembly/reducedStep.ts); pointers are byte offsets from Backend.ptr.
type WorkBytesKernel = (n: number, p: number, k: number, R: number, maxStack: number, d: number, disp: number, nf: number) => number;
type SetupKernel = (
  ws: number, n: number, p: number, k: number, R: number, seed: number, d: number, lr: number, decay: number, noise: number, a: number,
  tgt: number, tgtLen: number, tgtConsts: number, act: number, actLen: number, actConsts: number,
  dact: number, dactLen: number, dactConsts: number, maxStack: number, vars: number,
) => void;
type InitStateKernel = (ws: number, kind: number, m0: number) => void;
type RunKernel = (ws: number, t0: number, t1: number, flags: number) => number;
type ReadKernel = (ws: number, out: number) => void;

export class ReducedWorkspace {
  private readonly b: Backend;
  private readonly ws: BufferId;
  private readonly out: BufferId;
  private readonly p: number;
  private readonly k: number;

  constructor(b: Backend, s: ReducedSetup) {
    this.b = b;
    this.p = s.p;
    this.k = s.k;
    const maxStack = Math.max(s.target.maxStack, s.act.maxStack, s.dact.maxStack, 1);
    const vars = variantRecord(s.training, s.steps);
    const disp = vars[1];
    const gram = reducedKeepsGram(s.R, disp !== 0);
    // An upper bound in doubles first: the kernel's own size is 32-bit arithmetic, exact only
    // for sizes that fit WASM memory.
    // Single-pass batches of n > 32 with d ≥ k + 2p are streamed in chunks of 256 samples
    // (assembly/reducedStep.ts): their buffers do not grow with n.
    const cols = !gram && s.n > 32 && s.d >= s.k + 2 * s.p ? Math.min(s.n, 256) : s.n;
    const perSample = 2 * (s.p + s.k + 1) + 9 * s.p + 1 + (gram ? s.n : 0);
    // + the small-n block of 512 samples' normals, fields and labels and its two 1024-value streams.
    b.assertFits(8 * cols * perSample + 8 * 512 * (maxStack + s.p + 2 * s.k + 2) + (1 << 16) + (1 << 15), 'n');
    const bytes = reducedWorkBytes(b, s.n, s.p, s.k, s.R, maxStack, s.d, disp, s.training.lrSchedule.factors.length);
    this.ws = b.alloc(bytes);
    try {
      this.out = b.alloc((s.p * s.k + s.p * s.p + 3 + s.p) * 8);
    } catch (e) {
      b.free(this.ws);
      throw e;
    }
    withBuffers(b, (scope) => {
      const v = scope.copyF64(vars);
      b.fn<SetupKernel>('reducedSetup')(
        b.ptr(this.ws), s.n, s.p, s.k, s.R, s.seed, s.d, s.lr, s.weightDecay, s.labelNoise, b.ptr(s.a),
        b.ptr(s.target.codeId), s.target.codeLen, b.ptr(s.target.constsId),
        b.ptr(s.act.codeId), s.act.codeLen, b.ptr(s.act.constsId),
        b.ptr(s.dact.codeId), s.dact.codeLen, b.ptr(s.dact.constsId), maxStack, b.ptr(v),
      );
    });
  }

  /** The initial (M, Q) of docs/model.md §2 (exact finite-d law for 'random'). */
  init(init: ReducedInit): void {
    const kind = init.kind === 'orthogonal' ? 0 : init.kind === 'm0' ? 1 : 2;
    this.b.fn<InitStateKernel>('reducedInitState')(this.b.ptr(this.ws), kind, init.kind === 'm0' ? this.b.ptr(init.m0) : 0);
  }

  /**
   * Updates t0 → t1 inside WASM. trainStart: also the training error of W^{t0} on the batch of
   * step t0; trainEnd: that of W^{t1} on the batch of step t1 − 1. False if (M, Q) diverged.
   */
  run(t0: number, t1: number, flags: { trainStart?: boolean; trainEnd?: boolean } = {}): boolean {
    const f = (flags.trainStart ? 1 : 0) | (flags.trainEnd ? 2 : 0);
    return this.b.fn<RunKernel>('reducedRun')(this.b.ptr(this.ws), t0, t1, f) === 1;
  }

  read(): ReducedState {
    const { p, k } = this;
    this.b.fn<ReadKernel>('reducedRead')(this.b.ptr(this.ws), this.b.ptr(this.out));
    const v = this.b.readF64(this.out, p * k + p * p + 3 + p);
    const o = p * k + p * p;
    return { M: v.slice(0, p * k), Q: v.slice(p * k, o), trainStart: v[o], trainEnd: v[o + 1], divergedAt: v[o + 2], a: v.slice(o + 3, o + 3 + p) };
  }

  free(): void {
    this.b.free(this.out);
    this.b.free(this.ws);
  }
}

/**
 * Bytes of the workspace (checked against WASM memory before anything is allocated); the kernel
 * itself decides from R and disp whether the n×n Gram is kept, as reducedSetup does.
 */
export function reducedWorkBytes(b: Backend, n: number, p: number, k: number, R: number, maxStack: number, d: number, disp: number, nf: number): number {
  return b.fn<WorkBytesKernel>('reducedWorkBytes')(n, p, k, R, maxStack, d, disp, nf);
}

/** The variant record of reducedSetup (assembly/reducedStep.ts): exact codes and parameters, no arithmetic. */
function variantRecord(t: ResolvedTraining, steps: number): number[] {
  const algo = ALGORITHM_CODE[t.algorithm];
  const disp = displacementCode(t.displacement?.kind);
  const scope = t.displacement?.scope === 'sample' ? 1 : 0;
  return [
    algo, disp, scope, t.displacement?.rho ?? 0, LOSS_CODE[t.loss],
    t.secondLayerLr, t.secondLayerUpdate === 'alternating' ? 1 : 0, t.secondLayerEvery,
    steps, t.lrSchedule.factors.length, ...lrScheduleRecords(t.lrSchedule),
  ];
}
