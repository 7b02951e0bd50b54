// The simulation engine behind simulate(): one seeded trajectory of GD on a two-layer network
// (docs/model.md §1–4). All buffers are allocated up front (memoryPlan) and freed at the end;
// every floating-point number is produced by a WASM kernel; JS only does bookkeeping.
import { DivergenceError, NonFiniteExpressionError, OptionRangeError } from '../errors.js';
import { compileExpression } from '../expr/index.js';
import { infiniteMoment } from '../gaussian/infiniteMoment.js';
import { PopulationErrorPlan } from '../gaussian/populationError.js';
import { combineRows } from '../kernels/combineRows.js';
import { firstNonFinite } from '../kernels/firstNonFinite.js';
import { allocGdStepScratch, gdStep, gdStepWorkBytes } from '../kernels/gdStep.js';
import type { ShardPool } from '../kernels/shardPool.js';
import type { StepPool } from '../kernels/stepPool.js';
import { normalBlock } from '../kernels/normalBlock.js';
import { orthonormalRows } from '../kernels/orthonormalRows.js';
import { overlaps } from '../kernels/overlaps.js';
import { drawSecondLayer } from './drawSecondLayer.js';
import { clearRowNorms } from '../kernels/clearRowNorms.js';
import { loadBatch } from '../kernels/loadBatch.js';
import { toF32 } from '../kernels/toF32.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import { nonFiniteReasons, type Reasons } from '../results/nonFiniteReasons.js';
import type { Trajectory } from '../results/Trajectory.js';
import type { StepData } from '../schedules/Schedule.js';
import { shuffle } from '../schedules/shuffle.js';
import { BufferScope, type Backend, type BufferId } from '../wasm/backend.js';
import { memoryAdvice } from '../options/memoryAdvice.js';
import { memoryPlan } from './memoryPlan.js';
import { resolvedConfig } from './resolvedConfig.js';
import { runScope } from './runScope.js';
import { rows, stepProjections } from './stepProjections.js';
import { trainBuffers, trainStep, type Pass } from './trainStep.js';
import { STREAM_LABEL_NOISE, STREAM_STUDENT, STREAM_TEACHER } from './streams.js';

/** Why a run stopped at step 1 when no learning rate is to blame. */
export const GRADIENT_OVERFLOW = 'the gradient at the initial weights is not finite: the labels or activations on this batch exceed the floating-point range, whatever the learning rate';

export interface RunHooks {
  /** Called after each completed step t (1 … T) with T. */
  onStep?: (t: number, total: number) => void;
  /** Test-only: the learning rate actually used (simulate() requires lr > 0; invariant tests use 0). */
  lrOverride?: number;
  /** The step threads of the run (src/kernels/stepThreads.ts) over `b`'s shared memory; none: one thread. */
  pool?: StepPool | null;
  /** Shards holding the rows of a batch too large for one memory (src/kernels/shardPool.ts); none: the rows are here. */
  shards?: ShardPool | null;
}

/**
 * Runs one trajectory. Throws DivergenceError (with the steps computed before it in
 * `.partial`) if the weights become NaN or infinite, NonFiniteExpressionError (likewise) if
 * the labels of a batch are not finite.
 */
