// Parser of the expression language: operator precedence with explicit stacks (shunting-yard),
// so that neither a flat 30 000-term sum nor deep nesting uses the JavaScript call stack.
// Grammar:
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := primary ('^' unary)?          right-associative; -u^2 = -(u^2), 2^-u = 2^(-u)
//   primary := number | 'pi' | 'e' | variable | name '(' expr (',' expr)* ')' | '(' expr ')'
// No implicit multiplication. Variables are resolved by the caller (targets: z1…zk,
// activations: u), which also words the error for an unknown one. Sizes are bounded by
// MAX_EXPRESSION_LENGTH and MAX_NESTING_DEPTH (limits.ts).
import { ExpressionError } from '../errors.js';
import type { Ast, BinaryOperator } from './ast.js';
import { clipText } from './clipText.js';
import { FUNCTION_ARITY, MAX_HERMITE_DEGREE, isFunctionName } from './functionTable.js';
import { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from './limits.js';
import { tokenize, type Token } from './tokenize.js';

export interface ParseOptions {
  /** Option name reported in errors ('target', 'activation', …). */
  option: string;
  /** Returns the variable node for `name`, or throws an ExpressionError at `pos`. */
  resolveVariable(name: string, pos: number): { index: number; name: string };
}

const HERMITE = /^He(\d+)$/;

/** Binding strength: a pending operator is applied before an incoming one of lower strength. */
const PREC: Readonly<Record<BinaryOperator, number>> = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 };
const PREFIX_PREC = 3;

/** What waits on the operator stack: an operator, or an open '(' (of a call when `name` is set). */
type Frame =
  | { kind: 'binary'; op: BinaryOperator }
  | { kind: 'prefix'; neg: boolean }
  | { kind: 'open'; open: Token; name?: Token; args: number };

export function knownFunctionsText(): string {
  return [...Object.keys(FUNCTION_ARITY), `He0…He${MAX_HERMITE_DEGREE}`].join(', ');
}

