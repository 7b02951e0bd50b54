// Crash-proof sweeps: the CLI killed with SIGKILL at seeded random moments (after a random
// number of finished points plus a random delay, so kills land in computing, writing and
// claiming), then run again, finishes the grid with results bit-identical to an
// uninterrupted sweep, and no point completes twice (the per-run event logs count every
// completion). Two processes on one store split the grid without computing any point twice,
// also when one holds a claim while paused. Small points (d = 32, 400 steps, no test error: ~40 ms each) keep this to seconds
// while leaving room to kill a process in the middle of a point.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn } from './helpers/cliInProcess.js';
import { mulberry32 } from './helpers/mulberry32.js';

const dir = mkdtempSync(join(tmpdir(), 'mpgd-sweep-kill-'));
const MAIN = join(process.cwd(), 'src/node/cli/main.ts');
const POINTS = 16;
writeFileSync(
  join(dir, 'grid.yaml'),
  ['command: run', 'grid:', '  lr: [0.05, 0.1]', '  seed: [0, 1, 2, 3, 4, 5, 6, 7]', 'fixed:', '  d: 32', '  steps: 400', '  seeds: 2', '  test-error: false', ''].join('\n'),
);

const cli = cliIn(dir);

/**
 * Every computation of a point: key → the sweep calls (run ids) that finished it, from their
 * 'done' events and from the stored record. A kill between the record's rename and its event
 * leaves only the record, so the record's run id counts too; a point computed twice shows two.
 */
function completions(store: string): Map<string, Set<string>> {
  const runs = new Map<string, Set<string>>();
  const add = (key: string, runId: string) => runs.set(key, (runs.get(key) ?? new Set<string>()).add(runId));
  const events = join(dir, store, 'events');
  for (const name of existsSync(events) ? readdirSync(events) : []) {
    for (const line of readFileSync(join(events, name), 'utf8').split('\n')) {
      if (!line) continue; // a line cut by SIGKILL has no newline and parses as nothing below
      let e: { event?: string; key?: string };
      try {
        e = JSON.parse(line);
      } catch {
        continue;
      }
      if (e.event === 'done') add(e.key!, name.replace(/\.jsonl$/, ''));
    }
  }
  const points = join(dir, store, 'points');
  for (const name of existsSync(points) ? readdirSync(points) : []) {
    if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
    const record = JSON.parse(readFileSync(join(points, name), 'utf8')) as { run: { runId: string } };
    add(name.slice(0, 64), record.run.runId);
  }
  return runs;
}

/** How many sweep calls computed each point. */
const timesComputed = (store: string): number[] => [...completions(store).values()].map((runIds) => runIds.size);

/** key → result as stored (JSON text of the result only: timing and run ids differ by design). */
function results(store: string): Map<string, string> {
  const points = join(dir, store, 'points');
  return new Map(
    readdirSync(points)
      .filter((n) => /^[0-9a-f]{64}\.json$/.test(n))
      .map((n) => [n.slice(0, 64), JSON.stringify(JSON.parse(readFileSync(join(points, n), 'utf8')).result)]),
  );
}

/** One node process (tsx as a loader, not its wrapper, so SIGKILL reaches the sweep itself). */
function startSweep(store: string) {
  const args = ['--import', 'tsx', MAIN, 'sweep', join(dir, 'grid.yaml'), '--out', join(dir, store), '--quiet'];
  return spawn(process.execPath, args, { cwd: process.cwd(), stdio: 'ignore' });
}

const exited = (child: ReturnType<typeof spawn>) => new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

/** Waits until `done()` or the child has exited (then the assertions after it report why). */
async function waitUntil(child: ReturnType<typeof spawn>, done: () => boolean): Promise<void> {
  while (!done() && child.exitCode === null && child.signalCode === null) await new Promise((r) => setTimeout(r, 5));
}

describe('sweep survives kill -9 and shares a store', () => {
  it('an uninterrupted sweep computes every point once', async () => {
    const r = await cli(['sweep', 'grid.yaml', '--out', 'reference', '--quiet']);
    expect(r.stderr).toMatch(/16 points: 16 done \(16 computed now\), 0 failed, 0 pending/);
    expect(r.code).toBe(0);
    expect(results('reference').size).toBe(POINTS);
    expect(timesComputed('reference')).toEqual(Array(POINTS).fill(1));
    const again = await cli(['sweep', 'grid.yaml', '--out', 'reference', '--quiet']);
    expect(again.stderr).toMatch(/16 done \(0 computed now\)/);
  });

  it('killed with SIGKILL 4 times at seeded random moments, then rerun: identical, nothing computed twice', async () => {
    const random = mulberry32(20261129);
    const kills: number[] = [];
    for (let k = 0; k < 4; k++) {
      const before = completions('killed').size;
      if (before >= POINTS - 2) break;
      const child = startSweep('killed');
      const exit = exited(child);
      // Kill after 1–2 more finished points plus 0–40 ms: inside the next point's compute,
      // its record write or the claim after it.
      const target = before + 1 + Math.floor(random() * 2);
      const extra = random() * 40;
      await waitUntil(child, () => completions('killed').size >= target);
      await new Promise((r) => setTimeout(r, extra));
      child.kill('SIGKILL');
      await exit;
      kills.push(completions('killed').size);
    }
    expect(kills.length).toBe(4);
    expect(kills.at(-1)).toBeLessThan(POINTS);
    const status = await cli(['sweep', 'status', 'killed', '--json']);
    const counts = JSON.parse(status.stdout);
    expect(counts.pending + counts.running).toBeGreaterThan(0);
    const rest = await cli(['sweep', 'grid.yaml', '--out', 'killed', '--quiet']);
    expect(rest.code).toBe(0);
    expect(results('killed')).toEqual(results('reference'));
    expect(timesComputed('killed')).toEqual(Array(POINTS).fill(1));
    expect(completions('killed').size).toBe(POINTS);
  });

  it('two processes on one store, one paused while holding a claim: every point once, identical', async () => {
    // A computes until its first point is done and is then stopped (SIGSTOP), most likely in
    // the middle of its next point with the claim held; B runs the grid meanwhile and must
    // leave A's point alone; A resumes (SIGCONT) and finishes. Deterministic overlap.
    const a = startSweep('shared');
    const aExit = exited(a);
    await waitUntil(a, () => completions('shared').size >= 1);
    a.kill('SIGSTOP');
    const b = startSweep('shared');
    expect(await exited(b)).toBe(0);
    a.kill('SIGCONT');
    expect(await aExit).toBe(0);
    expect(results('shared')).toEqual(results('reference'));
    expect(timesComputed('shared')).toEqual(Array(POINTS).fill(1));
    const runs = readdirSync(join(dir, 'shared', 'events')).map((n) => readFileSync(join(dir, 'shared', 'events', n), 'utf8'));
    expect(runs.filter((text) => text.includes('"done"'))).toHaveLength(2);
  });

  it('--jobs 2: a helper process shares the store; every point once, results identical', async () => {
    const r = await cli(['sweep', 'grid.yaml', '--out', 'jobs', '--jobs', '2', '--quiet']);
    expect(r.stderr).toMatch(/16 points: 16 done \(\d+ computed now\), 0 failed, 0 pending/);
    expect(r.code).toBe(0);
    expect(results('jobs')).toEqual(results('reference'));
    expect(timesComputed('jobs')).toEqual(Array(POINTS).fill(1));
    // The helper ran (it recorded its grid), whether or not it got to a point first.
    expect(readdirSync(join(dir, 'jobs', 'grids'))).toHaveLength(1);
  });
});
