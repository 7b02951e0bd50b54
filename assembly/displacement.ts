// The codes of the displacements (docs/model.md §4), the same in every kernel that takes one:
// the engines' steps (gdStep, trainStep, reducedStep) and the theories' (gaussColumns, dmft).
// src/kernels/displacementCode.ts writes them.
export const DISPLACE_NONE: i32 = 0;
export const DISPLACE_SAM: i32 = 1;
export const DISPLACE_EXTRAGRADIENT: i32 = 2;
