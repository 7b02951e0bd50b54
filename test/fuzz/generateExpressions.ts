// Seeded generators of fuzz inputs for the expression language (test/expr.fuzz.test.ts):
// random tokens of the grammar, random valid expressions, mutations of valid expressions,
// non-ASCII input, 100 000-character inputs and 10 000-deep nesting.
import { mulberry32 } from '../helpers/mulberry32.js';

export type Rng = () => number;

export const rngFor = (seed: number): Rng => mulberry32(seed);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

const FUNCTIONS = ['tanh', 'sign', 'relu', 'abs', 'exp', 'log', 'sqrt', 'erf', 'sin', 'cos', 'step'];
const NUMBERS = ['0', '1', '2', '3', '0.5', '.25', '2.', '1e-3', '1E2', '7.5e+1', '1e308', '1e999', '0.1', '10', '64', '65', '-0'];
const OPERATORS = ['+', '-', '*', '/', '^', '**', '\u2212', '\u00b7', '\u00d7', '\u22c5'];

/** A variable of a target (z1…z4, sometimes out of range or malformed unless `clean`) or of an activation. */
function variable(rng: Rng, activation: boolean, clean: boolean): string {
  if (activation) return clean || rng() < 0.97 ? 'u' : pick(rng, ['x', 'z1', 'U', 'uu']);
  if (clean || rng() < 0.95) return `z${int(rng, 1, 4)}`;
  return pick(rng, ['z0', 'z01', 'z64', 'z65', 'z99999999999999999999', 'x', 'u', 'Z1']);
}

/**
 * A random expression of the grammar, nested at most `depth` levels: valid but for rare
 * deliberate slips (bad variables, 1e999, He11), none when `clean`.
 */
export function grammarExpression(rng: Rng, activation: boolean, depth = int(rng, 1, 6), clean = false): string {
  const sp = () => (rng() < 0.3 ? ' ' : '');
  if (depth <= 0 || rng() < 0.2) {
    const r = rng();
    if (r < 0.45) return variable(rng, activation, clean);
    if (r < 0.85) return clean ? pick(rng, ['1', '0.5', '2', '3e-1']) : pick(rng, NUMBERS).replace(/^-/, '');
    return pick(rng, ['pi', 'e']);
  }
  const sub = () => grammarExpression(rng, activation, depth - 1, clean);
  const r = rng();
  if (r < 0.35) return `${sub()}${sp()}${pick(rng, OPERATORS)}${sp()}${sub()}`;
  if (r < 0.45) return `-${sub()}`;
  if (r < 0.6) return `(${sub()})`;
  if (r < 0.85) return `${pick(rng, FUNCTIONS)}(${sub()})`;
  if (r < 0.93) return `${pick(rng, ['min', 'max'])}(${sub()},${sp()}${sub()})`;
  return `He${int(rng, 0, clean ? 10 : 11)}(${sub()})`;
}

const TOKENS = [
  ...FUNCTIONS, 'min', 'max', 'He3', 'He10', 'He11', 'pi', 'e', 'z1', 'z2', 'z3', 'z7', 'u', 'x', ...NUMBERS, ...OPERATORS,
  '(', ')', '(', ')', ',', ' ', '  ', '\t',
];

/** A random sequence of tokens of the grammar: mostly invalid, sometimes valid. */
export function tokenSoup(rng: Rng): string {
  const n = int(rng, 1, 30);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rng, TOKENS) + (rng() < 0.3 ? ' ' : '');
  return s;
}

const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

/** One to three random edits of a valid expression. */
export function mutate(rng: Rng, source: string): string {
  let s = source;
  for (let m = int(rng, 1, 3); m > 0; m--) {
    const i = int(rng, 0, s.length);
    const j = int(rng, i, Math.min(s.length, i + 6));
    switch (int(rng, 0, 5)) {
      case 0:
        s = s.slice(0, i) + s.slice(j);
        break;
      case 1:
        s = s.slice(0, i) + pick(rng, ASCII) + s.slice(i);
        break;
      case 2:
        s = s.slice(0, i) + pick(rng, TOKENS) + s.slice(j);
        break;
      case 3:
        s = s.slice(0, j) + s.slice(i, j) + s.slice(j);
        break;
      case 4:
        s = s.slice(0, i) + pick(rng, ['(', ')', ',', '^', '-']) + s.slice(i);
        break;
      default:
        s = s.slice(0, i) + s.slice(j) + s.slice(i, j);
    }
  }
  return s;
}