export function runTrajectory(b: Backend, r: ResolvedSimulateOptions, hooks: RunHooks = {}): Trajectory {
  const { d, n, p, k, steps: T, storage, seed } = r;
  const lr = hooks.lrOverride ?? r.lr;
  const targetProgram = compileExpression(r.target.ast, k);
  const pool = hooks.pool ?? null;
  const threads = pool?.threads ?? 1;
  const plan = memoryPlan(r, targetProgram.maxStack, threads);
  const { ld, storedRows, stepRows } = plan;
  const shards = hooks.shards ?? null;
  b.assertFits(plan.totalBytes - (shards ? plan.rowsBytes : 0), r.sizeOption, memoryAdvice(r));
  // Rows held here: all of them, or none when shards hold them.
  const localRows = shards ? 1 : storedRows;

  const scope = runScope(b);
  const { alloc, upload } = scope;
  let popErr: PopulationErrorPlan | null = null;
  try {
    const target = upload(targetProgram);
    const act = upload(compileExpression(r.activation.ast, 1));
    const dact = upload(compileExpression(r.activation.derivative, 1));
    const f32 = storage === 'f32';
    const esz = f32 ? 4 : 8;

    // Up-front allocation: nothing is allocated inside the step loop.
    const X = alloc(localRows * ld * esz);
    const y = alloc(localRows * 8);
    const Z = alloc(localRows * k * 8);
    const tstack = alloc(localRows * Math.max(1, targetProgram.maxStack) * 8);
    const xi = r.labelNoise > 0 ? alloc(localRows * 8) : null;
    const T64 = alloc(k * ld * 8);
    const Tf = f32 ? alloc(k * ld * 4) : null;
    const W = alloc(p * ld * 8);
    const Wf = f32 ? alloc(p * ld * 4) : null;
    const G = alloc(p * ld * 8);
    const scratch = allocGdStepScratch(alloc, storage, p, ld, gdStepWorkBytes(b, p, act, dact), threads);
    const rowScratch = alloc(ld * 8);
    const a = alloc(p * 8);
    const rowsBuf = alloc(Math.max(1, stepRows) * 4);
    const Mbuf = alloc(p * k * 8);
    const Qbuf = alloc(p * p * 8);
    const train = trainBuffers(b, r, lr, ld, alloc);

    // Teacher W* (k×d, rows orthogonal of norm √d) and student (docs/model.md §1–2).
    const gaussianRows = (dst: BufferId, rows: number, stream: number) => {
      b.f64(rowScratch, ld).fill(0);
      for (let i = 0; i < rows; i++) {
        normalBlock(b, rowScratch, { seed, stream, index: i, count: d, precision: 'f64' });
        b.f64(dst, rows * ld).set(b.f64(rowScratch, ld), i * ld);
      }
    };
    gaussianRows(T64, k, STREAM_TEACHER);
    if (!orthonormalRows(b, T64, k, null, 0, ld, d)) throw new OptionRangeError('d', `larger than k = ${k}`, d);
    gaussianRows(W, p, STREAM_STUDENT);
    if (r.init !== 'random') {
      if (!orthonormalRows(b, W, p, T64, k, ld, d)) throw new OptionRangeError('d', `at least k + p = ${k + p}`, d);
      if (typeof r.init === 'object') {
        const O = alloc(p * ld * 8);
        b.f64(O, p * ld).set(b.f64(W, p * ld));
        const m0 = alloc(p * k * 8);
        b.writeF64(m0, r.init.m0.flat());
        if (!combineRows(b, W, p, m0, T64, k, O, ld)) throw new OptionRangeError('init.m0', 'rows of norm < 1', r.init.m0);
      }
    }
    if (Tf) toF32(b, T64, Tf, k * ld);
    if (Wf) toF32(b, W, Wf, p * ld);
    drawSecondLayer(b, r, a, alloc);
    shards?.setup(b, seed, T64, a);

    // The test error of every step (docs/model.md §3) in the (p+k)-dimensional Gaussian from
    // (M, Q), never with a d-dimensional test set; rule, programs and buffers set up once.
    const aValues = b.readF64(a, p);
    // A trained second layer (docs/model.md §4) is recorded with every step, and the test error uses its current value.
    const trainedA = r.training.secondLayerLr > 0;
    const activationProgram = compileExpression(r.activation.ast, 1);
    // An infinite second moment makes the test error +∞ at every step: reported as such, with
    // the reason, rather than as the finite number a quadrature would return.
    const infinite = r.testError
      ? infiniteMoment(b, { target: targetProgram, targetSource: r.target.source, k, activation: activationProgram, activationSource: r.activation.source })
      : undefined;
    popErr = r.testError && infinite === undefined
      ? new PopulationErrorPlan(b, { p, k, target: targetProgram, activation: activationProgram, labelNoise: r.labelNoise, rule: { coarse: false } })
      : null;
    const known: Reasons = {
      testError: r.testError ? infinite?.reason : 'not computed (testError: false)',
    };

    const Ms: Float64Array[] = [];
    const Qs: Float64Array[] = [];
    const As: number[][] = [];
    const testError: number[] = [];
    const trainError: number[] = [];
    const observe = () => {
      overlaps(b, W, p, T64, k, ld, d, Mbuf, Qbuf);
      const M = b.readF64(Mbuf, p * k);
      const Q = b.readF64(Qbuf, p * p);
      const aNow = trainedA ? b.readF64(a, p) : aValues;
      Ms.push(M);
      Qs.push(Q);
      if (trainedA) As.push(Array.from(aNow));
      testError.push(popErr ? popErr.evaluate(M, Q, aNow).value : infinite !== undefined ? Infinity : NaN);
    };

    let loaded = -1;
    /** Row of the loaded batch whose label f*(z) is not finite (tested in WASM), or −1. */
    let badRow = -1;
    let shardFault = null as { row: number; point: number[]; value: number } | null;
    const load = (batch: number) => {
      if (batch === loaded) return;
      if (shards) {
        shardFault = shards.load(batch);
        badRow = shardFault?.row ?? -1;
        loaded = batch;
        return;
      }
      badRow = loadBatch(b, { X, y, Z, tstack, xi }, {
        seed, batch, rowStart: 0, rowCount: storedRows, d, ld, storage, T: Tf ?? T64, k, target,
        labelNoise: r.labelNoise, noiseStream: STREAM_LABEL_NOISE,
      });
      if (train.norms) clearRowNorms(b, train.norms, storedRows);
      loaded = batch;
    };
    const pass: Pass = (data, accumulate, o = {}) => {
      load(data.batch);
      if (shards) {
        if (data.rows) throw new Error('a sharded run needs a schedule of whole passes (no row lists)');
        return shards.pass(b, W, scratch, G, accumulate);
      }
      if (data.rows) b.writeI32(rowsBuf, data.rows);
      return gdStep(b, {
        storage, X, ld, rows: data.rows ? rowsBuf : null, nRows: data.rows ? data.rows.length : storedRows, y,
        W: o.weights ?? Wf ?? W, p, a, d, act, dact, scratch, G, accumulate, cfg: train.cfg, Ga: o.Ga ?? null,
      }, pool);
    };
    const update = trainStep(b, r, { W, Wf, G, a, ld, storedRows }, train, pass, lr);
    const perm = new Map<number, Int32Array>();
    const shuffleFn = (epoch: number, size: number) => {
      let s = perm.get(epoch);
      if (!s) {
        perm.clear(); // only the current epoch is ever needed again
        s = shuffle(seed, epoch, size);
        perm.set(epoch, s);
      }
      return s;
    };

    observe();
    let prev: StepData | null = null;
    let divergedAt: number | undefined;
    let labelFault: { step: number; point: number[]; value: number } | undefined;
    let gradientOverflow = false;
    for (let t = 0; t < T; t++) {
      const data = r.schedule.step(t, n, shuffleFn);
      const same = prev !== null && prev.batch === data.batch && sameRows(prev.rows, data.rows);
      // Training error of W^t on the batch that produced it, taken before
      // that batch is replaced.
      if (prev !== null && !same) trainError.push(pass(prev, false));
      load(data.batch);
      if (badRow >= 0) {
        labelFault = shardFault
          ? { step: t + 1, point: shardFault.point, value: shardFault.value }
          : { step: t + 1, point: readColumn(b, Z, k, storedRows, badRow), value: b.f64(y, storedRows)[badRow] };
        break;
      }
      const { loss, finite } = update(t, data);
      if (prev === null || same) trainError.push(loss);
      prev = data;
      if (!finite) {
        divergedAt = t + 1;
        // The gradient itself not finite at W⁰ (step 1) is no learning-rate problem: the
        // labels or activations exceed the arithmetic's range (f32 sums: 3.4e38).
        if (t === 0 && firstNonFinite(b, G, p * ld) >= 0) gradientOverflow = true;
        break;
      }
      observe();
      hooks.onStep?.(t + 1, T);
    }
    if (labelFault) {
      // W^t was never trained on finite labels when the very first batch is at fault.
      if (trainError.length < Ms.length) trainError.push(NaN);
      known.trainError = `not finite: the labels f*(z) of the batch are not finite (${r.target.source} at z = (${labelFault.point.join(', ')}))`;
    } else if (divergedAt === undefined) trainError.push(pass(prev ?? r.schedule.step(0, n, shuffleFn), false));

    const trajectory = buildTrajectory(b, r, Ms, Qs, testError, trainError, aValues, trainedA ? As : null, known);
    if (labelFault) {
      throw new NonFiniteExpressionError('target', r.target.source, 'f*(z)', labelFault.point, labelFault.value, { step: labelFault.step, partial: trajectory });
    }
    if (divergedAt !== undefined) {
      trajectory.divergedAt = divergedAt;
      if (gradientOverflow) {
        trajectory.divergenceCause = GRADIENT_OVERFLOW;
        throw new DivergenceError(divergedAt, trajectory, GRADIENT_OVERFLOW, storage === 'f32' ? 'try storage f64' : 'use a target and activation of smaller values');
      }
      throw new DivergenceError(divergedAt, trajectory);
    }
    return trajectory;
  } finally {
    popErr?.free();
    scope.free();
  }
}

