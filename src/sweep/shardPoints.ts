// A shard i/N of a sweep: the points whose expansion index is ≡ i (mod N), so N array tasks
// cover the grid once and neighbouring (similar-cost) points spread over the tasks.
import { OptionRangeError } from '../errors.js';

export interface Shard {
  index: number;
  count: number;
}

export function checkShard(shard: Shard): Shard {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1) throw new OptionRangeError('shard', 'i/N with N a positive integer', `${index}/${count}`);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new OptionRangeError('shard', `i/N with i from 0 to N−1 = ${count - 1}`, `${index}/${count}`);
  }
  return shard;
}

export function shardPoints<T extends { index: number }>(points: T[], shard?: Shard): T[] {
  if (!shard) return points;
  checkShard(shard);
  return points.filter((p) => p.index % shard.count === shard.index);
}
