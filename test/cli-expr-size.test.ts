// The real CLI on expressions at the size limits of src/expr/limits.ts: a flat sum of 4 000
// terms (12 000 characters) as a target of run, analyze and theory and as an activation of
// run once overflowed the JavaScript stack (exit 1); it now runs (exit 0). Beyond a limit the
// CLI prints one line naming it and exits 2. Sizes are tiny (d = 40, 1 step, 1 seed).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn } from './helpers/cliInProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-cli-expr-'));

const cli = cliIn(dir);

/** z1 + z1 + … (4 000 terms, 11 999 characters): a left-deep tree 4 000 levels deep. */
const SUM = Array(4000).fill('z1').join('+');
const TINY = ['--d', '40', '--alpha', '1', '--p', '1', '--lr', '0.01', '--steps', '1', '--seeds', '1', '--seed', '3', '--quiet'];

describe('CLI: a flat sum of 4 000 terms', () => {
  it('runs as a target', async () => {
    const r = await cli(['run', '--target', SUM, ...TINY, '--out', 'sum.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs as an activation', async () => {
    const r = await cli(['run', '--target', 'z1', '--activation', SUM.replaceAll('z1', 'u'), ...TINY, '--out', 'act.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('is analysed: one direction, learnt with leap 1', async () => {
    const r = await cli(['analyze', '--target', SUM, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).singlePass.leapExponent).toBe(1);
  });

  it.each([['single-pass'], ['dmft', '--samples', '2000']])('goes through theory --method %s', async (...method) => {
    const theory = ['theory', '--method', ...method, '--target', SUM, '--alpha', '1', '--lr', '0.01', '--p', '1', '--steps', '1', '--quiet'];
    const r = await cli([...theory, '--out', `th-${method[0]}.json`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('names the length limit in one line with exit code 2 beyond it', async () => {
    const r = await cli(['run', '--target', Array(40_000).fill('z1').join('+'), ...TINY]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toContain('above the limit of 100000 (MAX_EXPRESSION_LENGTH)');
    expect(r.stderr.length).toBeLessThan(400);
  });
});
