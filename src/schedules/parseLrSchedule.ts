// The text form of a learning-rate schedule: 'constant', 'step:GAMMA@EVERY', 'inverse:T0',
// 'cosine', 'warmup:W', or several joined by '+' (their factors multiply), e.g.
// 'warmup:50+cosine'. One validator for the API and the CLI.
import { OptionRangeError, OptionTypeError } from '../errors.js';
import { CONSTANT_LR, type LrFactor, type LrSchedule } from './LrSchedule.js';

const SPEC = "'constant', 'step:GAMMA@EVERY', 'inverse:T0', 'cosine', 'warmup:W' or factors joined by '+' (e.g. 'warmup:50+cosine')";
const NUM = '([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)';

export function parseLrSchedule(value: unknown): LrSchedule {
  if (isLrSchedule(value)) return lrScheduleOf(value.factors.map(checkFactor));
  if (typeof value !== 'string') throw new OptionTypeError('lrSchedule', `must be ${SPEC} or an LrSchedule value`);
  const text = value.trim();
  if (text === 'constant') return CONSTANT_LR;
  return lrScheduleOf(text.split('+').map((part) => checkFactor(parseFactor(part.trim(), value))));
}

function parseFactor(part: string, whole: string): LrFactor {
  let m: RegExpExecArray | null;
  if (part === 'cosine') return { kind: 'cosine' };
  if ((m = new RegExp(`^step:${NUM}@([0-9]+)$`).exec(part))) return { kind: 'step', gamma: Number(m[1]), every: Number(m[2]) };
  if ((m = new RegExp(`^inverse:${NUM}$`).exec(part))) return { kind: 'inverse', t0: Number(m[1]) };
  if ((m = /^warmup:([0-9]+)$/.exec(part))) return { kind: 'warmup', steps: Number(m[1]) };
  throw new OptionRangeError('lrSchedule', SPEC, whole);
}

function checkFactor(f: LrFactor): LrFactor {
  switch (f.kind) {
    case 'step':
      if (!(f.gamma > 0 && f.gamma <= 1)) throw new OptionRangeError('lrSchedule', 'a step decay factor GAMMA in (0, 1]', f.gamma);
      if (!(Number.isInteger(f.every) && f.every >= 1 && f.every <= 1e9)) throw new OptionRangeError('lrSchedule', 'a step decay period EVERY from 1 to 1e9', f.every);
      return { kind: 'step', gamma: f.gamma, every: f.every };
    case 'inverse':
      if (!(f.t0 > 0 && f.t0 <= 1e12)) throw new OptionRangeError('lrSchedule', 'an inverse time scale T0 > 0 and ≤ 1e12', f.t0);
      return { kind: 'inverse', t0: f.t0 };
    case 'warmup':
      if (!(Number.isInteger(f.steps) && f.steps >= 1 && f.steps <= 1e9)) throw new OptionRangeError('lrSchedule', 'a warm-up length W from 1 to 1e9', f.steps);
      return { kind: 'warmup', steps: f.steps };
    case 'cosine':
      return { kind: 'cosine' };
    default:
      throw new OptionRangeError('lrSchedule', SPEC, f);
  }
}

function lrScheduleOf(factors: LrFactor[]): LrSchedule {
  if (factors.length === 0) return CONSTANT_LR;
  return { name: factors.map(factorText).join('+'), factors };
}

function factorText(f: LrFactor): string {
  switch (f.kind) {
    case 'step': return `step:${f.gamma}@${f.every}`;
    case 'inverse': return `inverse:${f.t0}`;
    case 'warmup': return `warmup:${f.steps}`;
    case 'cosine': return 'cosine';
  }
}

function isLrSchedule(v: unknown): v is LrSchedule {
  return typeof v === 'object' && v !== null && Array.isArray((v as LrSchedule).factors);
}
