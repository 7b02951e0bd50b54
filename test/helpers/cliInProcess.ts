// The CLI run in this process (src/node/cli/main.ts) with its output captured: what a user sees
// on stdout and stderr, and the exit code, without spawning node.
import { expect } from 'vitest';
import type { CliIo } from '../../src/node/cli/CliIo.js';
import type { Commands } from '../../src/node/cli/commands.js';
import { main } from '../../src/node/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A runner of `main(argv)` in `cwd`, stderr not a terminal; `io` adds or overrides fields (a
 * clock, …); `commands` replaces the implementations (main's default when not given).
 */
export function cliIn(cwd: string, io: Partial<CliIo> = {}, commands?: Commands): (argv: string[]) => Promise<CliRun> {
  return async (argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stderrIsTTY: false, cwd, ...io }, commands);
    return { code, stdout: out.join(''), stderr: err.join('') };
  };
}

/** Bad input as the CLI must report it: exit 2, nothing on stdout, exactly one 'multipass-gd: error: …' line (returned). */
export function usageLine(r: CliRun): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length).toBe(1);
  expect(lines[0]).toMatch(/^multipass-gd: error: /);
  return lines[0];
}
