// Folds the constant sub-expressions whose value JavaScript computes with exactly the IEEE
// operations the WASM would use (+ − × ÷, √, integer powers, He_n, min/max, abs, sign,
// step, relu), so folding never changes a bit of a result. Transcendental functions of
// constants (tanh 1, log 2, …) are left for the WASM: results never depend on JS Math.
import type { Ast } from './ast.js';
import { hermite } from './hermite.js';
import { isSmallIntegerExponent, powInt } from './powInt.js';

export function foldConstants(ast: Ast): Ast {
  switch (ast.type) {
    case 'num':
    case 'var':
      return ast;
    case 'neg': {
      const arg = foldConstants(ast.arg);
      return arg.type === 'num' ? { type: 'num', value: -arg.value } : { type: 'neg', arg };
    }
    case 'binary': {
      const left = foldConstants(ast.left);
      const right = foldConstants(ast.right);
      if (left.type === 'num' && right.type === 'num') {
        const v = exactBinary(ast.op, left.value, right.value);
        if (v !== undefined) return { type: 'num', value: v };
      }
      return { type: 'binary', op: ast.op, left, right };
    }
    case 'call': {
      const args = ast.args.map(foldConstants);
      if (args.every((a) => a.type === 'num')) {
        const v = exactCall(ast.fn, args.map((a) => (a as { value: number }).value));
        if (v !== undefined) return { type: 'num', value: v };
      }
      return { type: 'call', fn: ast.fn, args };
    }
    case 'hermite': {
      const arg = foldConstants(ast.arg);
      if (arg.type === 'num') return { type: 'num', value: hermite(ast.n, arg.value) };
      return { type: 'hermite', n: ast.n, arg };
    }
  }
}

/** The exactly reproducible value of `a op b`, or undefined when the WASM must compute it. */
export function exactBinary(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return isSmallIntegerExponent(b) ? powInt(a, b) : undefined;
    default:
      return undefined;
  }
}

export function exactCall(fn: string, args: number[]): number | undefined {
  const x = args[0];
  switch (fn) {
    case 'abs':
      return Math.abs(x);
    case 'sqrt':
      return Math.sqrt(x); // correctly rounded in both IEEE 754 and WASM's f64.sqrt
    case 'relu':
      return Math.max(x, 0);
    case 'step':
      return x > 0 ? 1 : x <= 0 ? 0 : x;
    case 'sign':
      return x > 0 ? 1 : x < 0 ? -1 : x;
    case 'min':
      return Math.min(x, args[1]);
    case 'max':
      return Math.max(x, args[1]);
    default:
      return undefined;
  }
}
