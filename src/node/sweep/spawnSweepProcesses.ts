// `sweep --jobs J`: J − 1 more processes of this CLI on the same store and shard. They share
// the work through the store's claims (each point is computed by whoever claims it first), so
// no scheduler is needed, and each process has its own WebAssembly instance.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = new URL('../cli/main' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts `count` CLI processes running `args` (after the program name); resolves when all have exited. */
export function spawnSweepProcesses(count: number, args: string[]): { children: ChildProcess[]; exited: Promise<(number | null)[]> } {
  const main = fileURLToPath(MAIN);
  // From the TypeScript sources (tests, tsx) the child loads tsx, resolved from the package root.
  const loader = main.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, [...loader, main, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }),
  );
  const exited = Promise.all(children.map((c) => new Promise<number | null>((resolve) => {
    c.on('exit', (code) => resolve(code));
    c.on('error', () => resolve(null));
  })));
  return { children, exited };
}
