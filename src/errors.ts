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
