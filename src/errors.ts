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

/** What lowers the memory a run needs, by the option that drives it (the default advice). */
const MEMORY_ADVICE: Record<string, string> = {
  d: 'lower d or n (alpha)',
  alpha: 'lower n (alpha) or d',
  n: 'lower n (alpha) or d',
  samples: 'lower samples or steps, or spread the samples over more threads (each has its own 4 GiB)',
  p: 'lower p or k',
  k: 'lower k or p',
};

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
  constructor(option: string, bytesNeeded: number, bytesAllowed: number, advice = MEMORY_ADVICE[option] ?? `lower ${option}`) {
    super(`${option}: ${memoryNeed(bytesNeeded, bytesAllowed)}; ${advice}`);
    this.name = 'MemoryLimitError';
    this.option = option;
    this.bytesNeeded = bytesNeeded;
    this.bytesAllowed = bytesAllowed;
    this.advice = advice;
  }
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
