// Derived values of a sweep grid ('50*d', '0.01*d^-1'): numbers, option names, + − * / ^ and
// parentheses. Configuration values, not trajectory floats, so plain JS arithmetic is used;
// the value is evaluated once, stored in the point's config and hashed, so a store always
// reproduces exactly. Integer powers are repeated multiplication (exact and the same in every
// engine); other powers use Math.pow.

type Token = { kind: 'num'; value: number; at: number } | { kind: 'name'; name: string; at: number } | { kind: 'op'; op: string; at: number };

/** Thrown with the 0-based column; parseGridSpec adds the file position. */
export class ConfigExpressionError extends Error {
  constructor(readonly source: string, readonly column: number, detail: string) {
    super(`${detail} at column ${column + 1} of '${source}'`);
    this.name = 'ConfigExpressionError';
  }
}

const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/^()]))/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(source);
    if (!m) throw new ConfigExpressionError(source, at + (source.slice(at).length - source.slice(at).trimStart().length), 'unexpected character');
    const start = m.index + m[0].length - (m[1] ?? m[2] ?? m[3]).length;
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]), at: start });
    else if (m[2] !== undefined) tokens.push({ kind: 'name', name: m[2], at: start });
    else tokens.push({ kind: 'op', op: m[3], at: start });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

/** The names an expression refers to (to order derived values by dependency). */
export function expressionNames(source: string): string[] {
  return tokenize(source).flatMap((t) => (t.kind === 'name' ? [t.name] : []));
}

/** Integer powers by squaring (exact for small results, identical across engines). */
function power(base: number, exponent: number): number {
  if (!Number.isInteger(exponent) || Math.abs(exponent) > 1024) return Math.pow(base, exponent);
  let result = 1;
  let b = base;
  for (let e = Math.abs(exponent); e > 0; e >>= 1) {
    if (e & 1) result *= b;
    b *= b;
  }
  return exponent < 0 ? 1 / result : result;
}

/**
 * The value of `source` with names looked up in `scope`. Grammar: sum = product (('+'|'-') product)*,
 * product = unary (('*'|'/') unary)*, unary = '-' unary | power, power = atom ('^' unary)?
 * (right-associative, binding tighter than a leading minus: -2^2 = -4), atom = number | name | '(' sum ')'.
 */
export function evaluateConfigExpression(source: string, scope: Record<string, number>): number {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const fail = (detail: string): never => {
    throw new ConfigExpressionError(source, tokens[i]?.at ?? source.length, detail);
  };
  const isOp = (op: string) => peek()?.kind === 'op' && (peek() as { op: string }).op === op;
  const atom = (): number => {
    const t = peek();
    if (!t) return fail('expected a number, a name or (');
    if (t.kind === 'num') return (i++, t.value);
    if (t.kind === 'name') {
      if (!(t.name in scope)) fail(`unknown name '${t.name}' (the point sets ${Object.keys(scope).join(', ') || 'no numeric option'})`);
      i++;
      return scope[t.name];
    }
    if (t.op === '(') {
      i++;
      const v = sum();
      if (!isOp(')')) fail('expected )');
      i++;
      return v;
    }
    return fail(`unexpected '${t.op}'`);
  };
  const pow = (): number => {
    const base = atom();
    if (!isOp('^')) return base;
    i++;
    return power(base, unary());
  };
  const unary = (): number => {
    if (isOp('-')) return (i++, -unary());
    if (isOp('+')) return (i++, unary());
    return pow();
  };
  const product = (): number => {
    let v = unary();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[i++] as { op: string }).op;
      const r = unary();
      v = op === '*' ? v * r : v / r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[i++] as { op: string }).op;
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  if (tokens.length === 0) fail('empty expression');
  const value = sum();
  if (i < tokens.length) fail('unexpected token');
  if (!Number.isFinite(value)) throw new ConfigExpressionError(source, 0, `evaluates to ${value}`);
  return value;
}
