// The multipass-gd command line. main() does everything and returns the exit code, writing
// only through `io`, so tests run it in-process; runCli() binds it to the real process.
// Exit codes: 0 success, 1 runtime failure (divergence, missing implementation, I/O),
// 2 bad input (flags, values, expressions, memory), each reported as ONE stderr line;
// 130 / 143 interrupted by SIGINT / SIGTERM (one line), 141 stdout closed by its reader (quiet).
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { DivergenceError, NonFiniteExpressionError } from '../../errors.js';
import { formatJson } from '../io/formatJson.js';
import { outputProblem } from '../io/outputProblem.js';
import { removeInFlightSync, writtenPaths } from '../io/temporaryFiles.js';
import { resultFormat } from '../io/resultFormat.js';
import type { WritableResult } from '../io/resultObservables.js';
import { writeResult } from '../io/writeResult.js';
import { createProgress, type ProgressReporter } from '../progress.js';
import type { CliIo } from './CliIo.js';
import { CliUsageError } from './CliUsageError.js';
import {
  defaultCommands,
  type AnalyzeCliOptions,
  type CommandContext,
  type Commands,
  type TheoryCliOptions,
} from './commands.js';
import { rangeText } from '../../options/optionRanges.js';
import { describeError } from './describeError.js';
import { unknownOptionLine } from './unknownOptionLine.js';
import { numberFlags } from './numberFlags.js';
import { addReproduceCommands } from './reproduce.js';
import { addSimulateFlags, initFlagOf, simulateOptionsFrom } from './simulateFlags.js';
import { addSweepCommands } from './sweep.js';

const NAME = 'multipass-gd';

