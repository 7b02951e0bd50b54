// Symbolic derivative with respect to one variable: activations need σ′
// for g(u, y) = (ŷ − y)(a ⊙ σ′(u)) (docs/model.md §1) and σ″ for the DMFT response (§6).
// Kinks are differentiated as distributions without their δ parts: relu′ = step, abs′ = sign,
// sign′ = step′ = 0, max(a,b)′ = step(a−b)·a′ + (1 − step(a−b))·b′ (at a tie, b′).
import type { Ast } from './ast.js';
import { add, call, div, hermite, mul, neg, num, pow, sub } from './construct.js';

/** 2/√π, the factor of erf′, as the correctly rounded double literal (no JS Math at run time). */
const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** Simplify an expression (same rewriting as the derivatives get). */
export function simplify(ast: Ast): Ast {
  switch (ast.type) {
    case 'num':
    case 'var':
      return ast;
    case 'neg':
      return neg(simplify(ast.arg));
    case 'binary': {
      const a = simplify(ast.left);
      const b = simplify(ast.right);
      switch (ast.op) {
        case '+':
          return add(a, b);
        case '-':
          return sub(a, b);
        case '*':
          return mul(a, b);
        case '/':
          return div(a, b);
        case '^':
          return pow(a, b);
      }
      break;
    }
    case 'call':
      return call(ast.fn, ...ast.args.map(simplify));
    case 'hermite':
      return hermite(ast.n, simplify(ast.arg));
  }
  return ast;
}

export function differentiate(ast: Ast, varIndex: number): Ast {
  return d(simplify(ast), varIndex);
}

function d(e: Ast, v: number): Ast {
  switch (e.type) {
    case 'num':
      return num(0);
    case 'var':
      return num(e.index === v ? 1 : 0);
    case 'neg':
      return neg(d(e.arg, v));
    case 'binary': {
      const a = e.left;
      const b = e.right;
      const da = d(a, v);
      const db = d(b, v);
      switch (e.op) {
        case '+':
          return add(da, db);
        case '-':
          return sub(da, db);
        case '*':
          return add(mul(da, b), mul(a, db));
        case '/':
          // (a/b)′ = a′/b − a·b′/b²
          return sub(div(da, b), div(mul(a, db), pow(b, num(2))));
        case '^': {
          if (b.type === 'num') {
            // (a^c)′ = c·a^(c−1)·a′
            return mul(mul(num(b.value), pow(a, num(b.value - 1))), da);
          }
          if (a.type === 'num') {
            // (c^b)′ = c^b·log c·b′
            return mul(mul(e, call('log', a)), db);
          }
          // (a^b)′ = a^b·(b′·log a + b·a′/a)
          return mul(e, add(mul(db, call('log', a)), div(mul(b, da), a)));
        }
      }
      break;
    }
    case 'hermite':
      // He_n′ = n·He_{n−1}
      return mul(mul(num(e.n), hermite(e.n - 1, e.arg)), d(e.arg, v));
    case 'call': {
      const [a, b] = e.args;
      const da = d(a, v);
      switch (e.fn) {
        case 'tanh':
          return mul(sub(num(1), pow(e, num(2))), da);
        case 'sign':
        case 'step':
          return num(0);
        case 'relu':
          return mul(call('step', a), da);
        case 'abs':
          return mul(call('sign', a), da);
        case 'exp':
          return mul(e, da);
        case 'log':
          return div(da, a);
        case 'sqrt':
          return div(da, mul(num(2), e));
        case 'erf':
          return mul(mul(num(TWO_OVER_SQRT_PI), call('exp', neg(pow(a, num(2))))), da);
        case 'sin':
          return mul(call('cos', a), da);
        case 'cos':
          return neg(mul(call('sin', a), da));
        case 'max':
        case 'min': {
          const db = d(b, v);
          const s = e.fn === 'max' ? call('step', sub(a, b)) : call('step', sub(b, a));
          return add(mul(s, da), mul(sub(num(1), s), db));
        }
      }
    }
  }
  throw new Error(`differentiate: unknown node ${JSON.stringify(e)}`);
}
