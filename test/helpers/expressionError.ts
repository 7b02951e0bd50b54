// Runs `f`, asserts that it throws an ExpressionError and returns it (for its message and position).
import { expect } from 'vitest';
import { ExpressionError } from '../../src/errors.js';

export function expressionError(f: () => unknown): ExpressionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error('expected an ExpressionError');
}
