// A sweep grid after its shape is checked (parseGridSpec): which command, the options crossed
// (grid), the options every point shares (fixed), and explicit points, each crossed with grid.
import type { SweepCommand } from './sweepOptions.js';

export type GridValue = number | string | boolean | number[][] | { m0: number[][] };

export interface GridSpec {
  command: SweepCommand;
  /** option → values; the points are their cartesian product (first key slowest). */
  grid: [string, GridValue[]][];
  fixed: [string, GridValue][];
  /** Explicit option maps; each is crossed with grid. [{}] when the file has none. */
  points: [string, GridValue][][];
}
