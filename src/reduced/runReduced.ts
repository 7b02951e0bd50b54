// The reduced engine behind simulate({ engine: 'reduced' }) (docs/model.md §8): one seeded
// trajectory of single-pass GD, online SGD or resample:R, exact in distribution at finite d
// and never forming a d-vector. The step loop runs inside WASM between recorded steps; JS only
// chooses where to stop and reads (M, Q) there. Observables reuse the explicit engine's code.
import { DivergenceError, OptionRangeError } from '../errors.js';
import { compileExpression } from '../expr/index.js';
import { PopulationErrorPlan } from '../gaussian/populationError.js';
import { ReducedWorkspace, type ReducedInit } from '../kernels/reducedWorkspace.js';
import { freshBatchPeriod } from '../options/engineOption.js';
import type { ResolvedSimulateOptions } from '../options/resolveSimulateOptions.js';
import type { Trajectory } from '../results/Trajectory.js';
import { drawSecondLayer } from '../simulation/drawSecondLayer.js';
import { resolvedConfig } from '../simulation/resolvedConfig.js';
import type { RunHooks } from '../simulation/runTrajectory.js';
import { runScope } from '../simulation/runScope.js';
import { rows, stepProjections } from '../simulation/stepProjections.js';
import type { Backend, BufferId } from '../wasm/backend.js';

/** Longest stretch of steps run by one WASM call (progress is reported between calls). */
const CHUNK = 1 << 16;

/** Runs one trajectory; DivergenceError (steps before it in `.partial`) if (M, Q) becomes NaN/∞. */
export function runReduced(b: Backend, r: ResolvedSimulateOptions, hooks: RunHooks = {}): Trajectory {
  const { d, n, p, k, steps: T, seed } = r;
  const R = freshBatchPeriod(r.schedule);
  if (R === null) throw new OptionRangeError('engine', `'explicit' for schedule '${r.schedule.name}'`, 'reduced');
  const scope = runScope(b);
  const { alloc, upload, own } = scope;
  try {
    const targetProgram = compileExpression(r.target.ast, k);
    const target = upload(targetProgram);
    const act = upload(compileExpression(r.activation.ast, 1));
    const dact = upload(compileExpression(r.activation.derivative, 1));
    const a = alloc(p * 8);
    drawSecondLayer(b, r, a, alloc);
    const aValues = b.readF64(a, p);

    const ws = own(new ReducedWorkspace(b, {
      n, p, k, R, seed, d, lr: hooks.lrOverride ?? r.lr, weightDecay: r.weightDecay, labelNoise: r.labelNoise, a, target, act, dact,
      training: r.training, steps: T,
    }));
    ws.init(initOf(b, r, alloc));

    const popErr = r.testError
      ? new PopulationErrorPlan(b, { p, k, target: targetProgram, activation: compileExpression(r.activation.ast, 1), labelNoise: r.labelNoise, rule: { coarse: false } })
      : null;
    if (popErr) own(popErr);

    const recorded = r.record.steps;
    const isRecorded = new Set(recorded);
    const Ms: Float64Array[] = [];
    const Qs: Float64Array[] = [];
    const testError: number[] = [];
    const trainError: number[] = [];
    const kept: number[] = [];
    const trained = r.training.secondLayerLr > 0;
    const as: number[][] = [];
    const observe = (t: number, train: number, s = ws.read()) => {
      Ms.push(s.M);
      Qs.push(s.Q);
      trainError.push(train);
      testError.push(popErr ? popErr.evaluate(s.M, s.Q, trained ? s.a : aValues).value : NaN);
      if (trained) as.push(Array.from(s.a));
      kept.push(t);
    };

    // t = 0: W⁰ on the first batch (as the explicit engine). With T ≥ 1 its training error comes
    // with the first run (a streamed batch is then drawn once for both), and is observed after it.
    const initial = recorded[0] === 0 ? ws.read() : null;
    if (initial && T === 0) {
      ws.run(0, 0, { trainStart: true });
      observe(0, ws.read().trainStart, initial);
    }
    // Step 1 is always reached (when T ≥ 1): its M fixes the projection direction u₁. The run
    // goes on to T even when T is not recorded, so that a divergence is reported as by the
    // explicit engine.
    const stops = [...new Set([...(T >= 1 ? [1, T] : []), ...recorded.filter((t) => t > 0)])].sort((x, y) => x - y);
    let M1: Float64Array | null = null;
    let t = 0;
    let divergedAt: number | undefined;
    for (const stop of stops) {
      while (t < stop) {
        const next = Math.min(stop, t + CHUNK);
        const ok = ws.run(t, next, { trainStart: t === 0 && initial !== null, trainEnd: next === stop && isRecorded.has(stop) });
        if (t === 0 && initial) observe(0, ws.read().trainStart, initial);
        if (!ok) {
          divergedAt = ws.read().divergedAt;
          break;
        }
        t = next;
        hooks.onStep?.(t, T);
      }
      if (divergedAt !== undefined) break;
      if (stop === 1) M1 = ws.read().M;
      if (isRecorded.has(stop)) observe(stop, ws.read().trainEnd);
    }

    const proj = stepProjections(b, Ms, Qs, p, k, M1 ? M1.subarray(0, k) : undefined);
    const trajectory: Trajectory = {
      config: { ...resolvedConfig(r), a: Array.from(aValues) },
      backend: b.variant,
      steps: kept,
      M: Ms.map((m) => rows(m, p, k)),
      Q: Qs.map((q) => rows(q, p, p)),
      testError,
      trainError,
      ...proj,
      ...(trained ? { a: as } : {}),
    };
    if (divergedAt !== undefined) {
      trajectory.divergedAt = divergedAt;
      throw new DivergenceError(divergedAt, trajectory);
    }
    return trajectory;
  } finally {
    scope.free();
  }
}

function initOf(b: Backend, r: ResolvedSimulateOptions, alloc: (bytes: number) => BufferId): ReducedInit {
  if (r.init === 'orthogonal') return { kind: 'orthogonal' };
  if (r.init === 'random') return { kind: 'random' };
  const m0 = alloc(r.p * r.k * 8);
  b.writeF64(m0, r.init.m0.flat());
  return { kind: 'm0', m0 };
}
