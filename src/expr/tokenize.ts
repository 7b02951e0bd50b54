// Splits an expression into tokens, keeping each token's 0-based position for error messages.
// Accepts the typographic forms that appear in docs/model.md and papers (−, ·, ×) and ** for ^.
import { ExpressionError } from '../errors.js';

export type TokenKind = 'num' | 'ident' | 'op' | '(' | ')' | ',' | 'end';

export interface Token {
  kind: TokenKind;
  /** Normalised text: '-' for '−', '*' for '·' and '×', '^' for '**'. */
  text: string;
  pos: number;
  value?: number;
}

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATOR_ALIASES: Record<string, string> = {
  '+': '+', '-': '-', '\u2212': '-', '*': '*', '\u00b7': '*', '\u00d7': '*', '\u22c5': '*', '/': '/', '^': '^',
};

export function tokenize(source: string, option: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ kind: 'num', text: num[0], pos: i, value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      tokens.push({ kind: 'ident', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    if (rest.startsWith('**')) {
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
    throw new ExpressionError(option, source, i, `unexpected character '${ch}'`);
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}
