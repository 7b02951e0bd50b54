// `sweep --jobs J`: J − 1 more processes of this CLI on the same store and shard. They share
// the work through the store's claims (each point is computed by whoever claims it first), so
// no scheduler is needed, and each process has its own WebAssembly instance.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = new URL('../cli/main' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface HelperExit {
  code: number | null;
  /** The helper's stderr (its summary line, or why it stopped). */
  stderr: string;
}

/** Starts `count` CLI processes running `args` (after the program name); resolves when all have exited. */
export function spawnSweepProcesses(count: number, args: string[]): Promise<HelperExit[]> {
  const main = fileURLToPath(MAIN);
  // From the TypeScript sources (tests, tsx) the child loads tsx, resolved from the package root.
  const loader = main.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return Promise.all(
    Array.from({ length: count }, () => {
      const child = spawn(process.execPath, [...loader, main, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      return new Promise<HelperExit>((resolve) => {
        child.on('close', (code) => resolve({ code, stderr }));
        child.on('error', (error) => resolve({ code: null, stderr: error.message }));
      });
    }),
  );
}
