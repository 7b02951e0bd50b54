// Typed errors of the library. Each one carries the name of the offending option so that
// the CLI can print a single line and exit with code 2, and API callers can branch on it.

/** An option has the wrong type (string for a number, unknown enum value, …). */
export class OptionTypeError extends TypeError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'OptionTypeError';
    this.option = option;
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

/** A target or activation expression does not parse, or uses an unknown name. */
export class ExpressionError extends SyntaxError {
  readonly option: string;
  readonly source: string;
  /** 0-based character offset of the problem in `source`. */
  readonly position: number;
  constructor(option: string, source: string, position: number, message: string) {
    super(`${option}: ${message} at column ${position + 1} of '${source}'`);
    this.name = 'ExpressionError';
    this.option = option;
    this.source = source;
    this.position = position;
  }
}

/** The run would need more WebAssembly memory than an engine can give (4 GiB). */
export class MemoryLimitError extends RangeError {
  readonly option: string;
  readonly bytesNeeded: number;
  readonly bytesAllowed: number;
  constructor(option: string, bytesNeeded: number, bytesAllowed: number) {
    super(
      `${option}: this run needs ${(bytesNeeded / 2 ** 30).toFixed(2)} GiB of WebAssembly memory, ` +
        `more than the ${(bytesAllowed / 2 ** 30).toFixed(2)} GiB available; lower d, n (alpha) or use storage 'f32'`,
    );
    this.name = 'MemoryLimitError';
    this.option = option;
    this.bytesNeeded = bytesNeeded;
    this.bytesAllowed = bytesAllowed;
  }
}

/**
 * The weights became NaN or infinite. `partial` holds everything computed before `step`
 * (steps 0 … step−1), so nothing already computed is lost.
 */
export class DivergenceError<T = unknown> extends Error {
  readonly step: number;
  readonly partial: T;
  constructor(step: number, partial: T, detail = 'the weights became NaN or infinite') {
    super(`diverged at step ${step}: ${detail}; lower lr (the steps before ${step} are kept)`);
    this.name = 'DivergenceError';
    this.step = step;
    this.partial = partial;
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
