// Targets and activations for the Gaussian kernels: expression strings (parsed and compiled
// here, src/expr) or programs already compiled by src/expr/compileExpression.ts.
import { OptionTypeError } from '../errors.js';
import { compileExpression } from '../expr/compileExpression.js';
import { parseActivation } from '../expr/parseActivation.js';
import { parseTarget } from '../expr/parseTarget.js';
import type { CompiledExpression } from '../expr/compileExpression.js';

/** An activation σ with its derivative σ' (g = (ŷ − y) a ⊙ σ'(u), docs/model.md §1). */
export interface ActivationPrograms {
  value: CompiledExpression;
  derivative: CompiledExpression;
}

const isProgram = (x: unknown): x is CompiledExpression =>
  typeof x === 'object' && x !== null && (x as CompiledExpression).code instanceof Int32Array && (x as CompiledExpression).consts instanceof Float64Array;

/** A target in z1…zk (k from M's columns): a string such as 'tanh(z1 + He3(z2))' or 'paper-2'. */
export function resolveTarget(target: string | CompiledExpression, k: number): CompiledExpression {
  if (typeof target === 'string') return compileExpression(parseTarget(target, { k }).ast, k);
  if (isProgram(target)) return target;
  throw new OptionTypeError('target', 'must be an expression string or a compiled program');
}

/** An activation: a string such as 'relu' or 'tanh(u)', or { value, derivative } programs. */
export function resolveActivation(activation: string | ActivationPrograms): ActivationPrograms {
  if (typeof activation === 'string') {
    const parsed = parseActivation(activation);
    return { value: compileExpression(parsed.ast, 1), derivative: compileExpression(parsed.derivative, 1) };
  }
  if (activation && isProgram(activation.value) && isProgram(activation.derivative)) return activation;
  throw new OptionTypeError('activation', "must be an expression string in u (or a name such as 'relu') or { value, derivative } programs");
}
