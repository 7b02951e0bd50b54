// Pretty-prints an AST with the fewest parentheses that parse back to the same tree
// (for error messages, the JSON config and derivative display). Iterative (reduceAst); a
// shared sub-expression is printed at each use, so the text of a DAG can be much longer than
// the DAG: beyond MAX_FORMATTED_LENGTH characters (limits.ts) it is an ExpressionError.
import { ExpressionError } from '../errors.js';
import type { Ast } from './ast.js';
import { MAX_FORMATTED_LENGTH } from './limits.js';
import { reduceAst } from './reduceAst.js';

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

export function formatExpression(ast: Ast, option = 'expression'): string {
  return reduceAst<string>(ast, (a, parts) => {
    const text = formatNode(a, parts);
    if (text.length > MAX_FORMATTED_LENGTH) {
      throw new ExpressionError(option, '', -1, `formatted expression would be longer than ${MAX_FORMATTED_LENGTH} characters (MAX_FORMATTED_LENGTH)`);
    }
    return text;
  });
}

/** The text of `a` given the texts of its operands. */
function formatNode(a: Ast, parts: string[]): string {
  switch (a.type) {
    case 'num':
      return formatNumber(a.value, a.name);
    case 'var':
      return a.name;
    case 'neg':
      return prec(a.arg) <= PREC.neg ? `-(${parts[0]})` : `-${parts[0]}`;
    case 'call':
      return `${a.fn}(${parts.join(', ')})`;
    case 'hermite':
      return `He${a.n}(${parts[0]})`;
    case 'binary': {
      const p = PREC[a.op];
      let [l, r] = parts;
      if (a.op === '^') {
        // Right-associative; the exponent may be a unary minus (2^-u).
        if (prec(a.left) <= p) l = `(${l})`;
        if (prec(a.right) < PREC.neg) r = `(${r})`;
        return `${l}^${r}`;
      }
      if (prec(a.left) < p) l = `(${l})`;
      if (prec(a.right) <= p) r = `(${r})`;
      return a.op === '+' || a.op === '-' ? `${l} ${a.op} ${r}` : `${l}${a.op}${r}`;
    }
  }
}
