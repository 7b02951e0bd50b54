// Fuzz test of the expression language through the public entry points (src/index.ts):
// parseTarget + compileExpression + formatExpression, parseActivation + compileExpression of
// σ, σ′, σ″ + formatExpression of σ′, and analyze on a seeded subsample. More than 20 000
// seeded inputs: random tokens of the grammar, random valid expressions, mutations of them,
// non-ASCII input, 100 000-character inputs, 10 000-deep nesting, and the corpus of inputs
// that once failed (test/fuzz/corpus.json), replayed in every run. Every outcome must be an
// acceptance or a typed error of src/errors.ts, within a time bound fixed in advance; the
// counts per class are printed.
//
// Time bounds (CPU time of this process, not wall time: the machine is shared, and waiting for
// a core is not work). Linear-time stages handle the largest accepted input (100 000
// characters; an activation with up to MAX_NODES = 250 000 shared nodes) in about 1 s of CPU;
// an algorithm quadratic in the input (what the shared DAG replaced: 61 s for 1 400 sin
// factors) needs minutes there. PER_INPUT_MS = 10 s separates the two with a 10× margin. analyze
// runs quadrature or Monte-Carlo on up to ~10⁶ points, a few seconds for a small target:
// ANALYZE_MS = 60 s per target.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';
import { analyze, compileExpression, formatExpression, parseActivation, parseTarget } from '../src/index.js';
import { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from '../src/expr/limits.js';
import {
  deepInputs, grammarExpression, hugeInputs, mutate, rngFor, tokenSoup, withUnicode, type Rng,
} from './fuzz/generateExpressions.js';

const PER_INPUT_MS = 10_000;
const ANALYZE_MS = 60_000;
/** Generated inputs per class (20 000 in all with the huge and deep ones and the corpus). */
const COUNTS = { tokens: 6_000, grammar: 5_000, mutation: 6_000, unicode: 3_000 };
/** analyze inputs: drawn from the valid expressions in z (most accepted) and from all small inputs. */
const ANALYZE_SAMPLE = { grammar: 30, any: 30 };

/** Every error class the library exports (all of src/errors.ts's exports are classes). */
const TYPED: ReadonlyArray<new (...a: never[]) => Error> = Object.values(errors);

/** 'accepted', the name of a typed error class, or 'other: …' (must never happen). */
function outcome(f: () => void): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    const typed = TYPED.find((c) => e instanceof c);
    return typed ? typed.name : `other: ${e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : String(e)}`;
  }
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Tally {
  counts: Map<string, number>;
  slow: string[];
  others: string[];
  largest: { length: number; ms: number; path: string };
  slowest: { length: number; ms: number; path: string };
  inputs: number;
}
const none = { length: 0, ms: 0, path: '' };
const tally: Tally = { counts: new Map(), slow: [], others: [], largest: none, slowest: none, inputs: 0 };

function record(cls: string, path: string, result: string, input: string, ms: number): void {
  const key = `${cls}\t${path}\t${result.startsWith('other') ? 'OTHER' : result}`;
  tally.counts.set(key, (tally.counts.get(key) ?? 0) + 1);
  if (result.startsWith('other')) tally.others.push(`${cls} ${path}: ${result} for ${JSON.stringify(input.slice(0, 80))}`);
  if (ms > PER_INPUT_MS) tally.slow.push(`${cls} ${path}: ${ms.toFixed(0)} ms for ${input.length} characters`);
  if (result === 'accepted' && (input.length > tally.largest.length || (input.length === tally.largest.length && ms > tally.largest.ms))) {
    tally.largest = { length: input.length, ms, path };
  }
  if (ms > tally.slowest.ms) tally.slowest = { length: input.length, ms, path: `${path}, ${result}` };
}

/** One input through the target and the activation entry points. */
function fuzzOne(cls: string, input: string): void {
  tally.inputs++;
  let t0 = cpuMs();
  const target = outcome(() => {
    const t = parseTarget(input);
    compileExpression(t.ast, t.k);
    formatExpression(t.ast);
  });
  record(cls, 'target', target, input, cpuMs() - t0);
  t0 = cpuMs();
  const activation = outcome(() => {
    const a = parseActivation(input);
    for (const x of [a.ast, a.derivative, a.secondDerivative]) compileExpression(x, 1);
    formatExpression(a.derivative);
  });
  record(cls, 'activation', activation, input, cpuMs() - t0);
}

