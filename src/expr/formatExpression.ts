// Pretty-prints an AST with the fewest parentheses that parse back to the same tree
// (for error messages, the JSON config and derivative display).
import type { Ast } from './ast.js';

const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, neg: 3, '^': 4, atom: 5 } as const;

function prec(a: Ast): number {
  if (a.type === 'binary') return PREC[a.op];
  if (a.type === 'neg') return PREC.neg;
  if (a.type === 'num' && (a.value < 0 || Object.is(a.value, -0)) && !a.name) return PREC.neg;
  return PREC.atom;
}

function formatNumber(v: number, name?: string): string {
  if (name) return name;
  if (Number.isNaN(v)) return '(0/0)';
  if (v === Infinity) return '(1/0)';
  if (v === -Infinity) return '(-1/0)';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

export function formatExpression(ast: Ast): string {
  switch (ast.type) {
    case 'num':
      return formatNumber(ast.value, ast.name);
    case 'var':
      return ast.name;
    case 'neg': {
      const inner = formatExpression(ast.arg);
      return prec(ast.arg) <= PREC.neg ? `-(${inner})` : `-${inner}`;
    }
    case 'call':
      return `${ast.fn}(${ast.args.map(formatExpression).join(', ')})`;
    case 'hermite':
      return `He${ast.n}(${formatExpression(ast.arg)})`;
    case 'binary': {
      const p = PREC[ast.op];
      let l = formatExpression(ast.left);
      let r = formatExpression(ast.right);
      if (ast.op === '^') {
        // Right-associative; the exponent may be a unary minus (2^-u).
        if (prec(ast.left) <= p) l = `(${l})`;
        if (prec(ast.right) < PREC.neg) r = `(${r})`;
        return `${l}^${r}`;
      }
      if (prec(ast.left) < p) l = `(${l})`;
      if (prec(ast.right) <= p) r = `(${r})`;
      return ast.op === '+' || ast.op === '-' ? `${l} ${ast.op} ${r}` : `${l}${ast.op}${r}`;
    }
  }
}
