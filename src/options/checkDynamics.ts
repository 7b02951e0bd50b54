// The options of the gradient-descent dynamics (docs/model.md §1) that the simulation and the
// DMFT both take, checked in one place against their ranges (src/options/optionRanges.ts).
import { checkOption, checkWeightDecay } from './optionRanges.js';

export interface Dynamics {
  p: number;
  lr: number;
  weightDecay: number;
  labelNoise: number;
  steps: number;
  seed: number;
}

export function checkDynamics(o: Record<keyof Dynamics, unknown>): Dynamics {
  const p = checkOption('p', o.p);
  const lr = checkOption('lr', o.lr);
  const weightDecay = checkOption('weightDecay', o.weightDecay);
  checkWeightDecay(lr, weightDecay);
  return { p, lr, weightDecay, labelNoise: checkOption('labelNoise', o.labelNoise), steps: checkOption('steps', o.steps), seed: checkOption('seed', o.seed) };
}
