// Symbolic derivative with respect to one variable: activations need σ′
// for g(u, y) = (ŷ − y)(a ⊙ σ′(u)) (docs/model.md §1) and σ″ for the DMFT response (§6).
// Kinks are differentiated as distributions without their δ parts: relu′ = step, abs′ = sign,
// sign′ = step′ = 0, max(a,b)′ = step(a−b)·a′ + (1 − step(a−b))·b′ (at a tie, b′).
// Each node is differentiated once (memoised, iteratively through reduceAst) and the result
// shares the expression's nodes (Interner), so a derivative has at most a few nodes per node
// of its expression: the product of 1 400 factors gives 1 400 partial products and sums, not
// 1 400² terms. The shared node count is bounded by MAX_NODES (limits.ts).
import type { Ast } from './ast.js';
import { Construct } from './construct.js';
import { Interner } from './Interner.js';
import { reduceAst } from './reduceAst.js';

/** 2/√π, the factor of erf′, as the correctly rounded double literal (no JS Math at run time). */
const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** Simplify an expression (same rewriting as the derivatives get). */
export function simplify(ast: Ast, c: Construct = new Construct(new Interner())): Ast {
  return reduceAst<Ast>(ast, (a, kids) => {
    switch (a.type) {
      case 'num':
      case 'var':
        return c.node({ ...a });
      case 'neg':
        return c.neg(kids[0]);
      case 'binary': {
        const [l, r] = kids;
        switch (a.op) {
          case '+':
            return c.add(l, r);
          case '-':
            return c.sub(l, r);
          case '*':
            return c.mul(l, r);
          case '/':
            return c.div(l, r);
          case '^':
            return c.pow(l, r);
        }
        break;
      }
      case 'call':
        return c.call(a.fn, ...kids);
      case 'hermite':
        return c.hermite(a.n, kids[0]);
    }
    return a;
  });
}

/**
 * d ast / d z_varIndex, simplified. `interner` lets the derivatives of one expression share
 * nodes and one node budget (parseActivation builds σ′ and σ″ in one).
 */
export function differentiate(ast: Ast, varIndex: number, interner: Interner = new Interner()): Ast {
  const c = new Construct(interner);
  return reduceAst<Ast>(simplify(ast, c), (e, ds) => derivative(c, e, ds, varIndex));
}

/** The derivative of `e` given those of its operands (`ds`, in order). */
function derivative(c: Construct, e: Ast, ds: Ast[], v: number): Ast {
  switch (e.type) {
    case 'num':
      return c.num(0);
    case 'var':
      return c.num(e.index === v ? 1 : 0);
    case 'neg':
      return c.neg(ds[0]);
    case 'binary':
      return binaryDerivative(c, e.op, e, ds[0], ds[1]);
    case 'hermite':
      // He_n′ = n·He_{n−1}
      return c.mul(c.mul(c.num(e.n), c.hermite(e.n - 1, e.arg)), ds[0]);
    case 'call':
      return callDerivative(c, e, ds);
  }
}

function binaryDerivative(c: Construct, op: string, e: Ast & { type: 'binary' }, da: Ast, db: Ast): Ast {
  const a = e.left;
  const b = e.right;
  switch (op) {
    case '+':
      return c.add(da, db);
    case '-':
      return c.sub(da, db);
    case '*':
      return c.add(c.mul(da, b), c.mul(a, db));
    case '/':
      // (a/b)′ = a′/b − a·b′/b²
      return c.sub(c.div(da, b), c.div(c.mul(a, db), c.pow(b, c.num(2))));
    default:
      if (b.type === 'num') {
        // (a^c)′ = c·a^(c−1)·a′
        return c.mul(c.mul(c.num(b.value), c.pow(a, c.num(b.value - 1))), da);
      }
      if (a.type === 'num') {
        // (c^b)′ = c^b·log c·b′
        return c.mul(c.mul(e, c.call('log', a)), db);
      }
      // (a^b)′ = a^b·(b′·log a + b·a′/a)
      return c.mul(e, c.add(c.mul(db, c.call('log', a)), c.div(c.mul(b, da), a)));
  }
}

function callDerivative(c: Construct, e: Ast & { type: 'call' }, ds: Ast[]): Ast {
  const [a, b] = e.args;
  const da = ds[0];
  switch (e.fn) {
    case 'tanh':
      return c.mul(c.sub(c.num(1), c.pow(e, c.num(2))), da);
    case 'sign':
    case 'step':
      return c.num(0);
    case 'relu':
      return c.mul(c.call('step', a), da);
    case 'abs':
      return c.mul(c.call('sign', a), da);
    case 'exp':
      return c.mul(e, da);
    case 'log':
      return c.div(da, a);
    case 'sqrt':
      return c.div(da, c.mul(c.num(2), e));
    case 'erf':
      return c.mul(c.mul(c.num(TWO_OVER_SQRT_PI), c.call('exp', c.neg(c.pow(a, c.num(2))))), da);
    case 'sin':
      return c.mul(c.call('cos', a), da);
    case 'cos':
      return c.neg(c.mul(c.call('sin', a), da));
    case 'max':
    case 'min': {
      const s = e.fn === 'max' ? c.call('step', c.sub(a, b)) : c.call('step', c.sub(b, a));
      return c.add(c.mul(s, da), c.mul(c.sub(c.num(1), s), ds[1]));
    }
  }
}
