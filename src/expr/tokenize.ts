// Splits an expression into tokens, keeping each token's 0-based position for error messages.
// Accepts the typographic forms that appear in docs/model.md and papers (−, ·, ×) and ** for ^.
// One pass with sticky regular expressions: linear in the length (src/expr/limits.ts).
import { ExpressionError } from '../errors.js';

export type TokenKind = 'num' | 'ident' | 'op' | '(' | ')' | ',' | 'end';

export interface Token {
  kind: TokenKind;
  /** Normalised text: '-' for '−', '*' for '·' and '×', '^' for '**'. */
  text: string;
  pos: number;
  value?: number;
}

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPACE = /\s+/y;
const OPERATOR_ALIASES: Record<string, string> = {
  '+': '+', '-': '-', '\u2212': '-', '*': '*', '\u00b7': '*', '\u00d7': '*', '\u22c5': '*', '/': '/', '^': '^',
};

function matchAt(re: RegExp, source: string, i: number): string | undefined {
  re.lastIndex = i;
  return re.exec(source)?.[0];
}

export function tokenize(source: string, option: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const space = matchAt(SPACE, source, i);
    if (space) {
      i += space.length;
      continue;
    }
    const num = matchAt(NUMBER, source, i);
    if (num) {
      tokens.push({ kind: 'num', text: num, pos: i, value: Number(num) });
      i += num.length;
      continue;
    }
    const id = matchAt(IDENT, source, i);
    if (id) {
      tokens.push({ kind: 'ident', text: id, pos: i });
      i += id.length;
      continue;
    }
    const ch = source[i];
    if (ch === '*' && source[i + 1] === '*') {
      tokens.push({ kind: 'op', text: '^', pos: i });
      i += 2;
      continue;
    }
    const op = OPERATOR_ALIASES[ch];
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, text: ch, pos: i });
      i++;
      continue;
    }
    // Quote the whole code point (an emoji is two UTF-16 units), not half a surrogate pair.
    const point = String.fromCodePoint(source.codePointAt(i) as number);
    throw new ExpressionError(option, source, i, `unexpected character '${point}'`);
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}
