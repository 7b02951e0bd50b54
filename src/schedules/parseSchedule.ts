import { OptionRangeError, OptionTypeError } from '../errors.js';
import { epochs } from './epochs.js';
import { multiPass } from './multiPass.js';
import { resample } from './resample.js';
import type { Schedule } from './Schedule.js';
import { singlePass } from './singlePass.js';

const ALLOWED = "'multi-pass', 'single-pass', 'resample:R' or 'epochs:B'";

/** 'multi-pass' | 'single-pass' | 'resample:R' | 'epochs:B' → Schedule. */
export function parseSchedule(text: string): Schedule {
  if (typeof text !== 'string') throw new OptionTypeError('schedule', `must be ${ALLOWED} or a Schedule value`);
  const s = text.trim();
  if (s === 'multi-pass' || s === 'multipass' || s === 'full-batch') return multiPass;
  if (s === 'single-pass' || s === 'singlepass' || s === 'online') return singlePass;
  const m = /^(resample|epochs):(.*)$/.exec(s);
  if (m) {
    const v = m[2].trim();
    const num = /^[0-9]+$/.test(v) ? Number(v) : NaN;
    return m[1] === 'resample' ? resample(num) : epochs(num);
  }
  throw new OptionRangeError('schedule', ALLOWED, text);
}

export function isSchedule(v: unknown): v is Schedule {
  const s = v as Schedule;
  return typeof s === 'object' && s !== null && typeof s.name === 'string' && typeof s.step === 'function' &&
    typeof s.storedRows === 'function' && typeof s.stepRows === 'function';
}
