// The operands of an expression node, left to right: what every traversal of src/expr visits.
import type { Ast } from './ast.js';

export function operands(a: Ast): readonly Ast[] {
  switch (a.type) {
    case 'num':
    case 'var':
      return [];
    case 'neg':
    case 'hermite':
      return [a.arg];
    case 'binary':
      return [a.left, a.right];
    case 'call':
      return a.args;
  }
}
