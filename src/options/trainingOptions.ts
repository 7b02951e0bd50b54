// The training variants of docs/model.md §4 (off by default): the algorithm (plain, projected
// or spherical GD), a displaced gradient (SAM or extra-gradient, per batch or per sample), the
// loss, the learning-rate schedule and second-layer training. One validator per option; the
// engines and theories say which variants they cover in src/options/trainingSupport.ts.
import { OptionRangeError } from '../errors.js';
import { CONSTANT_LR, type LrSchedule } from '../schedules/LrSchedule.js';
import { parseLrSchedule } from '../schedules/parseLrSchedule.js';
import { checkOption } from './optionRanges.js';
import { enumOption } from './validators.js';

export type Algorithm = 'gd' | 'projected' | 'spherical';
export type Loss = 'square' | 'correlation' | 'exponential';

/** A displaced gradient: evaluated at displaced weights, applied at the current ones (docs/model.md §4). */
export interface Displacement {
  /** 'sam': W + ρ ∇L/‖∇L‖ (ascent, normalised); 'extragradient': W − ρ ∇L (look-ahead descent). */
  kind: 'sam' | 'extragradient';
  rho: number;
  /** 'batch': the batch gradient displaces W; 'sample': each sample's own gradient displaces the weights it sees. */
  scope: 'batch' | 'sample';
}

export interface TrainingOptions {
  /** 'gd' (default), 'projected' (rows renormalised to √d after each step) or 'spherical' (tangent gradient, then renormalised). */
  algorithm?: Algorithm;
  /** SAM radius ρ ≥ 0 (0 = plain gradient). */
  sam?: number;
  /** Extra-gradient (look-ahead) displacement ρ ≥ 0 (0 = plain gradient). */
  extragradient?: number;
  /** Where the displacement of `sam` / `extragradient` comes from: 'batch' (default) or 'sample'. */
  displacement?: 'batch' | 'sample';
  /** 'square' (default), 'correlation' (−y ŷ) or 'exponential' (docs/model.md §4). */
  loss?: Loss;
  /** Learning-rate schedule: 'constant' (default), 'step:0.5@100', 'inverse:1000', 'cosine', 'warmup:50', joined by '+', or an LrSchedule value. */
  lrSchedule?: LrSchedule | string;
  /** Second-layer learning rate η_a ≥ 0 (default 0: a fixed second layer). */
  secondLayerLr?: number;
  /** 'simultaneous' (default: a and W from the same W^t) or 'alternating' (a from W^{t+1}). */
  secondLayerUpdate?: 'simultaneous' | 'alternating';
  /** Two timescales: the second layer is updated every K-th step (default 1). */
  secondLayerEvery?: number;
}

export const TRAINING_OPTION_KEYS = [
  'algorithm', 'sam', 'extragradient', 'displacement', 'loss', 'lrSchedule', 'secondLayerLr', 'secondLayerUpdate', 'secondLayerEvery',
] as const;

export interface ResolvedTraining {
  algorithm: Algorithm;
  /** null: the plain gradient (no option given, or ρ = 0 — which is plain GD bit for bit). */
  displacement: Displacement | null;
  loss: Loss;
  lrSchedule: LrSchedule;
  secondLayerLr: number;
  secondLayerUpdate: 'simultaneous' | 'alternating';
  secondLayerEvery: number;
}

export const DEFAULT_TRAINING: ResolvedTraining = {
  algorithm: 'gd',
  displacement: null,
  loss: 'square',
  lrSchedule: CONSTANT_LR,
  secondLayerLr: 0,
  secondLayerUpdate: 'simultaneous',
  secondLayerEvery: 1,
};

export function resolveTraining(o: TrainingOptions): ResolvedTraining {
  const D = DEFAULT_TRAINING;
  const algorithm = o.algorithm === undefined ? D.algorithm : enumOption('algorithm', o.algorithm, ['gd', 'projected', 'spherical'] as const);
  const loss = o.loss === undefined ? D.loss : enumOption('loss', o.loss, ['square', 'correlation', 'exponential'] as const);
  const lrSchedule = o.lrSchedule === undefined ? D.lrSchedule : parseLrSchedule(o.lrSchedule);
  const secondLayerLr = o.secondLayerLr === undefined ? D.secondLayerLr : checkOption('secondLayerLr', o.secondLayerLr);
  const secondLayerUpdate = o.secondLayerUpdate === undefined ? D.secondLayerUpdate : enumOption('secondLayerUpdate', o.secondLayerUpdate, ['simultaneous', 'alternating'] as const);
  const secondLayerEvery = o.secondLayerEvery === undefined ? D.secondLayerEvery : checkOption('secondLayerEvery', o.secondLayerEvery);
  return { algorithm, displacement: displacementOf(o), loss, lrSchedule, secondLayerLr, secondLayerUpdate, secondLayerEvery };
}

function displacementOf(o: TrainingOptions): Displacement | null {
  const scope = o.displacement === undefined ? 'batch' : enumOption('displacement', o.displacement, ['batch', 'sample'] as const);
  const sam = o.sam === undefined ? undefined : checkOption('sam', o.sam);
  const eg = o.extragradient === undefined ? undefined : checkOption('extragradient', o.extragradient);
  if (sam !== undefined && eg !== undefined) throw new OptionRangeError('extragradient', 'left out when sam is given (one displacement at a time)', eg);
  if (sam === undefined && eg === undefined) {
    if (o.displacement !== undefined) throw new OptionRangeError('displacement', 'given only with sam or extragradient', o.displacement);
    return null;
  }
  const rho = (sam ?? eg) as number;
  // ρ = 0 is the plain gradient: resolved to it, so that it is plain GD bit for bit.
  return rho === 0 ? null : { kind: sam !== undefined ? 'sam' : 'extragradient', rho, scope };
}
