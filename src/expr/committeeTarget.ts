// The committee target of the giant-learning code (docs/model.md §1):
//   committee(σ, k) = (σ(z1) + … + σ(zk)) / k     (σ(z1) when k = 1),
// σ an activation name (activationAliases.ts) or an expression in u, k an integer within the
// range of the option k. Expanded here, at parse time, into the ordinary expression, so every
// engine, the theory and the analyser see a plain target. Nodes are made through one Interner
// (MAX_NODES applies) with the shape the parser gives the hand-written sum, so both compile to
// the same program.
import { ExpressionError } from '../errors.js';
import { ACTIVATION_ALIASES } from './activationAliases.js';
import type { Ast } from './ast.js';
import { Interner } from './Interner.js';
import { parseExpression } from './parseExpression.js';
import { reduceAst } from './reduceAst.js';

const HEAD = /^(\s*)committee\s*\(/;

/** Whether `source` is written as committee(σ, k). */
export function isCommittee(source: string): boolean {
  return HEAD.test(source);
}

/** A bound on the committee size and its wording ('k = 3', 'the limit of 64 directions'). */
export interface CommitteeLimit {
  max: number;
  name: string;
}

/** The expansion of committee(σ, k); `limit` bounds k (the caller's k or the library's limit). */
export function committeeTarget(source: string, option: string, limit: CommitteeLimit): { ast: Ast; k: number } {
  const fail = (pos: number, msg: string): never => {
    throw new ExpressionError(option, source, pos, msg);
  };
  const open = (HEAD.exec(source) as RegExpExecArray)[0].length - 1;
  const close = source.trimEnd().length - 1;
  const end = matchingClose(source, open);
  if (end < 0) fail(close + 1, "expected ')' to close committee(σ, k)");
  if (end !== close) fail(end + 1, "committee(σ, k) is a whole target: nothing may follow its ')'");
  const comma = lastTopLevelComma(source, open + 1, close);
  if (comma < 0) fail(open, 'committee takes two arguments: committee(σ, k), σ an activation, k an integer');
  const k = committeeSize(source, comma + 1, close, limit, fail);
  const sigma = parseSigma(source, open + 1, comma, option);
  const interner = new Interner(option);
  const terms = Array.from({ length: k }, (_, r) => substitute(sigma, r, interner));
  if (k === 1) return { ast: terms[0], k };
  const sum = terms.reduce((acc, t) => interner.intern({ type: 'binary', op: '+', left: acc, right: t }));
  return { ast: interner.intern({ type: 'binary', op: '/', left: sum, right: interner.intern({ type: 'num', value: k }) }), k };
}

/** The integer k written in source[from, to): 1 … limit.max. */
function committeeSize(source: string, from: number, to: number, limit: CommitteeLimit, fail: (pos: number, msg: string) => never): number {
  const text = source.slice(from, to);
  const at = from + (text.length - text.trimStart().length);
  const digits = text.trim();
  if (!/^\d+$/.test(digits)) fail(at, `committee size k must be a positive integer (got '${digits.slice(0, 20)}')`);
  const k = digits.length > 6 ? Infinity : Number(digits);
  if (k < 1) fail(at, 'committee size k must be at least 1');
  if (k > limit.max) fail(at, `committee size k = ${digits.slice(0, 20)} is above ${limit.name}`);
  return k;
}

/** σ in source[from, to): an activation name or an expression in u; errors point into source. */
function parseSigma(source: string, from: number, to: number, option: string): Ast {
  const text = source.slice(from, to);
  const name = text.trim();
  if (Object.prototype.hasOwnProperty.call(ACTIVATION_ALIASES, name)) {
    return parseExpression(ACTIVATION_ALIASES[name], { option, resolveVariable: (n) => ({ index: 0, name: n }) });
  }
  // Padding with blanks keeps every position of the σ text equal to its position in source.
  const padded = ' '.repeat(from) + text;
  try {
    return parseExpression(padded, {
      option,
      resolveVariable(v, pos) {
        if (v === 'u') return { index: 0, name: v };
        throw new ExpressionError(option, source, pos, `unknown variable '${v.slice(0, 20)}' (σ of committee(σ, k) is an activation name or an expression in u)`);
      },
    });
  } catch (e) {
    if (e instanceof ExpressionError && e.source === padded) throw new ExpressionError(option, source, e.position, e.detail);
    throw e;
  }
}

/** σ with u replaced by z_{r+1}, every node interned. */
function substitute(sigma: Ast, r: number, interner: Interner): Ast {
  return reduceAst<Ast>(sigma, (a, kids) => {
    switch (a.type) {
      case 'num':
        return interner.intern({ ...a });
      case 'var':
        return interner.intern({ type: 'var', index: r, name: `z${r + 1}` });
      case 'neg':
        return interner.intern({ type: 'neg', arg: kids[0] });
      case 'hermite':
        return interner.intern({ type: 'hermite', n: a.n, arg: kids[0] });
      case 'binary':
        return interner.intern({ type: 'binary', op: a.op, left: kids[0], right: kids[1] });
      case 'call':
        return interner.intern({ type: 'call', fn: a.fn, args: kids });
    }
  });
}

/** Index of the ')' matching the '(' at `open`, or −1. */
function matchingClose(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The last ',' of s[from, to) outside parentheses, or −1 (σ may hold commas: max(u, 0)). */
function lastTopLevelComma(s: string, from: number, to: number): number {
  let depth = 0;
  let found = -1;
  for (let i = from; i < to; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) found = i;
  }
  return found;
}
