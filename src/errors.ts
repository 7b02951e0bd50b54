// Typed errors of the library. Each one carries the name of the offending option so that
// the CLI can print a single line and exit with code 2, and API callers can branch on it.
import { MEMORY_ADVICE } from './options/memoryAdvice.js';

/** An option has the wrong type (string for a number, unknown enum value, …). */
export class OptionTypeError extends TypeError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'OptionTypeError';
    this.option = option;
  }
}

/**
 * An option the called function does not use (a simulation-only option given to theory, a
 * DMFT-only option to the single-pass theory): refused rather than silently ignored.
 */
export class UnusedOptionError extends OptionTypeError {
  /** The function or command that does not use it ('theory', "theory with method 'single-pass'"). */
  readonly command: string;
  constructor(option: string, command: string, why: string) {
    super(option, `not used by ${command}: ${why}`);
    this.name = 'UnusedOptionError';
    this.command = command;
  }
}

/** An option is outside its allowed range (including NaN and ±Infinity). */
export class OptionRangeError extends RangeError {
  readonly option: string;
  readonly allowed: string;
  constructor(option: string, allowed: string, got: unknown) {
    super(`${option} must be ${allowed} (got ${formatValue(got)})`);
    this.name = 'OptionRangeError';
    this.option = option;
    this.allowed = allowed;
  }
}

/** A target or activation expression does not parse, uses an unknown name or exceeds a limit of src/expr/limits.ts. */
export class ExpressionError extends SyntaxError {
  readonly option: string;
  readonly source: string;
  /** 0-based UTF-16 offset of the problem in `source`; −1 when the problem has no position (a size limit of a derived expression). */
  readonly position: number;
  /** 1-based column of the problem counted in code points (what an editor shows); 0 without a position. */
  readonly column: number;
  /** The message without the option and the position (to re-raise it against a larger source). */
  readonly detail: string;
  constructor(option: string, source: string, position: number, message: string) {
    const column = position < 0 ? 0 : codePointColumn(source, position);
    super(position < 0 ? `${option}: ${message}` : `${option}: ${message} at column ${column} of '${excerpt(source, position)}'`);
    this.name = 'ExpressionError';
    this.option = option;
    this.source = source;
    this.position = position;
    this.column = column;
    this.detail = message;
  }
}

/** Characters quoted on each side of an error position, so that a message stays one readable line. */
const EXCERPT_RADIUS = 40;

function codePointColumn(source: string, position: number): number {
  let column = 1;
  for (let i = 0; i < position && i < source.length; i++) {
    const c = source.charCodeAt(i);
    // A high surrogate followed by a low one is one code point: count it once.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < position) {
      const lo = source.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) i++;
    }
    column++;
  }
  return column;
}

/**
 * The source itself when short, else at most EXCERPT_RADIUS code units on each side of
 * `position`, cut ends marked with '…' and never between the two halves of a surrogate pair.
 */
function excerpt(source: string, position: number): string {
  if (source.length <= 2 * EXCERPT_RADIUS + 1) return source;
  const low = (i: number) => i > 0 && i < source.length && (source.charCodeAt(i) & 0xfc00) === 0xdc00 && (source.charCodeAt(i - 1) & 0xfc00) === 0xd800;
  let from = Math.max(0, position - EXCERPT_RADIUS);
  if (low(from)) from--;
  let to = Math.min(source.length, position + EXCERPT_RADIUS + 1);
  if (low(to)) to++;
  return `${from > 0 ? '…' : ''}${source.slice(from, to)}${to < source.length ? '…' : ''}`;
}

/**
 * The run would need more WebAssembly memory than an engine can give (4 GiB). `advice` says
 * what helps (default: by option, MEMORY_ADVICE); sizes that are not finite are left out of
 * the message rather than printed as NaN.
 */
