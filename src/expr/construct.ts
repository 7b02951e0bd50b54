// Smart constructors that simplify as they build, so that symbolic derivatives come out
// clean (relu′ = step(u), not 1*step(u) + 0*…): exact constant folding (foldConstants.ts)
// plus the identities 0+x = x, 1·x = x, 0·x = 0, x^1 = x, x^0 = 1, −(−x) = x, He0 = 1, He1 = x.
// (0·x = 0 ignores x = ±∞ or NaN, acceptable for derivatives, which are only used where finite.)
import type { Ast, BinaryOperator, FunctionName } from './ast.js';
import { exactBinary, exactCall } from './foldConstants.js';
import { hermite as hermiteValue } from './hermite.js';

export const num = (value: number): Ast => ({ type: 'num', value });

const isNum = (a: Ast, v: number): boolean => a.type === 'num' && a.value === v;

export function neg(a: Ast): Ast {
  if (a.type === 'num') return num(-a.value);
  if (a.type === 'neg') return a.arg;
  return { type: 'neg', arg: a };
}

function fold(op: BinaryOperator, a: Ast, b: Ast): Ast | undefined {
  if (a.type === 'num' && b.type === 'num') {
    const v = exactBinary(op, a.value, b.value);
    if (v !== undefined) return num(v);
  }
  return undefined;
}

export function add(a: Ast, b: Ast): Ast {
  const f = fold('+', a, b);
  if (f) return f;
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  if (b.type === 'neg') return sub(a, b.arg);
  if (b.type === 'num' && b.value < 0) return sub(a, num(-b.value));
  return { type: 'binary', op: '+', left: a, right: b };
}

export function sub(a: Ast, b: Ast): Ast {
  const f = fold('-', a, b);
  if (f) return f;
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return neg(b);
  if (b.type === 'neg') return add(a, b.arg);
  if (b.type === 'num' && b.value < 0) return add(a, num(-b.value));
  return { type: 'binary', op: '-', left: a, right: b };
}

export function mul(a: Ast, b: Ast): Ast {
  const f = fold('*', a, b);
  if (f) return f;
  if (isNum(a, 0) || isNum(b, 0)) return num(0);
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (isNum(a, -1)) return neg(b);
  if (isNum(b, -1)) return neg(a);
  if (b.type === 'num') return mul(b, a); // constants first
  if (a.type === 'neg') return neg(mul(a.arg, b));
  if (b.type === 'neg') return neg(mul(a, b.arg));
  // c1·(c2·x) = (c1·c2)·x: a derivative is a new formula, reassociating it is fine.
  if (a.type === 'num' && b.type === 'binary' && b.op === '*' && b.left.type === 'num') {
    return mul(num(a.value * b.left.value), b.right);
  }
  return { type: 'binary', op: '*', left: a, right: b };
}

export function div(a: Ast, b: Ast): Ast {
  const f = fold('/', a, b);
  if (f) return f;
  if (isNum(a, 0)) return num(0);
  if (isNum(b, 1)) return a;
  if (a.type === 'neg') return neg(div(a.arg, b));
  return { type: 'binary', op: '/', left: a, right: b };
}

export function pow(a: Ast, b: Ast): Ast {
  const f = fold('^', a, b);
  if (f) return f;
  if (isNum(b, 0)) return num(1);
  if (isNum(b, 1)) return a;
  if (isNum(a, 1)) return num(1);
  return { type: 'binary', op: '^', left: a, right: b };
}

export function call(fn: FunctionName, ...args: Ast[]): Ast {
  if (args.every((x) => x.type === 'num')) {
    const v = exactCall(fn, args.map((x) => (x as { value: number }).value));
    if (v !== undefined) return num(v);
  }
  return { type: 'call', fn, args };
}

export function hermite(n: number, a: Ast): Ast {
  if (n === 0) return num(1);
  if (n === 1) return a;
  if (a.type === 'num') return num(hermiteValue(n, a.value));
  return { type: 'hermite', n, arg: a };
}