/** The package version, read from package.json (same relative place from src/ and dist/). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI on `argv` (the arguments after the program name); resolves to the exit code. */
export async function main(argv: string[], io: CliIo, commands: Commands = defaultCommands): Promise<number> {
  const errorLine = (message: string) => io.stderr(`${NAME}: error: ${message}\n`);
  let exitCode = 0;
  let initFlag: '--init' | '--m0' = '--init';

  const program = new Command(NAME);
  program
    .description('Simulate and predict how two-layer networks learn multi-index targets under single-pass and multi-pass gradient descent.')
    .option('-V, --version', 'print the version and which WASM build runs')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // Errors are printed once, in our format, from the thrown CommanderError below.
      outputError: () => {},
    })
    .showHelpAfterError(false);

  const printVersion = async () => {
    const variant = await commands.backendVariant();
    io.stdout(`${NAME} ${packageVersion()} (wasm: ${variant})\n`);
  };

  /** Progress per the command's --quiet / --progress flags and whether stderr is a terminal. */
  const progressFor = (command: Command) => (label: string): ProgressReporter => {
    const o = command.opts() as { quiet?: boolean; progress?: boolean };
    if (o.quiet) return createProgress({ mode: 'off' });
    if (io.stderrStream && (io.stderrIsTTY || o.progress)) {
      return createProgress({ mode: 'bar', label, stream: io.stderrStream, isTTY: io.stderrIsTTY });
    }
    return createProgress({ mode: 'lines', label, writeLine: (line) => io.stderr(line + '\n'), now: io.now });
  };

  const contextFor = (command: Command): CommandContext => ({
    stdout: io.stdout,
    stderr: io.stderr,
    progress: progressFor(command),
  });

  /** Checks --out (extension, directory, writable) before any work; returns the absolute path or undefined. */
  const checkOut = (out: string | undefined): string | undefined => {
    if (out === undefined) return undefined;
    resultFormat(out);
    const path = resolve(io.cwd ?? process.cwd(), out);
    const problem = outputProblem(path);
    if (problem !== undefined) throw new CliUsageError(`--out: ${problem}`);
    return path;
  };

  /** Writes the result to --out, or prints it as JSON on stdout. */
  const emit = async (result: WritableResult, out: string | undefined, path: string | undefined, quiet: boolean) => {
    if (path === undefined) {
      io.stdout(formatJson(result));
      return;
    }
    try {
      await writeResult(path, result);
    } catch (error) {
      throw new Error(`cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!quiet) io.stderr(`${NAME}: wrote ${out}\n`);
  };

  /**
   * A divergence, or a target found non-finite on a batch, carries the steps computed before it:
   * they are written like a full result and the error is the one line (exit 1). Anything else
   * is rethrown.
   */
  const keepPartial = async (error: unknown, out: string | undefined, path: string | undefined) => {
    const stopped = error instanceof DivergenceError || error instanceof NonFiniteExpressionError;
    if (!(stopped && isResult(error.partial))) throw error;
    await emit(error.partial, out, path, true);
    errorLine(`${error.message}${out ? `; wrote ${out}` : ''}`);
    exitCode = 1;
  };

  /** The analyser's limits for `run --analyze`, named as such (exit 2 before any work). */
  const checkAnalyze = async (options: AnalyzeCliOptions) => {
    try {
      await commands.checkAnalyze?.(options);
    } catch (error) {
      const report = describeError(error, initFlag);
      if (report.exitCode !== 2) throw error;
      throw new CliUsageError(`--analyze: ${report.message} (the analyser's limit)`);
    }
  };

  const notAvailable = (name: string) => new Error(`${name} is not available in this build`);

  program
    .command('version')
    .description('print the version and which WASM build runs')
    .action(printVersion);

  addSimulateFlags(
    program
      .command('run')
      .description('simulate gradient descent over seeds; JSON (or .csv / .npz by --out extension) with mean and SE per step'),
  )
    .option('--seeds <int>', `number of seeds: seed, seed+1, …, ${rangeText('seeds')} (default 1)`)
    .option('--threads <int>', `threads, ${rangeText('threads')}: over seeds when seeds ≥ threads, else over each step's rows (the result does not depend on it; default: every core for each step of large batches)`)
    .option('--keep-trajectories', 'also write every seed’s trajectory (JSON only)')
    .option('--out <file>', 'write to FILE (.json, .csv or .npz); default: JSON on stdout')
    .option('--analyze', 'add the learnability analysis of the target under "analysis"')
    .option('--quiet', 'no progress on stderr')
    .option('--progress', 'show a progress bar even when stderr is not a terminal')
    .action(async (_options: unknown, command: Command) => {
      initFlag = initFlagOf(command);
      const o = command.opts() as { seeds?: string; threads?: string; out?: string; analyze?: boolean; quiet?: boolean; keepTrajectories?: boolean };
      const options = simulateOptionsFrom(command);
      const { seeds, threads } = numberFlags(o, ['seeds', 'threads']);
      const path = checkOut(o.out);
      // --analyze needs the analyser and a target within its limits: refuse before a long run, not after.
      if (o.analyze && !commands.analyze) throw notAvailable('--analyze');
      if (o.analyze) await checkAnalyze({ target: options.target ?? 'paper-2', ...(options.k === undefined ? {} : { k: options.k }) });
      const progress = progressFor(command)('run');
      let result;
      try {
        result = await commands.simulateSeeds({
          ...options,
          ...(seeds === undefined ? {} : { seeds }),
          ...(threads === undefined ? {} : { threads }),
          ...(o.keepTrajectories ? { keepTrajectories: true } : {}),
          onProgress: (done, total) => progress.update(done, total),
        });
      } catch (error) {
        progress.stop();
        await keepPartial(error, o.out, path);
        return;
      }
      progress.stop();
      let output: WritableResult & { analysis?: unknown; analysisError?: string } = result;
      if (o.analyze && commands.analyze) {
        const target = typeof result.config.target === 'string' ? result.config.target : (options.target ?? 'paper-2');
        const k = typeof result.config.k === 'number' ? result.config.k : options.k;
        // The single-pass prediction is made for the run's own student.
        const c = result.config as Record<string, unknown>;
        const student = {
          ...(typeof c.activation === 'string' ? { activation: c.activation } : {}),
          ...Object.fromEntries((['alpha', 'lr', 'steps'] as const).filter((key) => typeof c[key] === 'number').map((key) => [key, c[key] as number])),
        };
        // A refusal found only now (e.g. a target of infinite variance) must not cost the
        // simulation: it is written with the analyser's reason instead of the analysis.
        try {
          output = { ...result, analysis: await commands.analyze({ target, ...(k === undefined ? {} : { k }), ...student }) };
        } catch (error) {
          const reason = describeError(error, initFlag).message;
          output = { ...result, analysis: null, analysisError: reason };
          io.stderr(`${NAME}: warning: --analyze: ${reason}; the simulation is written without the analysis\n`);
        }
      }
      const diverged = result.diverged ?? [];
      // An infinite second moment (docs/model.md §3): the test error is +∞, written as null with
      // its reason; said once on stderr as well, since the run itself succeeded.
      const testErrorReason = (result.testError as { reason?: string } | undefined)?.reason;
      if (testErrorReason !== undefined && options.testError !== false && diverged.length === 0) {
        io.stderr(`${NAME}: warning: test error: ${testErrorReason}\n`);
      }
      await emit(output, o.out, path, o.quiet === true || diverged.length > 0);
      if (diverged.length > 0) {
        errorLine(divergenceLine(diverged, result.seeds?.length ?? diverged.length, result.steps, o.out));
        exitCode = 1;
      }
    });

  addSimulateFlags(
    program
      .command('theory')
      .description('single-pass state evolution or multi-pass DMFT; same JSON fields as run (se = Monte Carlo error)'),
    { simulation: false },
  )
    .option('--method <method>', 'dmft | single-pass')
    .option('--samples <int>', `Monte Carlo samples S of the DMFT, ${rangeText('samples')} (default 1e6)`)
    .option('--threads <int>', `worker threads of the DMFT, ${rangeText('threads')} (the result does not depend on it; default 1)`)
    .option('--out <file>', 'write to FILE (.json, .csv or .npz); default: JSON on stdout')
    .option('--quiet', 'no progress on stderr')
    .option('--progress', 'show a progress bar even when stderr is not a terminal')
    .action(async (_options: unknown, command: Command) => {
      if (!commands.theory) throw notAvailable('theory');
      initFlag = initFlagOf(command);
      const o = command.opts() as { method?: string; samples?: string; threads?: string; out?: string; quiet?: boolean };
      if (o.method !== 'dmft' && o.method !== 'single-pass') {
        throw new CliUsageError(`--method must be dmft or single-pass (got ${o.method === undefined ? 'nothing' : `'${o.method}'`})`);
      }
      const options: TheoryCliOptions = { ...simulateOptionsFrom(command), method: o.method };
      Object.assign(options, numberFlags(o, ['samples', 'threads']));
      const path = checkOut(o.out);
      const progress = progressFor(command)(o.method);
      options.onProgress = (done, total) => progress.update(done, total);
      let result: WritableResult;
      try {
        result = await commands.theory(options);
      } catch (error) {
        await keepPartial(error, o.out, path);
        return;
      } finally {
        progress.stop(); // the bar ends before the 'wrote' line
      }
      await emit(result, o.out, path, o.quiet === true);
    });

  addReproduceCommands(program, { io, commands, contextFor, notAvailable, setExitCode: (code) => (exitCode = code) });

  program
    .command('analyze')
    .description('which directions of the target single-pass and multi-pass GD learn, and how fast (docs/model.md §7)')
    .option('--target <expr>', 'target f*(z) in z1…zk (k ≤ 6), or paper-1 | paper-2 | paper-3')
    .option('--k <int>', 'number of target directions (default: largest zi used)')
    .option('--degree <int>', 'highest Hermite degree examined')
    .option('--tolerance <number>', 'threshold below which a coefficient or moment counts as zero')
    .option('--seed <int>', 'seed of the Monte Carlo estimates')
    .option('--activation <expr>', 'student activation σ(u) of the single-pass prediction (default relu)')
    .option('--alpha <number>', 'sample ratio α = n/d of that prediction (default 3)')
    .option('--lr <number>', 'learning rate of that prediction (default 0.2)')
    .option('--steps <int>', 'steps of the single-pass recursion it iterates (default 6)')
    .option('--json', 'print JSON instead of the table')
    .action(async (_options: unknown, command: Command) => {
      if (!commands.analyze) throw notAvailable('analyze');
      const o = command.opts() as Record<string, string | boolean | undefined>;
      if (typeof o.target !== 'string') throw new CliUsageError('--target is required');
      const options: AnalyzeCliOptions = { target: o.target };
      if (typeof o.activation === 'string') options.activation = o.activation;
      Object.assign(options, numberFlags(o, ['k', 'degree', 'tolerance', 'seed', 'alpha', 'lr', 'steps']));
      const analysis = await commands.analyze(options);
      io.stdout(o.json || !commands.formatAnalysis ? formatJson(analysis) : ensureNewline(commands.formatAnalysis(analysis)));
    });

  addSweepCommands(program, io, (code) => (exitCode = code));

  try {
    // --version is a root flag but needs async work (loading WASM), which commander's
    // built-in version() cannot do; handle it before parsing.
    if (argv[0] === '--version' || argv[0] === '-V') {
      await printVersion();
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      // Help printed because no subcommand was given: the help itself is the message.
      if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') return 2;
      if (error.code === 'commander.unknownOption') {
        errorLine(unknownOptionLine(program, argv, error.message));
        return 2;
      }
    }
    const report = describeError(error, initFlag);
    errorLine(report.message);
    if (process.env.MULTIPASS_GD_DEBUG && error instanceof Error && error.stack) io.stderr(error.stack + '\n');
    return report.exitCode;
  }
}

function isResult(value: unknown): value is WritableResult {
  const v = value as WritableResult | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.steps) && typeof v.config === 'object';
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : text + '\n';
}

