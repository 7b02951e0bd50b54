// Grid expansion and derived values of sweep grids (src/sweep): the cartesian product with
// explicit points over fixed values, the expression syntax, one key per resolved
// configuration, and a SweepGridError naming the key for every kind of bad grid.
import { describe, expect, it } from 'vitest';
import { SweepGridError } from '../src/errors.js';
import { evaluateConfigExpression } from '../src/sweep/evaluateConfigExpression.js';
import { expandGrid } from '../src/sweep/expandGrid.js';
import { parseGridSpec } from '../src/sweep/parseGridSpec.js';
import { shardPoints } from '../src/sweep/shardPoints.js';

const expand = (raw: unknown) => expandGrid(parseGridSpec(raw));

function gridError(fn: () => unknown): Promise<SweepGridError> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => {
        throw new Error('expected a SweepGridError');
      },
      (e: unknown) => {
        expect(e).toBeInstanceOf(SweepGridError);
        return e as SweepGridError;
      },
    );
}

describe('evaluateConfigExpression', () => {
  it('follows the documented precedence', () => {
    expect(evaluateConfigExpression('50*d', { d: 64 })).toBe(3200);
    expect(evaluateConfigExpression('0.01*d^-1', { d: 100 })).toBe(0.01 / 100);
    expect(evaluateConfigExpression('-2^2', {})).toBe(-4);
    expect(evaluateConfigExpression('2^3^2', {})).toBe(512);
    expect(evaluateConfigExpression('(1 + 2) * 3 - 4 / 8', {})).toBe(8.5);
    expect(evaluateConfigExpression('d^0.5', { d: 16 })).toBe(4);
    expect(evaluateConfigExpression('1e-3 * 2', {})).toBe(0.002);
  });
  it('names the problem and its column', () => {
    expect(() => evaluateConfigExpression('2 * q', { d: 1 })).toThrow(/unknown name 'q'.*column 5/);
    expect(() => evaluateConfigExpression('2 * (d', { d: 1 })).toThrow(/expected \)/);
    expect(() => evaluateConfigExpression('2 $ d', { d: 1 })).toThrow(/unexpected character at column 3/);
    expect(() => evaluateConfigExpression('1/0', {})).toThrow(/Infinity/);
  });
});

describe('expandGrid', () => {
  it('crosses grid (first key slowest) with explicit points over fixed, derived values evaluated', async () => {
    const points = await expand({
      command: 'run',
      grid: { d: [16, 32], lr: [0.1, '0.01*d'] },
      fixed: { steps: '2*d', p: 2 },
      points: [{ target: 'paper-1' }, { target: 'paper-2', 'weight-decay': 0.5 }],
    });
    expect(points).toHaveLength(8);
    expect(points.map((p) => [p.options.target, p.options.d, p.options.lr, p.options.steps])).toEqual([
      ['paper-1', 16, 0.1, 32], ['paper-1', 16, 0.16, 32], ['paper-1', 32, 0.1, 64], ['paper-1', 32, 0.32, 64],
      ['paper-2', 16, 0.1, 32], ['paper-2', 16, 0.16, 32], ['paper-2', 32, 0.1, 64], ['paper-2', 32, 0.32, 64],
    ]);
    expect(points[4].options.weightDecay).toBe(0.5);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(points.map((p) => p.key)).size).toBe(8);
  });
  it('keys the resolved configuration: a default spelled out is the same point', async () => {
    const a = await expand({ grid: { d: [16] }, fixed: { steps: 2 } });
    const b = await expand({ grid: { d: [16] }, fixed: { steps: 2, lr: 0.2, seeds: 1 } });
    expect(a[0].key).toBe(b[0].key);
    expect(a[0].key).toMatch(/^[0-9a-f]{64}$/);
    const c = await expand({ grid: { d: [16, 16, 17] }, fixed: { steps: 2 } });
    expect(c).toHaveLength(2);
  });
  it('evaluates derived values after the values they name, whatever the order', async () => {
    const [p] = await expand({ fixed: { lr: 'steps/100', steps: '2*d', d: 50 } });
    expect(p.options).toMatchObject({ d: 50, steps: 100, lr: 1 });
  });
  it('theory points take method and samples (DMFT only), not the options of a finite simulation; m0 becomes init', async () => {
    const [p] = await expand({ command: 'theory', fixed: { method: 'single-pass', steps: 2, m0: [[0.1, 0], [0, 0.1]] } });
    expect(p.options.init).toEqual({ m0: [[0.1, 0], [0, 0.1]] });
    expect(p.config).toMatchObject({ method: 'single-pass' });
    expect(p.config).not.toHaveProperty('samples');
    expect(p.config).not.toHaveProperty('d');
    const [q] = await expand({ command: 'theory', fixed: { steps: 2 } });
    expect(q.config).toMatchObject({ method: 'dmft', samples: 1_000_000 });
    expect((await gridError(() => expand({ command: 'theory', fixed: { d: 16 } }))).path).toEqual(['fixed', 'd']);
  });
  it('names the key of every bad grid', async () => {
    expect((await gridError(() => expand({ grid: { depth: [1] } }))).path).toEqual(['grid', 'depth']);
    expect((await gridError(() => expand({ grid: { d: [] } }))).message).toMatch(/grid\.d: empty list/);
    expect((await gridError(() => expand({ grid: { d: 5 } }))).path).toEqual(['grid', 'd']);
    expect((await gridError(() => expand({ command: 'train' }))).path).toEqual(['command']);
    expect((await gridError(() => expand({ griid: {} }))).path).toEqual(['griid']);
    expect((await gridError(() => expand({ grid: { lr: [0.1, -1] } }))).path).toEqual(['grid', 'lr', 1]);
    expect((await gridError(() => expand({ fixed: { steps: '2*dd' } }))).message).toMatch(/fixed\.steps: unknown name 'dd'/);
    expect((await gridError(() => expand({ fixed: { steps: 'lr', lr: 'steps' } }))).message).toMatch(/cycle/);
    expect((await gridError(() => expand({ grid: { d: [8] }, fixed: { d: 9 } }))).path).toEqual(['fixed', 'd']);
    expect((await gridError(() => expand({ command: 'theory', grid: { schedule: ['single-pass'] } }))).path).toEqual(['grid', 'schedule']);
    expect((await gridError(() => expand({ points: [] }))).path).toEqual(['points']);
  });
});

describe('shardPoints', () => {
  it('shards cover the points once, every N-th', async () => {
    const points = await expand({ grid: { seed: [0, 1, 2, 3, 4, 5, 6] }, fixed: { d: 8, steps: 1 } });
    const shards = [0, 1, 2].map((i) => shardPoints(points, { index: i, count: 3 }).map((p) => p.index));
    expect(shards).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
    expect(() => shardPoints(points, { index: 3, count: 3 })).toThrow(/shard must be i\/N with i from 0 to N−1 = 2/);
  });
});
