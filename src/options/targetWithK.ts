// The target and its number of directions k, validated together: an explicit k is checked
// against the range of k, and a target whose largest index exceeds that range is refused
// naming the target (the option the user gave), not k.
import { parseTarget, type ParsedTarget } from '../expr/index.js';
import { checkOption, OPTION_RANGES } from './optionRanges.js';

export function targetWithK(target: unknown, k: number | undefined): ParsedTarget {
  if (k !== undefined) checkOption('k', k);
  return parseTarget(target as string, { k, maxK: OPTION_RANGES.k.max, option: 'target' });
}
