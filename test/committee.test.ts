// committee(σ, k) = (σ(z1) + … + σ(zk))/k (docs/model.md §1), expanded at parse time: the
// expansion is the tree of the hand-written sum, so a run with it is the run with the sum, bit
// for bit; malformed committees are ExpressionErrors at the position in the user's text.
import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../src/errors.js';
import { formatExpression } from '../src/expr/formatExpression.js';
import { MAX_NODES } from '../src/expr/limits.js';
import { parseTarget } from '../src/expr/parseTarget.js';
import { simulate } from '../src/simulate.js';
import { theory } from '../src/theory/theory.js';

const EXPANSIONS: [string, string][] = [
  ['committee(relu, 3)', '(relu(z1) + relu(z2) + relu(z3))/3'],
  ['committee(tanh,2)', '(tanh(z1) + tanh(z2))/2'],
  ['committee(He3, 1)', 'He3(z1)'],
  ['  committee ( quadratic , 2 ) ', '(z1^2 + z2^2)/2'],
  ['committee(u^2 - 1, 4)', '(z1^2 - 1 + (z2^2 - 1) + (z3^2 - 1) + (z4^2 - 1))/4'],
  ['committee(max(u, 0) - sin(u)*u, 2)', '(max(z1, 0) - sin(z1)*z1 + (max(z2, 0) - sin(z2)*z2))/2'],
];

describe('committee(σ, k) expands into the hand-written sum', () => {
  it.each(EXPANSIONS)('%s = %s', (committee, sum) => {
    const c = parseTarget(committee);
    const s = parseTarget(sum);
    expect(formatExpression(c.ast)).toBe(formatExpression(s.ast));
    expect(formatExpression(c.ast)).toBe(sum);
    expect(c.k).toBe(s.k);
    expect(c.variables).toEqual(s.variables);
    expect(c.source).toBe(committee.trim());
  });

  it('a given k above the committee size keeps k; the committee may not exceed it', () => {
    expect(parseTarget('committee(relu, 2)', { k: 3 }).k).toBe(3);
    expect(() => parseTarget('committee(relu, 4)', { k: 3 })).toThrow(/committee size k = 4 is above k = 3 at column 17/);
    expect(() => parseTarget('committee(relu, 7)', { maxK: 6 })).toThrow(/above the maximum of 6 directions/);
  });

  it('simulate: committee(relu, 3) and the hand-written sum give the same bits; the config keeps both texts', async () => {
    const base = { d: 300, p: 3, steps: 4, schedule: 'multi-pass', seed: 2 } as const;
    const c = await simulate({ ...base, target: 'committee(relu, 3)' });
    const s = await simulate({ ...base, target: '(relu(z1) + relu(z2) + relu(z3))/3' });
    expect(c.M).toEqual(s.M);
    expect(c.Q).toEqual(s.Q);
    expect(c.testError).toEqual(s.testError);
    expect(c.trainError).toEqual(s.trainError);
    expect(c.config.target).toBe('committee(relu, 3)');
    expect(c.config.targetExpression).toBe('(relu(z1) + relu(z2) + relu(z3))/3');
    expect(c.config.k).toBe(3);
  });

  it('simulate (single-pass) and the single-pass theory: committee(u^2 - 1, 2) = the sum, bit for bit', async () => {
    const base = { d: 300, p: 2, steps: 3, schedule: 'single-pass', seed: 4, activation: 'tanh' } as const;
    const sum = '(z1^2 - 1 + (z2^2 - 1))/2';
    const c = await simulate({ ...base, target: 'committee(u^2 - 1, 2)' });
    const s = await simulate({ ...base, target: sum });
    expect(c.M).toEqual(s.M);
    expect(c.testError).toEqual(s.testError);
    const tc = await theory({ method: 'single-pass', p: 2, steps: 3, activation: 'tanh', target: 'committee(u^2 - 1, 2)' });
    const ts = await theory({ method: 'single-pass', p: 2, steps: 3, activation: 'tanh', target: sum });
    expect(tc.M).toEqual(ts.M);
    expect(tc.testError).toEqual(ts.testError);
  });
});

describe('committee errors: ExpressionError at the position of the fault', () => {
  const CASES: [string, number, RegExp][] = [
    ['committee(relu, 0)', 16, /committee size k must be at least 1/],
    ['committee(relu, 65)', 16, /committee size k = 65 is above the limit of 64 directions \(the range of k\)/],
    ['committee(relu, 99999999999)', 16, /above the limit of 64/],
    ['committee(relu, 2.5)', 16, /committee size k must be a positive integer \(got '2.5'\)/],
    ['committee(relu, -1)', 16, /must be a positive integer/],
    ['committee(relu, x)', 16, /must be a positive integer \(got 'x'\)/],
    ['committee(foo, 2)', 10, /unknown variable 'foo' \(σ of committee\(σ, k\) is an activation name or an expression in u\)/],
    ['committee(z1 + u, 2)', 10, /unknown variable 'z1'/],
    ['committee(u^, 2)', 12, /expected a number, a variable, a function call or '\(' but found end of input/],
    ['committee(reluu(u), 2)', 10, /unknown function 'reluu'/],
    ['committee(relu)', 9, /committee takes two arguments/],
    ['committee(relu, 2', 17, /expected '\)' to close committee/],
    ['committee(relu, 2) + z3', 18, /nothing may follow its '\)'/],
  ];
  it.each(CASES)('%s', (text, position, message) => {
    let err: unknown;
    try {
      parseTarget(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExpressionError);
    const e = err as ExpressionError;
    expect(e.option).toBe('target');
    expect(e.source).toBe(text);
    expect(e.position).toBe(position);
    expect(e.message).toMatch(message);
  });

  it('the expansion is bounded by MAX_NODES like any parsed expression', () => {
    // 4000 distinct terms u*c per σ (≈ 3 nodes each) times 64 members ≫ MAX_NODES.
    const sigma = Array.from({ length: 4000 }, (_, i) => `u*${i + 2}`).join(' + ');
    expect(3 * 4000 * 64).toBeGreaterThan(MAX_NODES);
    expect(() => parseTarget(`committee(${sigma}, 64)`)).toThrow(/MAX_NODES/);
  });

  it('simulate refuses a bad committee before any work, naming target', async () => {
    await expect(simulate({ d: 100, target: 'committee(relu, 70)' })).rejects.toThrow(/^target: committee size k = 70 is above/);
  });
});
