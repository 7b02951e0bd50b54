// Recursive-descent parser of the expression language. Grammar:
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := primary ('^' unary)?          right-associative; -u^2 = -(u^2), 2^-u = 2^(-u)
//   primary := number | 'pi' | 'e' | variable | name '(' expr (',' expr)* ')' | '(' expr ')'
// No implicit multiplication. Variables are resolved by the caller (targets: z1…zk,
// activations: u), which also words the error for an unknown one.
import { ExpressionError } from '../errors.js';
import type { Ast } from './ast.js';
import { FUNCTION_ARITY, MAX_HERMITE_DEGREE, isFunctionName } from './functionTable.js';
import { tokenize, type Token } from './tokenize.js';

export interface ParseOptions {
  /** Option name reported in errors ('target', 'activation', …). */
  option: string;
  /** Returns the variable node for `name`, or throws an ExpressionError at `pos`. */
  resolveVariable(name: string, pos: number): { index: number; name: string };
}

const MAX_DEPTH = 200;
const HERMITE = /^He(\d+)$/;

export function knownFunctionsText(): string {
  return [...Object.keys(FUNCTION_ARITY), `He0…He${MAX_HERMITE_DEGREE}`].join(', ');
}

export function parseExpression(source: string, opts: ParseOptions): Ast {
  const { option } = opts;
  const fail = (pos: number, msg: string): never => {
    throw new ExpressionError(option, source, pos, msg);
  };
  const tokens = tokenize(source, option);
  if (tokens.length === 1) fail(0, 'empty expression');
  let at = 0;
  let depth = 0;
  const peek = (): Token => tokens[at];
  const next = (): Token => tokens[at++];
  const describe = (t: Token): string => (t.kind === 'end' ? 'end of input' : `'${t.text}'`);

  function parseExpr(): Ast {
    if (++depth > MAX_DEPTH) fail(peek().pos, `expression nested more than ${MAX_DEPTH} levels deep`);
    let left = parseTerm();
    while (peek().kind === 'op' && (peek().text === '+' || peek().text === '-')) {
      const op = next().text as '+' | '-';
      left = { type: 'binary', op, left, right: parseTerm() };
    }
    depth--;
    return left;
  }

  function parseTerm(): Ast {
    let left = parseUnary();
    while (peek().kind === 'op' && (peek().text === '*' || peek().text === '/')) {
      const op = next().text as '*' | '/';
      left = { type: 'binary', op, left, right: parseUnary() };
    }
    return left;
  }

  function parseUnary(): Ast {
    const t = peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      next();
      if (++depth > MAX_DEPTH) fail(t.pos, `expression nested more than ${MAX_DEPTH} levels deep`);
      const arg = parseUnary();
      depth--;
      return t.text === '-' ? { type: 'neg', arg } : arg;
    }
    return parsePower();
  }

  function parsePower(): Ast {
    const base = parsePrimary();
    if (peek().kind === 'op' && peek().text === '^') {
      next();
      if (++depth > MAX_DEPTH) fail(peek().pos, `expression nested more than ${MAX_DEPTH} levels deep`);
      const exponent = parseUnary();
      depth--;
      return { type: 'binary', op: '^', left: base, right: exponent };
    }
    return base;
  }

  function expectClose(open: Token, what: string): void {
    const t = next();
    if (t.kind !== ')') {
      fail(t.pos, `expected ')' (to close the '(' ${what}opened at column ${open.pos + 1}) but found ${describe(t)}`);
    }
  }

  function parsePrimary(): Ast {
    const t = next();
    if (t.kind === 'num') {
      if (!Number.isFinite(t.value)) fail(t.pos, `number '${t.text}' is too large`);
      return { type: 'num', value: t.value as number };
    }
    if (t.kind === '(') {
      const inner = parseExpr();
      expectClose(t, '');
      return inner;
    }
    if (t.kind === 'ident') {
      const name = t.text;
      const isCall = peek().kind === '(';
      const he = HERMITE.exec(name);
      if (isFunctionName(name) || he) {
        if (!isCall) fail(peek().pos, `expected '(' after function '${name}' but found ${describe(peek())}`);
        const open = next();
        const args = [parseExpr()];
        while (peek().kind === ',') {
          next();
          args.push(parseExpr());
        }
        expectClose(open, `of ${name}(…) `);
        const arity = he ? 1 : FUNCTION_ARITY[name as keyof typeof FUNCTION_ARITY];
        if (args.length !== arity) {
          fail(t.pos, `function '${name}' takes ${arity} argument${arity === 1 ? '' : 's'} (got ${args.length})`);
        }
        if (he) {
          const n = Number(he[1]);
          if (n > MAX_HERMITE_DEGREE) {
            fail(t.pos, `Hermite degree ${n} is above ${MAX_HERMITE_DEGREE} (use He0…He${MAX_HERMITE_DEGREE})`);
          }
          return { type: 'hermite', n, arg: args[0] };
        }
        return { type: 'call', fn: name as keyof typeof FUNCTION_ARITY, args };
      }
      if (isCall) {
        const hint = suggest(name);
        fail(t.pos, `unknown function '${name}'${hint ? ` (did you mean '${hint}'?)` : ''} (known: ${knownFunctionsText()})`);
      }
      if (name === 'pi') return { type: 'num', value: Math.PI, name: 'pi' };
      if (name === 'e') return { type: 'num', value: Math.E, name: 'e' };
      const v = opts.resolveVariable(name, t.pos);
      return { type: 'var', index: v.index, name: v.name };
    }
    if (t.kind === 'end') fail(t.pos, 'expected a number, a variable, a function call or \'(\' but found end of input');
    if (t.kind === ')') fail(t.pos, "expected a number, a variable, a function call or '(' but found ')'");
    return fail(t.pos, `expected a number, a variable, a function call or '(' but found ${describe(t)}`);
  }

  const ast = parseExpr();
  const t = peek();
  if (t.kind !== 'end') {
    if (t.kind === ')') fail(t.pos, "unmatched ')'");
    if (t.kind === 'num' || t.kind === 'ident' || t.kind === '(') {
      fail(t.pos, `expected an operator (+ - * / ^) before ${describe(t)} (there is no implicit multiplication: write a*b)`);
    }
    fail(t.pos, `unexpected ${describe(t)}`);
  }
  return ast;
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