/** One line for seeds that diverged: how many, the first few with their step, what was kept. */
export function divergenceLine(
  diverged: { seed: number; step: number; cause?: string }[],
  seedCount: number,
  steps: number[],
  out: string | undefined,
): string {
  const shown = diverged.slice(0, 3).map((d) => `seed ${d.seed} at step ${d.step}`).join(', ');
  const more = diverged.length > 3 ? `, …` : '';
  const last = steps.length > 0 ? steps[steps.length - 1] : undefined;
  const kept = last === undefined ? 'no steps' : `steps 0…${last}`;
  const where = out ? `wrote ${out}` : 'printed the result';
  // A cause means no learning rate is to blame (the gradient at the initial weights overflowed).
  const cause = diverged.find((d) => d.cause !== undefined)?.cause;
  const advice = cause ?? 'lower --lr';
  return `${diverged.length} of ${seedCount} seeds diverged (${shown}${more}); ${where} with ${kept}; ${advice}`;
}

/** Binds main() to the process: real streams, exit code via process.exitCode (lets stdout flush). */
export async function runCli(argv: string[] = process.argv.slice(2)): Promise<void> {
  exitQuietlyOnClosedPipe();
  exitWithLineOnSignal(argv[0]);
  process.exitCode = await main(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    stderrStream: process.stderr,
  });
}

