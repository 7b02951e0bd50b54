import type { Algorithm } from '../options/trainingOptions.js';

// The codes of the training algorithms in the kernels that take one (assembly/reducedStep.ts,
// assembly/stateEvolution.ts).
export const ALGORITHM_CODE: Record<Algorithm, number> = { gd: 0, projected: 1, spherical: 2 };
