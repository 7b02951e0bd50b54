// The functions a user may call, with their argument counts.
import type { FunctionName } from './ast.js';

export const FUNCTION_ARITY: Readonly<Record<FunctionName, number>> = {
  tanh: 1,
  sign: 1,
  relu: 1,
  abs: 1,
  exp: 1,
  log: 1,
  sqrt: 1,
  erf: 1,
  sin: 1,
  cos: 1,
  step: 1,
  min: 2,
  max: 2,
};

/** Highest Hermite degree accepted (He0…He10). */
export const MAX_HERMITE_DEGREE = 10;

export function isFunctionName(name: string): name is FunctionName {
  return Object.prototype.hasOwnProperty.call(FUNCTION_ARITY, name);
}
