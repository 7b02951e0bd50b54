// The slow, obvious float64 reference evaluator (pure TypeScript). Tests compare the WASM
// interpreter with it, and the pure-TS reference implementations of the simulator use it.
// It follows the WASM definitions: x^n by repeated multiplication for integer |n| ≤ 64,
// He_n by recurrence, sign(0) = 0, step(0) = 0, relu(x) = max(x, 0). Never used for results.
// Iterative and once per distinct node (reduceAst), so any expression the parser accepts evaluates.
import type { Ast } from './ast.js';
import { erf } from './erf.js';
import { hermite } from './hermite.js';
import { exactBinary } from './foldConstants.js';
import { reduceAst } from './reduceAst.js';

export function evaluate(ast: Ast, vars: ArrayLike<number>): number {
  return reduceAst<number>(ast, (a, x) => evaluateNode(a, x, vars));
}

/** The value of node `a` given the values `x` of its operands. */
function evaluateNode(a: Ast, x: number[], vars: ArrayLike<number>): number {
  switch (a.type) {
    case 'num':
      return a.value;
    case 'var': {
      if (a.index >= vars.length) throw new RangeError(`evaluate: no value for ${a.name}`);
      return vars[a.index];
    }
    case 'neg':
      return -x[0];
    case 'binary':
      // The exactly reproducible operations are shared with constant folding; only a
      // non-integer power needs Math.pow here.
      return exactBinary(a.op, x[0], x[1]) ?? Math.pow(x[0], x[1]);
    case 'hermite':
      return hermite(a.n, x[0]);
    case 'call':
      return callValue(a.fn, x[0], x[1]);
  }
}

function callValue(fn: string, x: number, y: number): number {
  switch (fn) {
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
      return Math.min(x, y);
    case 'max':
      return Math.max(x, y);
  }
  throw new Error(`evaluate: unknown function ${fn}`);
}