function generated(cls: keyof typeof COUNTS, seed: number, make: (rng: Rng, i: number) => string): string[] {
  const rng = rngFor(seed);
  return Array.from({ length: COUNTS[cls] }, (_, i) => make(rng, i));
}

const corpus = (JSON.parse(readFileSync(new URL('./fuzz/corpus.json', import.meta.url), 'utf8')) as { name: string; pieces: [string, number?][] }[])
  .map((e) => ({ name: e.name, input: e.pieces.map(([text, times]) => text.repeat(times ?? 1)).join('') }));

const activationLike = (rng: Rng) => rng() < 0.5;
const INPUTS: Record<string, string[]> = {
  corpus: corpus.map((e) => e.input),
  tokens: generated('tokens', 101, (rng) => tokenSoup(rng)),
  grammar: generated('grammar', 202, (rng) => grammarExpression(rng, activationLike(rng))),
  mutation: generated('mutation', 303, (rng) => mutate(rng, grammarExpression(rng, activationLike(rng)))),
  unicode: generated('unicode', 404, (rng) => withUnicode(rng, grammarExpression(rng, activationLike(rng)))),
  huge: hugeInputs(rngFor(505), MAX_EXPRESSION_LENGTH),
  deep: deepInputs(MAX_NESTING_DEPTH),
};

describe('fuzz: acceptance or a typed error, in bounded time', () => {
  it.each(Object.keys(INPUTS))('%s', (cls) => {
    for (const input of INPUTS[cls]) fuzzOne(cls, input);
    expect(tally.others.filter((o) => o.startsWith(cls))).toEqual([]);
    expect(tally.slow.filter((o) => o.startsWith(cls))).toEqual([]);
  });

  it('the corpus entries that once failed are now accepted or typed as expected', () => {
    const accepted = (s: string) => outcome(() => parseActivation(s)) === 'accepted' || outcome(() => parseTarget(s)) === 'accepted';
    const named = Object.fromEntries(corpus.map((e) => [e.name.split(':')[0], e.input]));
    expect(accepted(named['flat sum of 4 000 terms'])).toBe(true);
    expect(accepted(named['1 400 sin(u) factors'])).toBe(true);
    expect(outcome(() => parseTarget(named['index above every k']))).toBe('ExpressionError');
  });

  it('analyze: a seeded subsample of the generated targets, and the 4 000-term sum', async () => {
    const rng = rngFor(606);
    const small = [...INPUTS.grammar, ...INPUTS.mutation, ...INPUTS.tokens, ...INPUTS.unicode];
    const targets = INPUTS.grammar.filter((s) => !s.includes('u'));
    const draw = (xs: string[], n: number) => Array.from({ length: n }, () => xs[Math.floor(rng() * xs.length)]);
    const sample = [corpus[0].input, ...draw(targets, ANALYZE_SAMPLE.grammar), ...draw(small, ANALYZE_SAMPLE.any)];
    for (const input of sample) {
      const t0 = cpuMs();
      let result: string;
      try {
        await analyze(input, { backend: 'scalar' });
        result = 'accepted';
      } catch (e) {
        const typed = TYPED.find((c) => e instanceof c);
        result = typed ? typed.name : `other: ${String(e).slice(0, 200)}`;
      }
      const ms = cpuMs() - t0;
      const key = `analyze\tanalyze\t${result.startsWith('other') ? 'OTHER' : result}`;
      tally.counts.set(key, (tally.counts.get(key) ?? 0) + 1);
      expect(result.startsWith('other') ? `${result} for ${JSON.stringify(input.slice(0, 80))}` : 'typed or accepted').toBe('typed or accepted');
      expect(ms).toBeLessThan(ANALYZE_MS);
    }
  });

  it('ran at least 20 000 inputs; prints the counts per class', () => {
    const lines = [...tally.counts.entries()].sort().map(([k, n]) => `${k.padEnd(40)}\t${n}`);
    const { length, ms, path } = tally.largest;
    console.log([
      `fuzz: ${tally.inputs} inputs (class, entry point, outcome, count)`, ...lines,
      `largest accepted: ${length} characters (${path}), ${ms.toFixed(0)} ms CPU to parse and compile`,
      `slowest input: ${tally.slowest.length} characters (${tally.slowest.path}), ${tally.slowest.ms.toFixed(0)} ms CPU`,
    ].join('\n'));
    expect(tally.inputs).toBeGreaterThanOrEqual(20_000);
    expect(tally.others).toEqual([]);
  });
});
