import type { Loss } from '../options/trainingOptions.js';

/** The codes of the losses in every kernel that takes one (assembly/lossResidual.ts). */
export const LOSS_CODE: Record<Loss, number> = { square: 0, correlation: 1, exponential: 2 };