export function parseExpression(source: string, opts: ParseOptions): Ast {
  const { option } = opts;
  const fail = (pos: number, msg: string): never => {
    throw new ExpressionError(option, source, pos, msg);
  };
  if (source.length > MAX_EXPRESSION_LENGTH) {
    fail(MAX_EXPRESSION_LENGTH, `expression is ${source.length} characters long, above the limit of ${MAX_EXPRESSION_LENGTH} (MAX_EXPRESSION_LENGTH)`);
  }
  const tokens = tokenize(source, option);
  if (tokens.length === 1) fail(0, 'empty expression');
  const operands: Ast[] = [];
  const frames: Frame[] = [];
  // Nesting as the recursive grammar counts it: the whole expression, each '(' and call,
  // each pending sign and each pending '^'.
  let nesting = 1;
  const nest = (pos: number, delta: number): void => {
    nesting += delta;
    if (nesting > MAX_NESTING_DEPTH) fail(pos, `expression nested more than ${MAX_NESTING_DEPTH} levels deep (MAX_NESTING_DEPTH)`);
  };
  const top = (): Frame | undefined => frames[frames.length - 1];
  const precOf = (f: Frame): number => (f.kind === 'binary' ? PREC[f.op] : f.kind === 'prefix' ? PREFIX_PREC : 0);

  function reduce(): void {
    const f = frames.pop() as Frame;
    if (f.kind === 'prefix') {
      nesting--;
      if (f.neg) operands.push({ type: 'neg', arg: operands.pop() as Ast });
      return;
    }
    if (f.kind === 'binary') {
      if (f.op === '^') nesting--;
      const right = operands.pop() as Ast;
      const left = operands.pop() as Ast;
      operands.push({ type: 'binary', op: f.op, left, right });
    }
  }
  /** Applies the pending operators that bind at least as strongly as `prec`. */
  function reduceWhile(prec: number, rightAssoc: boolean): void {
    for (let f = top(); f && f.kind !== 'open' && (precOf(f) > prec || (!rightAssoc && precOf(f) === prec)); f = top()) reduce();
  }

  let at = 0;
  let expectOperand = true;
  for (;;) {
    const t = tokens[at++];
    if (expectOperand) {
      expectOperand = operand(t);
      continue;
    }
    if (t.kind === 'op') {
      const op = t.text as BinaryOperator;
      reduceWhile(PREC[op], op === '^');
      frames.push({ kind: 'binary', op });
      if (op === '^') nest(tokens[at].pos, 1);
      expectOperand = true;
      continue;
    }
    if (t.kind === ')' || t.kind === ',' || t.kind === 'end') {
      reduceWhile(0, false);
      if (close(t)) break;
      continue;
    }
    fail(t.pos, `expected an operator (+ - * / ^) before ${describe(t)} (there is no implicit multiplication: write a*b)`);
  }
  return operands[0];

  /** Reads a token where an operand must start; returns whether an operand is still expected. */
  function operand(t: Token): boolean {
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      frames.push({ kind: 'prefix', neg: t.text === '-' });
      nest(t.pos, 1);
      return true;
    }
    if (t.kind === 'num') {
      if (!Number.isFinite(t.value)) fail(t.pos, `number '${clipText(t.text)}' is too large`);
      operands.push({ type: 'num', value: t.value as number });
      return false;
    }
    if (t.kind === '(') {
      frames.push({ kind: 'open', open: t, args: 0 });
      nest(tokens[at].pos, 1);
      return true;
    }
    if (t.kind === 'ident') return identifier(t);
    return fail(t.pos, `expected a number, a variable, a function call or '(' but found ${describe(t)}`);
  }

  function identifier(t: Token): boolean {
    const name = t.text;
    const isCall = tokens[at].kind === '(';
    if (isFunctionName(name) || HERMITE.test(name)) {
      if (!isCall) fail(tokens[at].pos, `expected '(' after function '${clipText(name)}' but found ${describe(tokens[at])}`);
      const open = tokens[at++];
      frames.push({ kind: 'open', open, name: t, args: 0 });
      nest(tokens[at].pos, 1);
      return true;
    }
    if (isCall) {
      const hint = suggest(name);
      fail(t.pos, `unknown function '${clipText(name)}'${hint ? ` (did you mean '${hint}'?)` : ''} (known: ${knownFunctionsText()})`);
    }
    if (name === 'pi') operands.push({ type: 'num', value: Math.PI, name: 'pi' });
    else if (name === 'e') operands.push({ type: 'num', value: Math.E, name: 'e' });
    else {
      const v = opts.resolveVariable(name, t.pos);
      operands.push({ type: 'var', index: v.index, name: v.name });
    }
    return false;
  }

  /** Handles ')', ',' or the end once the operators above the innermost '(' are applied; true at the end. */
  function close(t: Token): boolean {
    const f = top();
    if (!f) {
      if (t.kind === 'end') return true;
      return fail(t.pos, t.kind === ')' ? "unmatched ')'" : `unexpected ${describe(t)}`);
    }
    if (f.kind !== 'open') throw new Error('parseExpression: operator left above a bracket');
    f.args++;
    if (t.kind === ',' && f.name) {
      expectOperand = true;
      return false;
    }
    if (t.kind !== ')') {
      fail(t.pos, `expected ')' (to close the '(' ${f.name ? `of ${f.name.text}(…) ` : ''}opened at column ${f.open.pos + 1}) but found ${describe(t)}`);
    }
    frames.pop();
    nesting--;
    if (f.name) operands.push(callNode(f.name, operands.splice(operands.length - f.args, f.args)));
    return false;
  }

  function callNode(t: Token, args: Ast[]): Ast {
    const name = t.text;
    const he = HERMITE.exec(name);
    const arity = he ? 1 : FUNCTION_ARITY[name as keyof typeof FUNCTION_ARITY];
    if (args.length !== arity) {
      fail(t.pos, `function '${name}' takes ${arity} argument${arity === 1 ? '' : 's'} (got ${args.length})`);
    }
    if (!he) return { type: 'call', fn: name as keyof typeof FUNCTION_ARITY, args };
    const n = Number(he[1]);
    if (n > MAX_HERMITE_DEGREE) fail(t.pos, `Hermite degree ${n} is above ${MAX_HERMITE_DEGREE} (use He0…He${MAX_HERMITE_DEGREE})`);
    return { type: 'hermite', n, arg: args[0] };
  }
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'end of input' : `'${clipText(t.text)}'`;
}

/** The closest known function name (edit distance 1, or 2 for long names), for "did you mean". */
function suggest(name: string): string | undefined {
  let best: string | undefined;
  let bestD = name.length <= 4 ? 2 : 3;
  for (const f of Object.keys(FUNCTION_ARITY)) {
    const d = editDistance(name.toLowerCase(), f);
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
