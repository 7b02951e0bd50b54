// Degree of a target in each variable (Infinity where it is not a polynomial in it), so that
// the Hermite coefficients of polynomial targets are computed exactly: a product
// Gauss–Hermite rule with m_v nodes on axis v integrates f*·He_a(z_v) exactly when
// deg_v(f*) + a ≤ 2m_v − 1, for every value of the other coordinates (tensor rules compose
// axis by axis). Integer bookkeeping only.
import type { Ast } from '../expr/ast.js';

export interface PolynomialDegrees {
  /** perVariable[v]: the degree as a polynomial in z_{v+1} (Infinity: not a polynomial in it). */
  perVariable: number[];
  /** The total degree (Infinity unless a polynomial in all variables). */
  total: number;
}

export function polynomialDegrees(ast: Ast, k: number): PolynomialDegrees {
  return { perVariable: Array.from({ length: k }, (_, v) => degreeIn(ast, v)), total: degreeIn(ast, -1) };
}

/** v = −1 stands for "any variable" (the total degree). */
function involves(a: Ast, v: number): boolean {
  switch (a.type) {
    case 'num':
      return false;
    case 'var':
      return v < 0 || a.index === v;
    case 'neg':
    case 'hermite':
      return involves(a.arg, v);
    case 'binary':
      return involves(a.left, v) || involves(a.right, v);
    case 'call':
      return a.args.some((x) => involves(x, v));
  }
}

function degreeIn(a: Ast, v: number): number {
  if (!involves(a, v)) return 0;
  switch (a.type) {
    case 'num':
      return 0;
    case 'var':
      return 1;
    case 'neg':
      return degreeIn(a.arg, v);
    case 'hermite':
      return a.n === 0 ? 0 : a.n * degreeIn(a.arg, v);
    case 'call':
      return Infinity;
    case 'binary': {
      const l = degreeIn(a.left, v);
      switch (a.op) {
        case '+':
        case '-':
          return Math.max(l, degreeIn(a.right, v));
        case '*':
          return l + degreeIn(a.right, v);
        case '/':
          return involves(a.right, v) ? Infinity : l;
        case '^': {
          const r = a.right;
          if (involves(r, v)) return Infinity;
          if (r.type === 'num' && Number.isInteger(r.value) && r.value >= 0 && r.value <= 64) return r.value === 0 ? 0 : l * r.value;
          return Infinity;
        }
      }
    }
  }
}
