// The real CLI on the real API at a tiny size (d = 200, 2 steps, 2 seeds): the three output
// formats, --version with the WASM build that loads, bad input caught by the API's
// validation before any work, and one run through the process wrapper (exit code, stderr).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cliIn } from './helpers/cliInProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-cli-e2e-'));
const TINY = ['--target', 'tanh(z1 + He3(z2))', '--d', '200', '--alpha', '3', '--p', '2', '--lr', '0.2', '--steps', '2', '--seeds', '2', '--seed', '11', '--quiet'];

const cli = cliIn(dir);

/** Header of a .npy file: descr and shape. */
function npyHeader(bytes: Uint8Array): { descr: string; shape: number[] } {
  const len = bytes[8] | (bytes[9] << 8);
  const header = new TextDecoder('latin1').decode(bytes.slice(10, 10 + len));
  const m = /'descr': '([^']+)'.*'shape': \(([^)]*)\)/.exec(header)!;
  return { descr: m[1], shape: m[2].split(',').map((s) => s.trim()).filter(Boolean).map(Number) };
}

describe('multipass-gd on the real API', () => {
  it('run writes .json, .csv and .npz with the same numbers', async () => {
    for (const ext of ['json', 'csv', 'npz']) {
      const r = await cli(['run', ...TINY, '--out', `tiny.${ext}`]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const json = JSON.parse(readFileSync(join(dir, 'tiny.json'), 'utf8'));
    expect(json.steps).toEqual([0, 1, 2]);
    expect(json.seeds).toEqual([11, 12]);
    expect(json.config.d).toBe(200);
    expect(json.M.mean).toHaveLength(3);
    // docs/model.md §2: M⁰ = 0 (up to the rounding of the orthogonalisation).
    for (const v of json.M.mean[0].flat()) expect(Math.abs(v)).toBeLessThan(1e-12);
    expect(Math.abs(json.M.mean[1][0][0])).toBeGreaterThan(0);
    expect(json.Q.se[0]).toHaveLength(2);
    expect(json.testError.mean).toHaveLength(3);

    const rows = readFileSync(join(dir, 'tiny.csv'), 'utf8').trimEnd().split('\n');
    expect(rows.length - 1).toBe(3 * (2 * 2 + 2 * 2 + 1 + 1 + 2 + 2 + 2 * 1));
    expect(rows).toContain(`M,1,0,0,${json.M.mean[1][0][0]},${json.M.se[1][0][0]}`);

    const files = unzipSync(readFileSync(join(dir, 'tiny.npz')));
    expect(npyHeader(files['M_mean.npy'])).toEqual({ descr: '<f8', shape: [3, 2, 2] });
    expect(npyHeader(files['orthogonalOverlap_se.npy'])).toEqual({ descr: '<f8', shape: [3, 2, 1] });
    expect(npyHeader(files['seeds.npy'])).toEqual({ descr: '<i8', shape: [2] });
    const m = files['M_mean.npy'];
    const view = new DataView(m.buffer, m.byteOffset + m.byteLength - 8 * 12, 8 * 12);
    const values = Array.from({ length: 12 }, (_, i) => view.getFloat64(i * 8, true));
    expect(values).toEqual(json.M.mean.flat(2));
  });

  it('a diverging run (lr = 1000, cubic activation) writes the steps before it and exits 1', async () => {
    const r = await cli(['run', '--d', '200', '--steps', '20', '--seeds', '2', '--lr', '1e3', '--activation', 'u^3', '--quiet', '--out', 'div.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^multipass-gd: error: 2 of 2 seeds diverged \(seed 0 at step (\d+), seed 1 at step \d+\); wrote div\.json with steps 0…\d+; lower --lr\n$/);
    const json = JSON.parse(readFileSync(join(dir, 'div.json'), 'utf8'));
    expect(json.diverged.map((d: { seed: number }) => d.seed)).toEqual([0, 1]);
    expect(json.steps.length).toBeGreaterThan(0);
    expect(json.steps.length).toBeLessThanOrEqual(Math.min(...json.diverged.map((d: { step: number }) => d.step)));
  });

  it('--version names the WASM build that loads', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^multipass-gd \d+\.\d+\.\d+ \(wasm: (simd|scalar)\)\n$/);
  });

  it.each([
    [['--schedule', 'bogus'], "--schedule must be 'multi-pass', 'single-pass', 'resample:R' or 'epochs:B' (got 'bogus')"],
    [['--d', '2.5'], '--d must be an integer from 2 to 10000000 (got 2.5)'],
    [['--weight-decay', '-1'], /^--weight-decay must be .* \(got -1\)$/],
    [['--target', 'z1 +'], /^--target: .* at column 5 of 'z1 \+'$/],
    [['--activation', 'nosuch(u)'], /^--activation: .*nosuch/],
    [['--seeds', '0'], /^--seeds must be an integer from 1 to .* \(got 0\)$/],
  ])('bad input %j: one line, exit 2', async (flags, line) => {
    const r = await cli(['run', '--d', '200', '--steps', '1', '--quiet', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith('multipass-gd: error: ')).toBe(true);
    const message = lines[0].slice('multipass-gd: error: '.length);
    if (typeof line === 'string') expect(message).toBe(line);
    else expect(message).toMatch(line);
  });

  it('the process wrapper exits with the code and prints one stderr line', () => {
    const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
    const bad = spawnSync(tsx, ['src/node/cli/main.ts', 'run', '--d', '12abc'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("multipass-gd: error: --d must be a finite number (got '12abc')\n");
    const ok = spawnSync(tsx, ['src/node/cli/main.ts', 'run', '--d', '200', '--steps', '1'], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).steps).toEqual([0, 1]);
  });
});
