// Child processes and the run-or-time-out frame shared by the scripts/test-*.mjs harnesses:
// every child started here is ended on every exit path, and a watchdog bounds the whole run.
import { spawn } from 'node:child_process';

/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();

/**
 * @typedef {object} RunOptions
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]
 * @property {boolean} [capture] resolve to the child's stdout instead of inheriting the terminal
 * @property {boolean} [allowFailure] resolve to a {@link RunResult} whatever the exit code
 */
/** @typedef {{ code: number, stdout: string, stderr: string }} RunResult */

/**
 * An error whose message is the whole story (printed without a stack).
 * @param {string} message
 * @returns {never}
 */
export function fail(message) {
  throw Object.assign(new Error(message), { oneLine: true });
}

/**
 * Runs `cmd args` to completion; resolves to its stdout when `capture` (else it inherits the
 * terminal), rejects with one line (plus the captured output when `capture`) on a non-zero exit.
 * `allowFailure` resolves to { code, stdout, stderr } instead of rejecting.
 * @overload
 * @param {string} cmd
 * @param {string[]} args
 * @param {RunOptions & { allowFailure: true }} options
 * @returns {Promise<RunResult>}
 */
/**
 * @overload
 * @param {string} cmd
 * @param {string[]} args
 * @param {RunOptions & { allowFailure?: false }} [options]
 * @returns {Promise<string>}
 */
/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<string | RunResult>}
 */
export function run(cmd, args, { cwd, env, capture = false, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const piped = capture || allowFailure;
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => { stdout += d; });
    child.stderr?.on('data', (d) => { stderr += d; });
    child.on('error', (e) => { children.delete(child); reject(e); });
    child.on('close', (code, signal) => {
      children.delete(child);
      if (allowFailure) return resolve({ code: code ?? 1, stdout, stderr });
      if (code === 0) return resolve(stdout);
      const output = capture ? `\n${stdout}${stderr}`.trimEnd() : '';
      reject(Object.assign(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? 'exit ' + code})${output}`), { oneLine: true }));
    });
  });
}

/**
 * Starts a long-running `cmd args` (a dev server) and resolves once a line of its stdout
 * matches `ready`, with the match; rejects if it exits first or after `timeoutMs`.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, ready: RegExp, timeoutMs?: number }} options
 * @returns {Promise<{ child: import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, import('node:stream').Readable>, match: RegExpExecArray, output: () => string }>}
 */
export function start(cmd, args, { cwd, env, ready, timeoutMs = 30_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} ${args.join(' ')} not ready after ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    /** @param {Buffer} d */
    const onData = (d) => {
      output += d;
      // Strip colour codes before matching (servers colour their URLs).
      const match = ready.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
      if (match) { clearTimeout(timer); resolve({ child, match, output: () => output }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(' ')} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** Ends every child still running (SIGTERM). */
export function killChildren() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  children.clear();
}

/**
 * What to print for a thrown value: the message alone for a {@link fail}, else the stack.
 * @param {unknown} e
 * @returns {string}
 */
export function describeError(e) {
  const err = /** @type {{ oneLine?: boolean, message?: string, stack?: string } | null | undefined} */ (e);
  return String(err?.oneLine ? err.message : err?.stack ?? e);
}

/**
 * Runs `main` (resolving to an exit code) under a watchdog of `timeoutMs`; `cleanup` runs on
 * every exit path (normal end, error, time-out) after the children are ended. Exits the process.
 * @param {string} name
 * @param {number} timeoutMs
 * @param {() => Promise<number>} main
 * @param {() => Promise<void>} [cleanup]
 * @returns {Promise<never>}
 */
export async function runMain(name, timeoutMs, main, cleanup = async () => {}) {
  let timedOut = false;
  const finish = async () => { killChildren(); await cleanup(); };
  const watchdog = setTimeout(async () => {
    timedOut = true;
    console.error(`${name}: timed out after ${timeoutMs / 1000} s`);
    setTimeout(() => process.exit(1), 5000).unref();
    await finish();
    process.exit(1);
  }, timeoutMs);
  watchdog.unref();
  let code = 1;
  try {
    code = await main();
  } catch (e) {
    if (!timedOut) console.error(`${name}: ${describeError(e)}`);
    code = 1;
  } finally {
    await finish();
    clearTimeout(watchdog);
  }
  process.exit(code);
}
