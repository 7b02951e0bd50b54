// The `record` option: which steps a trajectory keeps (docs/model.md §3 observables are taken
// at those steps only). 'all', an explicit list of steps, 'every:K' (0, K, 2K, …, and T) or
// 'log:K' (K log-spaced steps from 1 to T, rounded and de-duplicated, plus 0 and T).
import { OptionRangeError, OptionTypeError } from '../errors.js';

export type RecordOption = 'all' | number[] | string;

/** Resolved record option: its canonical text (for the result's config) and the steps. */
export interface ResolvedRecord {
  name: string | number[];
  steps: number[];
}

/** Longest run kept whole by default; longer runs default to 'log:200'. */
export const RECORD_ALL_MAX_DEFAULT = 10_000;
/** At most this many recorded steps (each keeps p(p+k) numbers and more). */
export const MAX_RECORDED = 1_000_000;
const ALLOWED = "'all', 'every:K', 'log:K' (K an integer ≥ 1) or an array of steps from 0 to steps";

export function recordOption(value: unknown, T: number): ResolvedRecord {
  const v = value === undefined ? (T <= RECORD_ALL_MAX_DEFAULT ? 'all' : 'log:200') : value;
  let steps: number[];
  let name: string | number[];
  if (Array.isArray(v)) {
    if (v.length === 0) throw new OptionRangeError('record', `a non-empty array of integer steps from 0 to ${T}`, v);
    for (const s of v) {
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > T) throw new OptionRangeError('record', `an array of integer steps from 0 to ${T}`, v);
    }
    steps = [...new Set(v as number[])].sort((x, y) => x - y);
    name = steps;
  } else if (typeof v === 'string') {
    const s = v.trim();
    const m = /^(every|log):([0-9]+)$/.exec(s);
    if (s === 'all') steps = every(1, T, v);
    else if (m && Number(m[2]) >= 1 && Number(m[2]) <= 1e9) steps = m[1] === 'every' ? every(Number(m[2]), T, v) : logSpaced(Number(m[2]), T);
    else throw new OptionRangeError('record', ALLOWED, v);
    name = s;
  } else {
    throw new OptionTypeError('record', `must be ${ALLOWED}`);
  }
  if (steps.length > MAX_RECORDED) tooMany(steps.length, v);
  return { name, steps };
}

function tooMany(count: number, v: unknown): never {
  throw new OptionRangeError('record', `at most ${MAX_RECORDED} recorded steps (${count} asked; use 'log:K' or 'every:K')`, v);
}

/** 0, K, 2K, … and T. */
function every(K: number, T: number, v: unknown): number[] {
  const n = Math.floor(T / K) + 1;
  if (n > MAX_RECORDED) tooMany(n, v);
  const out = Array.from({ length: n }, (_, i) => i * K);
  if (out[out.length - 1] !== T) out.push(T);
  return out;
}

/** 0, then K points t_i = round(T^(i/(K−1))) for i = 0 … K−1 (1 … T), de-duplicated. */
function logSpaced(K: number, T: number): number[] {
  const out = new Set<number>([0]);
  if (T >= 1) {
    if (K === 1) out.add(T);
    else for (let i = 0; i < K && out.size <= MAX_RECORDED; i++) out.add(Math.min(T, Math.max(1, Math.round(T ** (i / (K - 1))))));
    out.add(T);
  }
  return [...out].sort((x, y) => x - y);
}