/** Code points outside ASCII: Latin and Greek, math operators, emoji (surrogate pairs), lone surrogates, spaces, controls. */
function unicodePoint(rng: Rng): string {
  const r = rng();
  if (r < 0.2) return String.fromCodePoint(int(rng, 0x80, 0x3ff));
  if (r < 0.35) return String.fromCodePoint(int(rng, 0x2200, 0x22ff));
  if (r < 0.55) return String.fromCodePoint(int(rng, 0x1f300, 0x1f64f));
  if (r < 0.65) return String.fromCodePoint(int(rng, 0x1d400, 0x1d7ff)); // mathematical letters 𝓍, 𝑢
  if (r < 0.75) return String.fromCharCode(int(rng, 0xd800, 0xdfff)); // half of a pair
  if (r < 0.85) return pick(rng, ['\u00a0', '\u200b', '\u202e', '\ufeff', '\u3000', '\u2028', '\0', '\u0301']);
  return String.fromCodePoint(int(rng, 0xff10, 0xff5a)); // full-width digits and letters
}

/** A valid expression with one to three non-ASCII code points inserted, or replacing characters. */
export function withUnicode(rng: Rng, source: string): string {
  let s = source;
  for (let m = int(rng, 1, 3); m > 0; m--) {
    const i = int(rng, 0, s.length);
    s = s.slice(0, i) + unicodePoint(rng) + s.slice(i + (rng() < 0.5 ? 1 : 0));
  }
  return s;
}

/** As many whole copies of `part`, joined by `sep`, as fit in `length` characters, padded with spaces to it. */
export function repeatTo(part: string, sep: string, length: number): string {
  const n = Math.floor((length + sep.length) / (part.length + sep.length));
  return Array(n).fill(part).join(sep).padEnd(length, ' ');
}

/** Inputs of about 100 000 characters, on both sides of MAX_EXPRESSION_LENGTH. */
export function hugeInputs(rng: Rng, maxLength: number): string[] {
  const grammarFill = (activation: boolean) => {
    let s = grammarExpression(rng, activation, 4, true);
    for (;;) {
      const next = `+${grammarExpression(rng, activation, 4, true)}`;
      if (s.length + next.length > maxLength) return s;
      s += next;
    }
  };
  return [
    repeatTo('z1', '+', maxLength), repeatTo('z1', '+', maxLength + 1), repeatTo('u', '-', maxLength), repeatTo('z2*z1', '+', maxLength),
    repeatTo('sin(u)', '*', maxLength), repeatTo('tanh(z1)', '-', maxLength), repeatTo('u', '/', 80_000),
    grammarFill(false), grammarFill(true), mutate(rng, grammarFill(false)), withUnicode(rng, grammarFill(true)),
    '1'.repeat(maxLength), 'z'.repeat(maxLength), ' '.repeat(maxLength), `z${'9'.repeat(maxLength - 1)}`,
    Array.from({ length: maxLength }, () => pick(rng, TOKENS)).join('').slice(0, maxLength + 5_000),
  ];
}

/** Nesting of 10 000 levels, and around the limit `maxDepth`, in every form the grammar has. */
export function deepInputs(maxDepth: number): string[] {
  const forms = (n: number): string[] => [
    `${'('.repeat(n)}z1${')'.repeat(n)}`, `${'tanh('.repeat(n)}u${')'.repeat(n)}`, `${'-'.repeat(n)}z1`,
    Array(n + 1).fill('u').join('^'), `${'max(z1,'.repeat(n)}z2${')'.repeat(n)}`, `${'He2('.repeat(n)}u${')'.repeat(n)}`,
    `${'(u*'.repeat(n)}u${')'.repeat(n)}`, `${'('.repeat(n)}z1`, `z1${')'.repeat(n)}`, `${'-('.repeat(n)}u${')'.repeat(n)}`,
  ];
  return [10_000, maxDepth - 2, maxDepth - 1, maxDepth, maxDepth + 1].flatMap(forms);
}
