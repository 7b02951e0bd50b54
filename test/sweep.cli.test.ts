// The sweep subcommands in-process on tiny points: bad input is one line naming file, line and
// key with exit 2 and the store untouched; status counts; collect writes the same table as
// CSV, JSON, NPZ and Parquet (read back with hyparquet); a failing point is recorded and the
// others still run; --dry-run plans; slurm --print writes the array script; a missing sbatch
// is bad input with a hint; a shard outside 0…N−1 is refused.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { main } from '../src/node/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-sweep-cli-'));
const write = (name: string, lines: string[]) => writeFileSync(join(dir, name), lines.join('\n') + '\n');

write('grid.yaml', [
  'command: run',
  'grid:',
  '  lr: [0.1, 0.2]',
  '  d: [8, 12]',
  'fixed:',
  "  steps: 'd/4'",
  '  test-error: false',
  '  seeds: 2',
]);
// lr = 1e5 makes the weights blow up: a failed point among good ones.
write('diverge.yaml', ['command: run', 'grid:', '  lr: [0.1, 100000]', 'fixed:', '  d: 8', '  steps: 20', '  testError: false']);

async function cli(argv: string[], env?: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  if (env) Object.assign(process.env, env);
  try {
    const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTTY: false, cwd: dir });
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    for (const key of Object.keys(env ?? {})) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

async function badInput(argv: string[], pattern: RegExp, env?: Record<string, string>) {
  const r = await cli(argv, env);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
}