function sameRows(x: Int32Array | null, y: Int32Array | null): boolean {
  if (x === null || y === null) return x === y;
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Observables of every step, projections on the step-1 direction included (docs/model.md §3). */
function buildTrajectory(
  b: Backend, r: ResolvedSimulateOptions, Ms: Float64Array[], Qs: Float64Array[], testError: number[],
  trainError: number[], a0: Float64Array, As: number[][] | null, known: Reasons,
): Trajectory {
  const { p, k } = r;
  const proj = stepProjections(b, Ms, Qs, p, k);
  const fields = {
    M: Ms.map((m) => rows(m, p, k)),
    Q: Qs.map((q) => rows(q, p, p)),
    testError,
    trainError: trainError.slice(0, Ms.length),
    cosine: proj.cosine,
    overlap: proj.overlap,
    orthogonalOverlap: proj.orthogonalOverlap,
  };
  const reasons = nonFiniteReasons(fields, known);
  return {
    config: { ...resolvedConfig(r), a: Array.from(a0) },
    backend: b.variant,
    steps: Ms.map((_, t) => t),
    ...proj,
    ...fields,
    // Recorded only after finite updates: always finite, no reason to give.
    ...(As ? { a: As } : {}),
    ...(Object.keys(reasons).length > 0 ? { reasons } : {}),
  };
}

/** Column `row` of the column-major k × nRows buffer Z: the point z of that row. */
function readColumn(b: Backend, Z: BufferId, k: number, nRows: number, row: number): number[] {
  // A view, not a copy of all k × nRows values (valid until the next call into WASM).
  const all = b.f64(Z, k * nRows);
  return Array.from({ length: k }, (_, v) => all[v * nRows + row]);
}
