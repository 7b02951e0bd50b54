// One point of an expanded grid: what to call (command, options as the API takes them), the
// resolved configuration it is keyed by, and where each option came from in the grid file.
import type { SweepCommand } from './sweepOptions.js';

export interface SweepPoint {
  /** Position in the expansion order (shards take every N-th). */
  index: number;
  key: string;
  command: SweepCommand;
  /** API options (simulateSeeds / theory), derived values evaluated, m0 given as init. */
  options: Record<string, unknown>;
  /** The fully resolved configuration (defaults filled): what the key hashes. */
  config: Record<string, unknown>;
}
