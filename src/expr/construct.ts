// Smart constructors that simplify as they build, so that symbolic derivatives come out
// clean (relu′ = step(u), not 1*step(u) + 0*…): exact constant folding (foldConstants.ts)
// plus the identities 0+x = x, 1·x = x, 0·x = 0, x^1 = x, x^0 = 1, −(−x) = x, He0 = 1, He1 = x.
// (0·x = 0 ignores x = ±∞ or NaN, acceptable for derivatives, which are only used where finite.)
// Every node goes through an Interner, so equal sub-expressions are one shared node. The
// rewrites recurse at most a few levels (each removes a sign or a constant), never along the input.
import type { Ast, BinaryOperator, FunctionName } from './ast.js';
import { exactBinary, exactCall } from './foldConstants.js';
import { hermite as hermiteValue } from './hermite.js';
import { Interner } from './Interner.js';

const isNum = (a: Ast, v: number): boolean => a.type === 'num' && a.value === v;

export class Construct {
  constructor(readonly interner: Interner) {}

  /** The interned copy of any node whose children are interned (no rewriting). */
  node(a: Ast): Ast {
    return this.interner.intern(a);
  }

  num(value: number): Ast {
    return this.node({ type: 'num', value });
  }

  neg(a: Ast): Ast {
    if (a.type === 'num') return this.num(-a.value);
    if (a.type === 'neg') return a.arg;
    return this.node({ type: 'neg', arg: a });
  }

  private fold(op: BinaryOperator, a: Ast, b: Ast): Ast | undefined {
    if (a.type === 'num' && b.type === 'num') {
      const v = exactBinary(op, a.value, b.value);
      if (v !== undefined) return this.num(v);
    }
    return undefined;
  }

  private binary(op: BinaryOperator, left: Ast, right: Ast): Ast {
    return this.node({ type: 'binary', op, left, right });
  }

  add(a: Ast, b: Ast): Ast {
    const f = this.fold('+', a, b);
    if (f) return f;
    if (isNum(a, 0)) return b;
    if (isNum(b, 0)) return a;
    if (b.type === 'neg') return this.sub(a, b.arg);
    if (b.type === 'num' && b.value < 0) return this.sub(a, this.num(-b.value));
    return this.binary('+', a, b);
  }

  sub(a: Ast, b: Ast): Ast {
    const f = this.fold('-', a, b);
    if (f) return f;
    if (isNum(b, 0)) return a;
    if (isNum(a, 0)) return this.neg(b);
    if (b.type === 'neg') return this.add(a, b.arg);
    if (b.type === 'num' && b.value < 0) return this.add(a, this.num(-b.value));
    return this.binary('-', a, b);
  }

  mul(a: Ast, b: Ast): Ast {
    const f = this.fold('*', a, b);
    if (f) return f;
    if (isNum(a, 0) || isNum(b, 0)) return this.num(0);
    if (isNum(a, 1)) return b;
    if (isNum(b, 1)) return a;
    if (isNum(a, -1)) return this.neg(b);
    if (isNum(b, -1)) return this.neg(a);
    if (b.type === 'num') return this.mul(b, a); // constants first
    if (a.type === 'neg') return this.neg(this.mul(a.arg, b));
    if (b.type === 'neg') return this.neg(this.mul(a, b.arg));
    // c1·(c2·x) = (c1·c2)·x: a derivative is a new formula, reassociating it is fine.
    if (a.type === 'num' && b.type === 'binary' && b.op === '*' && b.left.type === 'num') {
      return this.mul(this.num(a.value * b.left.value), b.right);
    }
    return this.binary('*', a, b);
  }

  div(a: Ast, b: Ast): Ast {
    const f = this.fold('/', a, b);
    if (f) return f;
    if (isNum(a, 0)) return this.num(0);
    if (isNum(b, 1)) return a;
    if (a.type === 'neg') return this.neg(this.div(a.arg, b));
    return this.binary('/', a, b);
  }

  pow(a: Ast, b: Ast): Ast {
    const f = this.fold('^', a, b);
    if (f) return f;
    if (isNum(b, 0)) return this.num(1);
    if (isNum(b, 1)) return a;
    if (isNum(a, 1)) return this.num(1);
    return this.binary('^', a, b);
  }

  call(fn: FunctionName, ...args: Ast[]): Ast {
    if (args.every((x) => x.type === 'num')) {
      const v = exactCall(fn, args.map((x) => (x as { value: number }).value));
      if (v !== undefined) return this.num(v);
    }
    return this.node({ type: 'call', fn, args });
  }

  hermite(n: number, a: Ast): Ast {
    if (n === 0) return this.num(1);
    if (n === 1) return a;
    if (a.type === 'num') return this.num(hermiteValue(n, a.value));
    return this.node({ type: 'hermite', n, arg: a });
  }
}
