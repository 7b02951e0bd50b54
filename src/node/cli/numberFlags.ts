// The number flags of a command, parsed: shared by every command (main.ts, simulateFlags.ts,
// reproduce.ts), so that a malformed number is refused the same way everywhere.
import { flagName } from './flagName.js';
import { parseNumberFlag } from './parseNumberFlag.js';

export type Flags = Record<string, string | boolean | undefined>;

/**
 * The flags among `keys` that were given, parsed; an error names the flag ('longHorizon' →
 * --long-horizon). By default a flag was given when it has a value; `given` overrides that.
 */
export function numberFlags<K extends string>(o: Flags, keys: readonly K[], given: (key: K) => boolean = (key) => o[key] !== undefined): Partial<Record<K, number>> {
  const parsed: Partial<Record<K, number>> = {};
  for (const key of keys) if (given(key)) parsed[key] = parseNumberFlag(flagName(key), String(o[key]));
  return parsed;
}
