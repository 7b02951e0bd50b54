// Parses a target f*(z1…zk) (docs/model.md §1): an expression in z1…zk or a name of
// TARGET_ALIASES. k is the largest index used, or opts.k when given (then no index may
// exceed it); opts.maxK bounds k (the analyser allows k ≤ 6, for instance), and k never exceeds
// the library's MAX_K (the range of the option k).
import { ExpressionError, OptionRangeError, OptionTypeError } from '../errors.js';
import { checkOption, OPTION_RANGES } from '../options/optionRanges.js';

/** The range of the option k (src/options/optionRanges.ts). */
const MAX_K = OPTION_RANGES.k.max;
import { clipText } from './clipText.js';
import { committeeTarget, isCommittee, type CommitteeLimit } from './committeeTarget.js';
import type { Ast } from './ast.js';
import { parseExpression } from './parseExpression.js';
import { TARGET_ALIASES } from './targetAliases.js';

export interface ParsedTarget {
  /** The expression parsed (an alias is replaced by its expression). */
  source: string;
  ast: Ast;
  /** Number of target directions: the largest index used, or opts.k; a constant target has k = 1. */
  k: number;
  /** 1-based indices of the variables that occur, ascending. */
  variables: number[];
  /** The alias name, when one was given ('paper-2'); a committee(σ, k) keeps its text in `source`. */
  alias?: string;
}

export interface ParseTargetOptions {
  k?: number;
  maxK?: number;
  option?: string;
}

const VARIABLE = /^z(\d+)$/;

export function parseTarget(source: string, opts: ParseTargetOptions = {}): ParsedTarget {
  const option = opts.option ?? 'target';
  if (typeof source !== 'string') throw new OptionTypeError(option, `must be an expression string such as 'tanh(z1 + He3(z2))' (got ${typeof source})`);
  const { k, maxK } = opts;
  if (k !== undefined) checkOption('k', k);
  if (maxK !== undefined && (!Number.isInteger(maxK) || maxK < 1)) throw new OptionRangeError('maxK', 'an integer ≥ 1', maxK);
  if (k !== undefined && maxK !== undefined && k > maxK) throw new OptionRangeError('k', `an integer from 1 to ${maxK}`, k);
  if (isCommittee(source)) return committee(source, option, k, maxK);
  const alias = Object.prototype.hasOwnProperty.call(TARGET_ALIASES, source.trim()) ? source.trim() : undefined;
  const text = alias ? TARGET_ALIASES[alias] : source;
  const used = new Set<number>();
  const ast = parseExpression(text, {
    option,
    resolveVariable(name, pos) {
      const fail = (msg: string): never => {
        throw new ExpressionError(option, text, pos, msg);
      };
      const m = VARIABLE.exec(name);
      if (!m) return fail(`unknown variable '${clipText(name)}' (targets use z1…zk)`);
      if (m[1].length > 1 && m[1][0] === '0') fail(`write '${'z' + clipText(m[1].replace(/^0+(?=\d)/, ''))}' instead of '${clipText(name)}'`);
      // Compared as digits first: z99999999999999999999 is not an exactly representable index.
      const n = m[1].length > String(MAX_K).length ? Infinity : Number(m[1]);
      if (n === 0) fail("unknown variable 'z0' (targets use z1…zk: the first direction is z1)");
      if (k !== undefined && n > k) fail(`variable '${clipText(name)}' is above k = ${k} (use z1…z${k})`);
      if (maxK !== undefined && n > maxK) fail(`variable '${clipText(name)}' needs k = ${clipText(m[1])}, above the maximum of ${maxK} directions`);
      if (n > MAX_K) fail(`variable '${clipText(name)}' needs k = ${clipText(m[1])}, above the limit of ${MAX_K} directions (the range of k)`);
      used.add(n);
      return { index: n - 1, name };
    },
  });
  const variables = [...used].sort((a, b) => a - b);
  return {
    source: text,
    ast,
    k: k ?? Math.max(1, ...variables),
    variables,
    ...(alias ? { alias } : {}),
  };
}

/** committee(σ, k) (committeeTarget.ts): `source` stays the text written, `ast` is the sum. */
function committee(source: string, option: string, k: number | undefined, maxK: number | undefined): ParsedTarget {
  const limit: CommitteeLimit =
    k !== undefined ? { max: k, name: `k = ${k}` }
      : maxK !== undefined && maxK < MAX_K ? { max: maxK, name: `the maximum of ${maxK} directions` }
        : { max: MAX_K, name: `the limit of ${MAX_K} directions (the range of k)` };
  const parsed = committeeTarget(source, option, limit);
  return {
    source: source.trim(),
    ast: parsed.ast,
    k: k ?? parsed.k,
    variables: Array.from({ length: parsed.k }, (_, r) => r + 1),
  };
}
