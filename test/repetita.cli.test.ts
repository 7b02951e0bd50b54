// `reproduce repetita` (docs/model.md §5, "The data-repetition experiment"): the CLI forms
// (repetita, reusing-batches, bare reproduce), a bad flag as one line with exit 2, a tiny real
// run writing figure.svg, data.json and data.npz with the documented fields, and the statistics
// behind the table (Student tail, Welch, Holm) against reference values.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Commands, RepetitaCliOptions, ReproduceCliOptions } from '../src/node/cli/commands.js';
import { defaultCommands } from '../src/node/cli/commands.js';
import { holmRejections } from '../src/reproduce/holmRejections.js';
import { studentUpperTail } from '../src/reproduce/studentUpperTail.js';
import { welchTest } from '../src/reproduce/welchTest.js';
import { cliIn, usageLine } from './helpers/cliInProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-repetita-'));
const cli = cliIn(dir);

/** main() with fake reproduce commands that record what they were given. */
async function fake(argv: string[]) {
  const got: { reproduce?: ReproduceCliOptions; repetita?: RepetitaCliOptions } = {};
  const commands: Commands = {
    ...defaultCommands,
    reproduce: async (o) => void (got.reproduce = o),
    reproduceRepetita: async (o) => void (got.repetita = o),
  };
  return { ...(await cliIn(dir, {}, commands)(argv)), got };
}

describe('reproduce: the CLI forms', () => {
  it('reproduce repetita --quick and its flags reach the repetita command', async () => {
    const q = await fake(['reproduce', 'repetita', '--quick']);
    expect(q.code).toBe(0);
    expect(q.got).toEqual({ repetita: { out: join(dir, 'results-repetita'), quick: true } });
    const all = await fake([
      'reproduce', 'repetita', '--out', 'r', '--d', '512, 1024', '--seeds', '8', '--horizon', '20', '--long-horizon', '200',
      '--targets', 'He3,relu', '--algorithms', 'sgd,egd', '--engine', 'explicit', '--seed', '5', '--threads', '2', '--no-explicit-estimate', '--quiet',
    ]);
    expect(all.code).toBe(0);
    expect(all.got.repetita).toEqual({
      out: join(dir, 'r'), quick: false, ds: [512, 1024], seeds: 8, horizon: 20, longHorizon: 200, targets: ['He3', 'relu'],
      algorithms: ['sgd', 'egd'], engine: 'explicit', seed: 5, threads: 2, explicitEstimate: false,
    });
  });

  it('reproduce reusing-batches and bare reproduce are the headline figure with the same flags', async () => {
    const expected = { out: join(dir, 'fig'), d: 1000, seeds: 8, samples: 1e5, steps: 6, paper: true };
    const flags = ['--out', 'fig', '--d', '1000', '--seeds', '8', '--samples', '1e5', '--steps', '6', '--paper'];
    for (const argv of [['reproduce', 'reusing-batches', ...flags], ['reproduce', ...flags]]) {
      const r = await fake(argv);
      expect(r.code).toBe(0);
      expect(r.got).toEqual({ reproduce: expected });
    }
    const bare = await fake(['reproduce']);
    expect(bare.got).toEqual({ reproduce: { out: join(dir, 'results'), paper: false } });
  });

  it('a bad flag is one line and exit 2, before any work', async () => {
    const lines = await Promise.all(
      [
        ['reproduce', 'repetita', '--seeds', '1'],
        ['reproduce', 'repetita', '--targets', 'He5'],
        ['reproduce', 'repetita', '--algorithms', 'sam'],
        ['reproduce', 'repetita', '--d', '2048,x'],
        ['reproduce', 'repetita', '--engine', 'fast'],
        ['reproduce', 'repetita', '--samples', '1000'],
        ['reproduce', 'repetita', '--horizon', '50', '--long-horizon', '10'],
        ['reproduce', '--quick'],
      ].map((argv) => cli(argv)),
    );
    const text = lines.map(usageLine);
    expect(text[0]).toMatch(/--seeds must be an integer from 2 to/);
    expect(text[1]).toMatch(/--targets must be a non-empty list of He2, He3, He4, relu/);
    expect(text[2]).toMatch(/--algorithms must be a non-empty list of sgd, egd, repeat/);
    expect(text[3]).toMatch(/--d must be a finite number \(got 'x'\)/);
    expect(text[4]).toMatch(/--engine must be reduced or explicit/);
    expect(text[5]).toMatch(/--samples is not an option of reproduce repetita; it is one of theory, reproduce reusing-batches/);
    expect(text[6]).toMatch(/--long-horizon must be an integer larger than horizon \(50\)/);
    expect(text[7]).toMatch(/--quick is not an option of reproduce; it is one of reproduce repetita/);
  });
});