export class MemoryLimitError extends RangeError {
  readonly option: string;
  readonly bytesNeeded: number;
  readonly bytesAllowed: number;
  readonly advice: string;
  /** Which limit: one WebAssembly memory (4 GiB) or, for runs sharded over several, the machine's memory. */
  readonly limit: 'wasm' | 'machine';
  /** With limit 'machine': the bytes free when the run was refused (not in the message, which stays the same from call to call). */
  readonly freeBytes?: number;
  constructor(option: string, bytesNeeded: number, bytesAllowed: number, advice = MEMORY_ADVICE[option] ?? `lower ${option}`, limit: 'wasm' | 'machine' = 'wasm', freeBytes?: number) {
    super(`${option}: ${limit === 'machine' ? machineNeed(bytesNeeded, bytesAllowed) : memoryNeed(bytesNeeded, bytesAllowed)}; ${advice}`);
    this.limit = limit;
    if (freeBytes !== undefined) this.freeBytes = freeBytes;
    this.name = 'MemoryLimitError';
    this.option = option;
    this.bytesNeeded = bytesNeeded;
    this.bytesAllowed = bytesAllowed;
    this.advice = advice;
  }
}

function machineNeed(needed: number, total: number): string {
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  return `this run needs ${gib(needed)} of memory, more than this machine's ${gib(total)}`;
}

function memoryNeed(needed: number, allowed: number): string {
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  const need = Number.isFinite(needed) ? `needs ${gib(needed)} of WebAssembly memory` : 'needs more WebAssembly memory';
  const have = Number.isFinite(allowed) ? `than the ${gib(allowed)} available` : 'than is available (4 GiB per instance)';
  return `this run ${need}, more ${have}`;
}

/**
 * The weights became NaN or infinite. `partial` holds everything computed before `step`
 * (steps 0 … step−1), so nothing already computed is lost.
 */
export class DivergenceError<T = unknown> extends Error {
  readonly step: number;
  readonly partial: T;
  /** What became non-finite (the message without the step and the advice). */
  readonly detail: string;
  constructor(step: number, partial: T, detail = 'the weights became NaN or infinite', advice = 'lower lr') {
    super(`diverged at step ${step}: ${detail}; ${advice} (the steps before ${step} are kept)`);
    this.name = 'DivergenceError';
    this.step = step;
    this.partial = partial;
    this.detail = detail;
  }
}

/**
 * The target or the activation is NaN or infinite on Gaussian data (a pole, the logarithm of a
 * negative number, an overflow): a property of the expression, told apart from a diverging
 * trajectory. Found before any work (the expression probed on Gaussian points, docs/model.md §1),
 * `step` and `partial` are undefined (CLI exit 2). Found on the labels of a batch during a run,
 * `step` is the step that batch would have made and `partial` holds the steps before it (CLI
 * exit 1, the partial result written).
 */
export class NonFiniteExpressionError<T = unknown> extends RangeError {
  readonly option: 'target' | 'activation';
  readonly source: string;
  /** The point where it is not finite: z (k values) for the target, u (one value) for the activation. */
  readonly point: number[];
  readonly value: number;
  readonly step: number | undefined;
  readonly partial: T | undefined;
  constructor(
    option: 'target' | 'activation', source: string, what: string, point: number[], value: number,
    found?: { step: number; partial: T },
  ) {
    const at = `${option === 'target' ? 'z' : 'u'} = (${point.map((x) => x.toPrecision(6)).join(', ')})`;
    const where = found ? ` on the data of step ${found.step} (the steps before ${found.step} are kept)` : '';
    super(`${option} '${source}' is not finite on Gaussian data: ${what} = ${value} at ${at}${where}`);
    this.name = 'NonFiniteExpressionError';
    this.option = option;
    this.source = source;
    this.point = point;
    this.value = value;
    this.step = found?.step;
    this.partial = found?.partial;
  }
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/**
 * A sweep grid file is malformed: `path` is where in the file (['grid', 'lr', 2]); the CLI
 * turns it into a file and line. Also raised for an unknown option, an empty product and a
 * derived value that does not evaluate.
 */
export class SweepGridError extends Error {
  readonly path: (string | number)[];
  readonly detail: string;
  constructor(path: (string | number)[], detail: string) {
    super(`${path.length > 0 ? path.join('.') + ': ' : ''}${detail}`);
    this.name = 'SweepGridError';
    this.path = path;
    this.detail = detail;
  }
}

/** A sweep store cannot be used: written by a newer format, or not a store at all. */
export class SweepStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepStoreError';
  }
}
