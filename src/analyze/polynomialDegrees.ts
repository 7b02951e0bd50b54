// Degree of a target in each variable (Infinity where it is not a polynomial in it), so that
// the Hermite coefficients of polynomial targets are computed exactly: a product
// Gauss–Hermite rule with m_v nodes on axis v integrates f*·He_a(z_v) exactly when
// deg_v(f*) + a ≤ 2m_v − 1, for every value of the other coordinates (tensor rules compose
// axis by axis). Integer bookkeeping only.
// Iterative, once per distinct node (reduceAst): a flat sum of thousands of terms is fine.
import type { Ast } from '../expr/ast.js';
import { reduceAst } from '../expr/reduceAst.js';

export interface PolynomialDegrees {
  /** perVariable[v]: the degree as a polynomial in z_{v+1} (Infinity: not a polynomial in it). */
  perVariable: number[];
  /** The total degree (Infinity unless a polynomial in all variables). */
  total: number;
}

/** Per node, for each variable v (and last, any variable): whether it occurs, and the degree in it. */
interface NodeDegrees {
  involves: boolean[];
  degree: number[];
}

export function polynomialDegrees(ast: Ast, k: number): PolynomialDegrees {
  const r = reduceAst<NodeDegrees>(ast, (a, kids) => {
    const involves = Array.from({ length: k + 1 }, (_, v) => (a.type === 'var' ? v === k || a.index === v : kids.some((c) => c.involves[v])));
    const degree = involves.map((inv, v) => (inv ? degreeOf(a, kids, v) : 0));
    return { involves, degree };
  });
  return { perVariable: r.degree.slice(0, k), total: r.degree[k] };
}

/** Degree of `a` in variable v (v = k: any variable), which occurs in it, from its operands'. */
function degreeOf(a: Ast, kids: NodeDegrees[], v: number): number {
  switch (a.type) {
    case 'num':
      return 0;
    case 'var':
      return 1;
    case 'neg':
      return kids[0].degree[v];
    case 'hermite':
      return a.n === 0 ? 0 : a.n * kids[0].degree[v];
    case 'call':
      return Infinity;
    case 'binary': {
      const [l, r] = kids;
      switch (a.op) {
        case '+':
        case '-':
          return Math.max(l.degree[v], r.degree[v]);
        case '*':
          return l.degree[v] + r.degree[v];
        case '/':
          return r.involves[v] ? Infinity : l.degree[v];
        case '^': {
          const e = a.right;
          if (r.involves[v]) return Infinity;
          if (e.type === 'num' && Number.isInteger(e.value) && e.value >= 0 && e.value <= 64) return e.value === 0 ? 0 : l.degree[v] * e.value;
          return Infinity;
        }
      }
    }
  }
}
