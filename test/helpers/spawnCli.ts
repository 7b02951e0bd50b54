// The CLI from source in a child process: node with tsx's loader and no tsx wrapper process, so
// that a signal (SIGINT, SIGKILL) reaches the very process that computes and writes.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const cliSource = join(process.cwd(), 'src/node/cli/main.ts');
const tsxLoader = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts `multipass-gd argv…` in `cwd`; `done` resolves when it has exited. */
export function spawnCli(cwd: string, argv: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', tsxLoader, cliSource, ...argv], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliExit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

/** Polls `check` every 5 ms until it holds (or throws after `timeoutMs`). */
export async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