describe('reproduce repetita: a tiny real run', () => {
  it('writes figure.svg, data.json and data.npz with the documented fields and prints the table', async () => {
    const r = await cli([
      'reproduce', 'repetita', '--out', 'tiny', '--d', '64,128', '--seeds', '3', '--horizon', '2', '--long-horizon', '4',
      '--targets', 'He3,relu', '--threads', '1', '--quiet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\|cos\(w, w\*\)\| at t = 2·d \(mean ± SE over 3 seeds; reduced engine/);
    expect(r.stdout).toMatch(/\|cos\(w, w\*\)\| at t = 4·d/);
    expect(r.stdout).toMatch(/^He3\s+64\s+\d\.\d{5} ± \d\.\d{5}\s+\d\.\d{5} ± \d\.\d{5}\s+\d\.\d{5} ± \d\.\d{5}\s+0\.12500$/m);
    expect(r.stdout).toMatch(/Holm over all 16 tests below, family-wise 1 %/);
    expect(r.stdout).toMatch(/^He3\s+64\s+2\s+displaced > plain\s+/m);
    expect(r.stdout).toMatch(/^relu\s+128\s+4\s+repeated > plain\s+/m);
    expect(r.stdout).toMatch(/the authors' horizons \(their yaml files\): He3 50·d \(multiple_pass_easy, coefficient_time 50\); relu 200·d/);
    expect(r.stdout).toMatch(/wall time \d+\.\d s on 1 thread \(reduced engine\)/);
    expect(r.stdout).toMatch(/the explicit engine would take ≈ .* \(measured per step: sgd d = 64: /);

    const svg = readFileSync(join(dir, 'tiny', 'figure.svg'), 'utf8');
    expect(svg.match(/class="panel"/g)?.length).toBe(2);
    // A curve and a ±SE band per algorithm and d in each panel, and the levels 1/√d.
    expect(svg.match(/class="curve"/g)?.length).toBe(12);
    expect(svg.match(/class="band"/g)?.length).toBe(12);
    expect(svg.match(/class="reference"/g)?.length).toBe(4);

    const data = JSON.parse(readFileSync(join(dir, 'tiny', 'data.json'), 'utf8'));
    expect(Object.keys(data).sort()).toEqual(['comparisons', 'config', 'curves', 'table', 'timing']);
    expect(data.config).toMatchObject({ ds: [64, 128], seeds: 3, horizon: 2, longHorizon: 4, engine: 'reduced', targets: ['He3(z1)', 'relu(z1)'], algorithms: ['sgd', 'egd', 'repeat'], familyWise: 0.01 });
    expect(data.config.common).toMatchObject({ activation: 'relu', p: 1, k: 1, n: 1, lr: 0.01, secondLayer: 'mean', init: 'orthogonal' });
    expect(data.curves.length).toBe(12);
    const egd = data.curves.find((c: { name: string; algorithm: string; d: number }) => c.name === 'relu' && c.algorithm === 'egd' && c.d === 64);
    expect(egd.config).toMatchObject({ engine: 'reduced', schedule: 'single-pass', extragradient: 0.1, displacement: 'sample' });
    const curve = data.curves.find((c: { name: string; algorithm: string; d: number }) => c.name === 'He3' && c.algorithm === 'repeat' && c.d === 128);
    expect(curve.steps[0]).toBe(0);
    expect(curve.steps.at(-1)).toBe(4 * 128);
    expect(curve.steps).toContain(2 * 128);
    expect(curve.config).toMatchObject({ engine: 'reduced', schedule: 'resample:2', n: 1, d: 128, steps: 512 });
    expect(curve.cosine.mean.length).toBe(curve.steps.length);
    expect(curve.cosine.mean[0]).toBe(0); // M⁰ = 0 exactly
    expect(data.table.length).toBe(24); // 2 horizons × 2 targets × 3 algorithms × 2 d
    expect(data.comparisons.length).toBe(16); // 2 horizons × 2 targets × 2 d × 2 comparisons
    expect(data.comparisons.slice(0, 2)).toMatchObject([{ comparison: 'egd>sgd' }, { comparison: 'repeat>sgd' }]);
    for (const key of ['difference', 'se', 't', 'nu', 'p', 'significant']) expect(data.comparisons[0]).toHaveProperty(key);
    expect(data.timing.threads).toBe(1);
    expect(data.timing.explicit.secondsPerStep.length).toBe(6);

    const npz = unzipSync(readFileSync(join(dir, 'tiny', 'data.npz')));
    const keys = Object.keys(npz);
    for (const k of ['He3_sgd_d64_t', 'He3_sgd_d64_t_over_d', 'He3_sgd_d64_cos_mean', 'relu_repeat_d128_cos_se', 'He3_egd_d128_cos_mean', 'table_target', 'table_algorithm', 'table_d', 'table_horizon', 'table_mean', 'table_se', 'test_target', 'test_comparison', 'test_d', 'test_horizon', 'test_difference', 'test_se', 'test_t', 'test_nu', 'test_p', 'test_significant', 'config_json']) {
      expect(keys).toContain(`${k}.npy`);
    }
  });
});

describe('the statistics of the table', () => {
  it('Student upper tail, Welch and Holm match reference values', () => {
    // Reference values: scipy.stats.t.sf (SciPy 1.17), for non-integer ν as the Welch ν is.
    for (const [t, nu, p] of [[2, 10, 0.03669401738537018], [3.5, 40.5, 0.0005733833023228811], [2.5, 77.3, 0.007268719741225471], [-2, 10, 0.9633059826146299], [6, 3, 0.004636357446142333]]) {
      expect(Math.abs(studentUpperTail(t, nu) - p)).toBeLessThan(1e-12);
    }
    // Welch: t = 0.3/√(0.01² + 0.02²·…) by hand; ν by Welch–Satterthwaite.
    const w = welchTest({ mean: 1.3, se: 0.1, n: 10 }, { mean: 1, se: 0.2, n: 20 });
    expect(w.t).toBeCloseTo(0.3 / Math.sqrt(0.05), 12);
    expect(w.nu).toBeCloseTo(0.05 ** 2 / (1e-4 / 9 + 0.0016 / 19), 9);
    expect(Math.abs(w.p - studentUpperTail(w.t, w.nu))).toBe(0);
    // Holm at 1 % over 4: 0.001 ≤ 0.0025 and 0.003 ≤ 0.0033 are rejected, 0.006 > 0.005 stops it.
    expect(holmRejections([0.006, 0.001, 0.02, 0.003], 0.01)).toEqual([false, true, false, true]);
    expect(holmRejections([NaN, 0], 0.01)).toEqual([false, true]);
  });
});
