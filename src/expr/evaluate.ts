// The slow, obvious float64 reference evaluator (pure TypeScript). Tests compare the WASM
// interpreter with it, and the pure-TS reference implementations of the simulator use it.
// It follows the WASM definitions: x^n by repeated multiplication for integer |n| ≤ 64,
// He_n by recurrence, sign(0) = 0, step(0) = 0, relu(x) = max(x, 0). Never used for results.
import type { Ast } from './ast.js';
import { erf } from './erf.js';
import { hermite } from './hermite.js';
import { exactBinary } from './foldConstants.js';

export function evaluate(ast: Ast, vars: ArrayLike<number>): number {
  switch (ast.type) {
    case 'num':
      return ast.value;
    case 'var': {
      if (ast.index >= vars.length) throw new RangeError(`evaluate: no value for ${ast.name}`);
      return vars[ast.index];
    }
    case 'neg':
      return -evaluate(ast.arg, vars);
    case 'binary': {
      const a = evaluate(ast.left, vars);
      const b = evaluate(ast.right, vars);
      // The exactly reproducible operations are shared with constant folding; only a
      // non-integer power needs Math.pow here.
      return exactBinary(ast.op, a, b) ?? Math.pow(a, b);
    }
    case 'hermite':
      return hermite(ast.n, evaluate(ast.arg, vars));
    case 'call': {
      const x = evaluate(ast.args[0], vars);
      switch (ast.fn) {
        case 'tanh':
          return Math.tanh(x);
        case 'sign':
          return x > 0 ? 1 : x < 0 ? -1 : x;
        case 'step':
          return x > 0 ? 1 : x <= 0 ? 0 : x;
        case 'relu':
          return Math.max(x, 0);
        case 'abs':
          return Math.abs(x);
        case 'exp':
          return Math.exp(x);
        case 'log':
          return Math.log(x);
        case 'sqrt':
          return Math.sqrt(x);
        case 'erf':
          return erf(x);
        case 'sin':
          return Math.sin(x);
        case 'cos':
          return Math.cos(x);
        case 'min':
          return Math.min(x, evaluate(ast.args[1], vars));
        case 'max':
          return Math.max(x, evaluate(ast.args[1], vars));
      }
    }
  }
  throw new Error(`evaluate: unknown node ${JSON.stringify(ast)}`);
}
