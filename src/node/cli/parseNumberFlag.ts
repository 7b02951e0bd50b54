// Strict number parsing for flags: Number('') is 0 and parseFloat('12abc') is 12, so neither
// is used alone. Only plain decimal literals with an optional exponent ('5e3', '-0.25', '.5')
// pass; ranges and integrality are checked by the API, which names the option and its range.
import { CliUsageError } from './CliUsageError.js';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The finite number `text` spells, or CliUsageError naming `flag`. */
export function parseNumberFlag(flag: string, text: string): number {
  const value = DECIMAL.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new CliUsageError(`${flag} must be a finite number (got '${text}')`);
  return value;
}