describe('sweep CLI', () => {
  it('runs the grid, skips it the second time, and reports status', async () => {
    const r = await cli(['sweep', 'grid.yaml', '--out', 'store', '--quiet']);
    expect(r.stderr).toBe('multipass-gd: sweep: 4 points: 4 done (4 computed now), 0 failed, 0 pending; store store\n');
    expect(r.code).toBe(0);
    const again = await cli(['sweep', 'grid.yaml', '--out', 'store', '--quiet']);
    expect(again.stderr).toMatch(/4 done \(0 computed now\)/);
    const status = await cli(['sweep', 'status', 'store']);
    expect(status.stdout).toMatch(/points: 4\ndone: 4\nfailed: 0\nrunning: 0\npending: 0/);
    // Changing one grid value computes only the new points.
    write('grid2.yaml', ['command: run', 'grid:', '  lr: [0.1, 0.3]', '  d: [8, 12]', 'fixed:', "  steps: 'd/4'", '  test-error: false', '  seeds: 2']);
    const more = await cli(['sweep', 'grid2.yaml', '--out', 'store', '--quiet']);
    expect(more.stderr).toMatch(/4 points: 4 done \(2 computed now\)/);
    const both = await cli(['sweep', 'status', 'store', '--json']);
    expect(JSON.parse(both.stdout)).toMatchObject({ points: 6, done: 6, pending: 0 });
    const one = await cli(['sweep', 'status', 'store', '--grid', 'grid.yaml', '--json']);
    expect(JSON.parse(one.stdout)).toMatchObject({ points: 4, done: 4 });
  });

  it('collects one tidy table, the same in CSV, JSON, NPZ and Parquet', async () => {
    for (const ext of ['csv', 'json', 'npz', 'parquet']) {
      const r = await cli(['sweep', 'collect', 'store', '--grid', 'grid.yaml', '--out', `table.${ext}`]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/collected 4 points/);
    }
    const rows = JSON.parse(readFileSync(join(dir, 'table.json'), 'utf8')) as Record<string, unknown>[];
    // Per point (p = k = 2): M 4 + Q 4 + testError 1 (missing: turned off) + trainError 1 + cosine 2 + overlap 2
    // + orthogonalOverlap 2 = 16 rows per step, steps 0…d/4.
    const perPoint = (d: number) => (d / 4 + 1) * 16;
    expect(rows).toHaveLength(2 * perPoint(8) + 2 * perPoint(12));
    expect(rows.filter((r) => r.observable === 'testError').every((r) => r.mean === null)).toBe(true);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['key', 'd', 'lr', 'steps', 'seeds', 'observable', 't', 'j', 'index', 'mean', 'se']));
    const m = rows.find((r) => r.observable === 'M' && r.t === 1 && r.j === 0 && r.index === 1 && r.d === 12 && r.lr === 0.2)!;
    const store = join(dir, 'store', 'points', `${m.key}.json`);
    const record = JSON.parse(readFileSync(store, 'utf8'));
    expect(m.mean).toBe(record.result.M.mean[1][0][1]);
    expect(m.se).toBe(record.result.M.se[1][0][1]);

    const csv = readFileSync(join(dir, 'table.csv'), 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(rows.length + 1);
    const header = csv[0].split(',');
    const meanAt = header.indexOf('mean');
    // Missing values (the test error, turned off): null in JSON and Parquet, NaN in CSV and NPZ.
    const meanOrNaN = rows.map((r) => r.mean ?? NaN);
    expect(csv.slice(1).map((line) => Number(line.split(',')[meanAt]))).toEqual(meanOrNaN);

    const parquet = await parquetReadObjects({ file: new Uint8Array(readFileSync(join(dir, 'table.parquet'))).buffer });
    expect(parquet).toHaveLength(rows.length);
    expect(parquet.map((r) => r.mean)).toEqual(rows.map((r) => r.mean));
    expect(parquet.map((r) => r.key)).toEqual(rows.map((r) => r.key));
    expect(parquet[0].j).toBe(rows[0].j);

    const npz = unzipSync(readFileSync(join(dir, 'table.npz')));
    const mean = npz['mean.npy'];
    const values = new Float64Array(mean.slice(mean.byteLength - 8 * rows.length).buffer);
    expect(Array.from(values)).toEqual(meanOrNaN);
    expect(new TextDecoder('latin1').decode(npz['key.npy'].slice(0, 128))).toMatch(/'descr': '<U64'/);
  });

  it('records a failing point and computes the others', async () => {
    const r = await cli(['sweep', 'diverge.yaml', '--out', 'div']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/point 1 failed: 1 seed\(s\) diverged \(seed 0 at step \d\); lower lr/);
    expect(r.stderr).toMatch(/2 points: 1 done \(2 computed now\), 1 failed, 0 pending/);
    const status = JSON.parse((await cli(['sweep', 'status', 'div', '--json'])).stdout);
    expect(status).toMatchObject({ done: 1, failed: 1, pending: 0 });
    expect(status.failedPoints[0].options.lr).toBe(100000);
    const skipped = await cli(['sweep', 'diverge.yaml', '--out', 'div', '--quiet']);
    expect(skipped.stderr).toMatch(/1 done \(0 computed now\), 1 failed/);
    const retried = await cli(['sweep', 'diverge.yaml', '--out', 'div', '--quiet', '--retry-failed']);
    expect(retried.stderr).toMatch(/1 done \(1 computed now\), 1 failed/);
  });

  it('plans with --dry-run: points, memory and time, nothing written', async () => {
    const r = await cli(['sweep', 'grid.yaml', '--out', 'never', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^points: 4\nmemory per point: [\d.]+ MiB to [\d.]+ MiB\nestimated time: \d+/);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('prints the Slurm array script; without sbatch, says how to go on', async () => {
    const r = await cli(['sweep', 'slurm', 'grid.yaml', '--out', 'store', '--tasks', '3', '--cpus', '2', '--partition', 'short', '--time', '00:10:00', '--print']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/#SBATCH --array=0-2\n#SBATCH --cpus-per-task=2\n#SBATCH --partition=short\n#SBATCH --time=00:10:00\n/);
    expect(r.stdout).toMatch(/exec '.*node[^']*' '.*bin\/multipass-gd\.js' sweep '.*grid\.yaml' --out '.*store'\n$/);
    const jobs = await cli(['sweep', 'slurm', 'grid.yaml', '--out', 'store', '--tasks', '2', '--cpus', '8', '--jobs', '4', '--print']);
    expect(jobs.stdout).toMatch(/#SBATCH --cpus-per-task=8\n/);
    expect(jobs.stdout).toMatch(/--out '.*store' --jobs 4 --threads 2\n$/);
    await badInput(['sweep', 'slurm', 'grid.yaml', '--out', 'store', '--tasks', '3'], /sbatch not found on PATH: run this on a Slurm login node, or use --print/, { PATH: '/nonexistent' });
  });

  it('bad input: one line with file, line and key; exit 2; the store untouched', async () => {
    write('unknown.yaml', ['command: run', 'grid:', '  d: [8]', '  depth: [2, 3]']);
    await badInput(['sweep', 'unknown.yaml', '--out', 'bad'], /^multipass-gd: error: unknown\.yaml:4: grid\.depth: unknown option of run/);
    write('empty.yaml', ['grid:', '  d: []']);
    await badInput(['sweep', 'empty.yaml', '--out', 'bad'], /^multipass-gd: error: empty\.yaml:2: grid\.d: empty list: the product has no points/);
    write('malformed.yaml', ['grid:', '  d: [8, 12', 'fixed:', '  steps: 2']);
    await badInput(['sweep', 'malformed.yaml', '--out', 'bad'], /^multipass-gd: error: malformed\.yaml:\d: /);
    write('range.json', ['{"grid": {"d": [8]},', ' "fixed": {"lr": -1}}']);
    await badInput(['sweep', 'range.json', '--out', 'bad'], /^multipass-gd: error: range\.json:2: fixed\.lr: lr must be a finite number ≥ 0/);
    write('derived.yaml', ['fixed:', '  d: 8', "  steps: '4*dd'"]);
    await badInput(['sweep', 'derived.yaml', '--out', 'bad'], /^multipass-gd: error: derived\.yaml:3: fixed\.steps: unknown name 'dd'/);
    await badInput(['sweep', 'grid.yaml', '--out', 'bad', '--shard', '4/4'], /--shard must be i\/N with 0 ≤ i ≤ N−1 \(got '4\/4'\)/);
    await badInput(['sweep', 'grid.yaml', '--out', 'bad', '--shard', 'x'], /--shard must be i\/N/);
    await badInput(['sweep', 'grid.yaml', '--out', 'bad', '--lease', '0'], /--lease must be a finite number > 0 and ≤ 10000000 \(got 0\)/);
    await badInput(['sweep', 'missing.yaml', '--out', 'bad'], /missing\.yaml: cannot read the grid file \(ENOENT\)/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    mkdirSync(join(dir, 'newer'));
    writeFileSync(join(dir, 'newer', 'store.json'), JSON.stringify({ storeVersion: 2, resultFormat: 1 }));
    await badInput(['sweep', 'grid.yaml', '--out', 'newer'], /newer was written by a newer multipass-gd \(store format 2/);
    expect(readdirSync(join(dir, 'newer'))).toEqual(['store.json']);
    await badInput(['sweep', 'collect', 'store', '--out', 'table.xlsx'], /--out: must be a file name ending in \.csv, \.json, \.npz or \.parquet \(got 'table\.xlsx'\)/);
    await badInput(['sweep', 'status', 'nowhere'], /nowhere is not a sweep store/);
  });

  it('takes its shard from a Slurm array task', async () => {
    const env = { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '4', SLURM_ARRAY_TASK_MAX: '5' };
    const r = await cli(['sweep', 'grid.yaml', '--out', 'sharded', '--quiet'], env);
    expect(r.stderr).toMatch(/2 points in shard 1\/2: 2 done/);
  });
});
