// Folds the constant sub-expressions whose value JavaScript computes with exactly the IEEE
// operations the WASM would use (+ − × ÷, √, integer powers, He_n, min/max, abs, sign,
// step, relu), so folding never changes a bit of a result. Transcendental functions of
// constants (tanh 1, log 2, …) are left for the WASM: results never depend on JS Math.
// The result is a DAG: equal sub-expressions become one node (Interner.ts), computed once by
// the compiled program.
import type { Ast } from './ast.js';
import { hermite } from './hermite.js';
import { Interner } from './Interner.js';
import { isSmallIntegerExponent, powInt } from './powInt.js';
import { reduceAst } from './reduceAst.js';

export function foldConstants(ast: Ast, interner: Interner = new Interner()): Ast {
  const node = (a: Ast): Ast => interner.intern(a);
  const num = (value: number): Ast => node({ type: 'num', value });
  return reduceAst<Ast>(ast, (a, kids) => {
    switch (a.type) {
      case 'num':
      case 'var':
        return node({ ...a });
      case 'neg': {
        const [arg] = kids;
        return arg.type === 'num' ? num(-arg.value) : node({ type: 'neg', arg });
      }
      case 'binary': {
        const [left, right] = kids;
        if (left.type === 'num' && right.type === 'num') {
          const v = exactBinary(a.op, left.value, right.value);
          if (v !== undefined) return num(v);
        }
        return node({ type: 'binary', op: a.op, left, right });
      }
      case 'call': {
        if (kids.every((k) => k.type === 'num')) {
          const v = exactCall(a.fn, kids.map((k) => (k as { value: number }).value));
          if (v !== undefined) return num(v);
        }
        return node({ type: 'call', fn: a.fn, args: kids });
      }
      case 'hermite': {
        const [arg] = kids;
        if (arg.type === 'num') return num(hermite(a.n, arg.value));
        return node({ type: 'hermite', n: a.n, arg });
      }
    }
  });
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