/**
 * A reader that closes the pipe early (`| head`) is not an error: like a Unix tool killed by
 * SIGPIPE, exit 141 without a word (there is nobody left to read stdout). A closed stderr is
 * ignored, so that a result going to --out is still written.
 */
function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    removeInFlightSync();
    process.exit(141);
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/**
 * SIGINT (Ctrl-C) and SIGTERM end the command with one line saying what was interrupted and
 * what was written (the output is renamed into place only when complete, so an interrupted
 * command leaves the old file as it was), exit 128 + signal number as a shell reports it.
 */
function exitWithLineOnSignal(command: string | undefined): void {
  const what = command === undefined ? NAME : `'${NAME} ${command}'`;
  const on = (signal: 'SIGINT' | 'SIGTERM', code: number) =>
    process.once(signal, () => {
      removeInFlightSync();
      const wrote = writtenPaths();
      const kept = wrote.length === 0 ? 'nothing was written' : `only ${wrote.join(', ')} had been written`;
      process.stderr.write(`${NAME}: ${what} interrupted by ${signal}; ${kept}\n`);
      process.exit(code);
    });
  on('SIGINT', 130);
  on('SIGTERM', 143);
}

// `npx tsx src/node/cli/main.ts …` runs the CLI; importing this module (tests, bin/) does not.
if (process.argv[1] && realpathSafe(process.argv[1]) === fileURLToPath(import.meta.url)) void runCli();

function realpathSafe(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
