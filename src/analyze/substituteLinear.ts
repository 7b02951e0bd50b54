// The target in other coordinates: every variable z_i of an expression replaced by the linear
// form Σ_j rows[i][j]·x_j (x_j written z{j+1}), so that f(B x) (the target restricted to its
// relevant subspace, B's columns an orthonormal basis) or f(P z) (P a projection) can be
// compiled and evaluated in WASM like any target (docs/model.md §7). Nodes are built as plain
// literals: no arithmetic happens here, the coefficients reach WASM as written.
import type { Ast } from '../expr/ast.js';

function linearForm(coefficients: number[]): Ast {
  const terms: Ast[] = [];
  coefficients.forEach((c, j) => {
    if (c !== 0) terms.push({ type: 'binary', op: '*', left: { type: 'num', value: c }, right: { type: 'var', index: j, name: `z${j + 1}` } });
  });
  if (!terms.length) return { type: 'num', value: 0 };
  return terms.reduce((s, t) => ({ type: 'binary', op: '+', left: s, right: t }));
}

export function substituteLinear(ast: Ast, rows: number[][]): Ast {
  const forms = rows.map(linearForm);
  const walk = (a: Ast): Ast => {
    switch (a.type) {
      case 'num':
        return a;
      case 'var':
        return forms[a.index];
      case 'neg':
        return { type: 'neg', arg: walk(a.arg) };
      case 'hermite':
        return { type: 'hermite', n: a.n, arg: walk(a.arg) };
      case 'binary':
        return { type: 'binary', op: a.op, left: walk(a.left), right: walk(a.right) };
      case 'call':
        return { type: 'call', fn: a.fn, args: a.args.map(walk) };
    }
  };
  return walk(ast);
}
