// Starts a worker thread on a module of src/node, by its base name: the built .js file, or from
// TypeScript sources (tests, tsx) an evaluated worker that registers tsx's loader before
// importing the .ts module.
import { Worker } from 'node:worker_threads';

/** This process's Node flags less --input-type, which Node refuses for a worker started from a file (a parent run with -e has it). */
function fileWorkerArgv(): string[] {
  return process.execArgv.filter((a) => !a.startsWith('--input-type'));
}

export function startNodeWorker(name: string, workerData: unknown): Worker {
  const here = import.meta.url;
  const url = new URL(here.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, here);
  return url.pathname.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData })
    : new Worker(url, { workerData, execArgv: fileWorkerArgv() });
}
