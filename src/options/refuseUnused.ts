// Options a function accepts in its type but does not use (theory takes SimulateOptions, but
// the d → ∞ theory has no d or storage) are refused, never silently ignored.
import { UnusedOptionError } from '../errors.js';

/** Throws UnusedOptionError for the first key of `unused` (option → why) that `options` sets. */
export function refuseUnused(options: object, unused: Readonly<Record<string, string>>, command: string): void {
  for (const [key, why] of Object.entries(unused)) {
    if ((options as Record<string, unknown>)[key] !== undefined) throw new UnusedOptionError(key, command, why);
  }
}
