// Validation helpers (mljs style): each names the option and the allowed range; NaN and
// ±Infinity are caught because every comparison below is written to fail on them.
import { OptionRangeError, OptionTypeError } from '../errors.js';

export function integerOption(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') throw new OptionTypeError(option, `must be a number (got ${typeof value})`);
  if (!Number.isInteger(value) || !(value >= min && value <= max)) {
    throw new OptionRangeError(option, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

export interface NumberRange {
  min?: number;
  max?: number;
  /** Reject value === min (e.g. lr must be > 0). */
  exclusiveMin?: boolean;
  /** Reject value === max. */
  exclusiveMax?: boolean;
}

export function numberOption(option: string, value: unknown, range: NumberRange): number {
  if (typeof value !== 'number') throw new OptionTypeError(option, `must be a number (got ${typeof value})`);
  const { min = -Infinity, max = Infinity, exclusiveMin = false, exclusiveMax = false } = range;
  const ok =
    Number.isFinite(value) &&
    (exclusiveMin ? value > min : value >= min) &&
    (exclusiveMax ? value < max : value <= max);
  if (!ok) throw new OptionRangeError(option, describeRange(range), value);
  return value;
}

function describeRange({ min, max, exclusiveMin, exclusiveMax }: NumberRange): string {
  const lo = min === undefined ? '' : exclusiveMin ? `> ${min}` : `≥ ${min}`;
  const hi = max === undefined ? '' : exclusiveMax ? `< ${max}` : `≤ ${max}`;
  return ['a finite number', lo, hi].filter(Boolean).join(' ').replace(/ (≥|>|≤|<)/, ' $1').replace(/(\d) (≤|<)/, '$1 and $2');
}

export function enumOption<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new OptionRangeError(option, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value as T;
}

/** Rejects keys that are not options (a typo must not silently fall back to a default). */
export function knownKeys(options: object, allowed: readonly string[], what = 'option'): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new OptionTypeError(key, `unknown ${what} (known: ${allowed.join(', ')})`);
    }
  }
}
