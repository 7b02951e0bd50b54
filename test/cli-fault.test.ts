// Fault test: `run` and `theory` killed with SIGKILL at seeded random moments, some of them
// inside the final write (slowed by the test-only hook MULTIPASS_GD_TEST_SLOW_WRITE), never
// leave a file that parses as a result but is not one: after every kill the output path holds
// either the previous file (byte for byte) or the complete new result (byte for byte the
// result of an uninterrupted run, runs being deterministic); anything else in the folder is a
// hidden '.tmp' file; and a later run removes every stray temporary file.
//
// Size: 2 commands × (1 reference + 6 kills + 1 final run) = 16 processes of about 2 s each.
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './helpers/mulberry32.js';
import { spawnCli, waitFor } from './helpers/spawnCli.js';

/** Pause between the 8 chunks of the slowed write: a window of about 8 × 40 ms to kill in. */
const SLOW = { MULTIPASS_GD_TEST_SLOW_WRITE: '40' };
const KILLS = 6;
/** The previous output: a real result of another seed, so "old" and "new" are told apart. */
const COMMANDS: { name: string; argv: string[] }[] = [
  { name: 'run', argv: ['run', '--d', '200', '--steps', '3', '--seeds', '2', '--quiet'] },
  { name: 'theory', argv: ['theory', '--method', 'dmft', '--samples', '4000', '--steps', '3', '--quiet'] },
];

type Moment = 'before the write' | 'during the write' | 'after the rename';

describe('SIGKILL at random moments', () => {
  for (const [index, command] of COMMANDS.entries()) {
    it(`${command.name}: the output is the old file or the whole new result; no stray temporary file after a later run`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `mpgd-fault-${command.name}-`));
      const out = join(dir, 'result.json');
      const run = async (argv: string[]) => {
        const started = Date.now();
        const r = await spawnCli(dir, [...argv, '--out', out], SLOW).done;
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        return Date.now() - started;
      };
      await run([...command.argv, '--seed', '1']);
      const old = readFileSync(out);
      const duration = await run(command.argv);
      const fresh = readFileSync(out);
      expect(fresh.equals(old)).toBe(false);

      const random = mulberry32(20261129 + index);
      const moments: Moment[] = [];
      const log: string[] = [];
      for (let i = 0; i < KILLS; i++) {
        writeFileSync(out, old);
        const { child, done } = spawnCli(dir, [...command.argv, '--out', out], SLOW);
        let when: string;
        if (i % 2 === 0) {
          // Anywhere in the run: a uniform moment in [0, duration of an uninterrupted run].
          const delay = random() * duration;
          when = `${Math.round(delay)} ms after start`;
          await new Promise((r) => setTimeout(r, delay));
        } else {
          // Inside the final write: once its temporary file exists, a uniform moment in the window.
          // Its own temporary file with bytes in it: not the empty one that probes --out before the work.
          const own = `.result.json.${child.pid}.`;
          await waitFor(() => readdirSync(dir).some((n) => n.startsWith(own) && sizeOf(join(dir, n)) > 0));
          const delay = random() * 8 * Number(SLOW.MULTIPASS_GD_TEST_SLOW_WRITE);
          when = `${Math.round(delay)} ms into the write`;
          await new Promise((r) => setTimeout(r, delay));
        }
        child.kill('SIGKILL');
        const exit = await done;
        const names = readdirSync(dir);
        const temps = names.filter((n) => n !== 'result.json');
        for (const t of temps) expect(t).toMatch(/^\.result\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
        const now = readFileSync(out);
        expect(now.equals(old) || now.equals(fresh)).toBe(true);
        // Temporary files of earlier kills stay until a write of the path removes them; this
        // process's own one (its pid in the name) says it was killed inside the write.
        const writing = temps.some((t) => t.startsWith(`.result.json.${child.pid}.`));
        expect(exit.signal === 'SIGKILL' || now.equals(fresh)).toBe(true);
        moments.push(now.equals(fresh) ? 'after the rename' : writing ? 'during the write' : 'before the write');
        log.push(`${when}: ${moments[i]}`);
      }
      // The odd kills land inside the write (8 pauses of 40 ms follow the first chunk).
      expect(moments.filter((m) => m === 'during the write').length).toBeGreaterThanOrEqual(KILLS / 2);
      console.log(`${command.name}: ${KILLS} SIGKILLs (uninterrupted run ${duration} ms) → ${log.join('; ')}`);

      await run(command.argv);
      expect(readFileSync(out).equals(fresh)).toBe(true);
      expect(readdirSync(dir)).toEqual(['result.json']);
    });
  }
});

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // removed between the listing and the stat
  }
}
