// The multipass-gd command line. main() does everything and returns the exit code, writing
// only through `io`, so tests run it in-process; runCli() binds it to the real process.
// Exit codes: 0 success, 1 runtime failure (divergence, missing implementation, I/O),
// 2 bad input (flags, values, expressions, memory), each reported as ONE stderr line.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { DivergenceError } from '../../errors.js';
import { formatJson } from '../io/formatJson.js';
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
  type ReproduceCliOptions,
  type TheoryCliOptions,
} from './commands.js';
import { describeError } from './describeError.js';
import { parseNumberFlag } from './parseNumberFlag.js';
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

  /** Checks --out (extension, directory) before any work; returns the absolute path or undefined. */
  const checkOut = (out: string | undefined): string | undefined => {
    if (out === undefined) return undefined;
    resultFormat(out);
    const path = resolve(io.cwd ?? process.cwd(), out);
    const dir = dirname(path);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new CliUsageError(`--out: directory '${dir}' does not exist`);
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
    .option('--seeds <int>', 'number of seeds: seed, seed+1, … (default 1)')
    .option('--threads <int>', 'worker threads over seeds (the result does not depend on it; default 1)')
    .option('--keep-trajectories', 'also write every seed’s trajectory (JSON only)')
    .option('--out <file>', 'write to FILE (.json, .csv or .npz); default: JSON on stdout')
    .option('--analyze', 'add the learnability analysis of the target under "analysis"')
    .option('--quiet', 'no progress on stderr')
    .option('--progress', 'show a progress bar even when stderr is not a terminal')
    .action(async (_options: unknown, command: Command) => {
      initFlag = initFlagOf(command);
      const o = command.opts() as { seeds?: string; threads?: string; out?: string; analyze?: boolean; quiet?: boolean; keepTrajectories?: boolean };
      const options = simulateOptionsFrom(command);
      const seeds = o.seeds === undefined ? undefined : parseNumberFlag('--seeds', o.seeds);
      const threads = o.threads === undefined ? undefined : parseNumberFlag('--threads', o.threads);
      const path = checkOut(o.out);
      // --analyze needs the analyser: refuse before a long run, not after.
      if (o.analyze && !commands.analyze) throw notAvailable('--analyze');
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
        if (error instanceof DivergenceError && isResult(error.partial)) {
          await emit(error.partial, o.out, path, true);
          errorLine(`${error.message}${o.out ? `; wrote ${o.out}` : ''}`);
          exitCode = 1;
          return;
        }
        throw error;
      }
      progress.stop();
      let output: WritableResult & { analysis?: unknown } = result;
      if (o.analyze && commands.analyze) {
        const target = typeof result.config.target === 'string' ? result.config.target : (options.target ?? 'paper-2');
        const k = typeof result.config.k === 'number' ? result.config.k : options.k;
        output = { ...result, analysis: await commands.analyze({ target, ...(k === undefined ? {} : { k }) }) };
      }
      const diverged = result.diverged ?? [];
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
    { schedule: false },
  )
    .option('--method <method>', 'dmft | single-pass')
    .option('--samples <int>', 'Monte Carlo samples S of the DMFT (default at least 10^6)')
    .option('--threads <int>', 'worker threads (the result does not depend on it)')
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
      if (o.samples !== undefined) options.samples = parseNumberFlag('--samples', o.samples);
      if (o.threads !== undefined) options.threads = parseNumberFlag('--threads', o.threads);
      const path = checkOut(o.out);
      const progress = progressFor(command)(o.method);
      options.onProgress = (done, total) => progress.update(done, total);
      try {
        await emit(await commands.theory(options), o.out, path, o.quiet === true);
      } finally {
        progress.stop();
      }
    });

  program
    .command('reproduce')
    .description("the paper's figure: simulations and theory for the three targets of docs/model.md §5 → DIR/figure.svg, data.json, data.npz")
    .option('--out <dir>', 'output directory', 'results')
    .option('--d <int>', 'input dimension')
    .option('--seeds <int>', 'seeds per target and schedule')
    .option('--samples <int>', 'DMFT Monte Carlo samples')
    .option('--steps <int>', 'gradient steps T')
    .option('--seed <int>', 'first seed')
    .option('--threads <int>', 'worker threads for the theory')
    .option('--paper', "the paper's size: d = 5000, 32 seeds")
    .option('--quiet', 'no progress on stderr')
    .option('--progress', 'show a progress bar even when stderr is not a terminal')
    .action(async (_options: unknown, command: Command) => {
      if (!commands.reproduce) throw notAvailable('reproduce');
      const o = command.opts() as Record<string, string | boolean | undefined>;
      const options: ReproduceCliOptions = { out: resolve(io.cwd ?? process.cwd(), String(o.out)), paper: o.paper === true };
      for (const key of ['d', 'seeds', 'samples', 'steps', 'seed', 'threads'] as const) {
        if (o[key] !== undefined) options[key] = parseNumberFlag(`--${key}`, String(o[key]));
      }
      const code = await commands.reproduce(options, contextFor(command));
      exitCode = typeof code === 'number' ? code : 0;
    });

  program
    .command('analyze')
    .description('which directions of the target single-pass and multi-pass GD learn, and how fast (docs/model.md §7)')
    .option('--target <expr>', 'target f*(z) in z1…zk (k ≤ 6), or paper-1 | paper-2 | paper-3')
    .option('--k <int>', 'number of target directions (default: largest zi used)')
    .option('--degree <int>', 'highest Hermite degree examined')
    .option('--tolerance <number>', 'threshold below which a coefficient or moment counts as zero')
    .option('--seed <int>', 'seed of the Monte Carlo estimates')
    .option('--json', 'print JSON instead of the table')
    .action(async (_options: unknown, command: Command) => {
      if (!commands.analyze) throw notAvailable('analyze');
      const o = command.opts() as Record<string, string | boolean | undefined>;
      if (typeof o.target !== 'string') throw new CliUsageError('--target is required');
      const options: AnalyzeCliOptions = { target: o.target };
      for (const key of ['k', 'degree', 'tolerance', 'seed'] as const) {
        if (o[key] !== undefined) options[key] = parseNumberFlag(`--${key}`, String(o[key]));
      }
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
  diverged: { seed: number; step: number }[],
  seedCount: number,
  steps: number[],
  out: string | undefined,
): string {
  const shown = diverged.slice(0, 3).map((d) => `seed ${d.seed} at step ${d.step}`).join(', ');
  const more = diverged.length > 3 ? `, …` : '';
  const last = steps.length > 0 ? steps[steps.length - 1] : undefined;
  const kept = last === undefined ? 'no steps' : `steps 0…${last}`;
  const where = out ? `wrote ${out}` : 'printed the result';
  return `${diverged.length} of ${seedCount} seeds diverged (${shown}${more}); ${where} with ${kept}; lower --lr`;
}

/** Binds main() to the process: real streams, exit code via process.exitCode (lets stdout flush). */
export async function runCli(argv: string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await main(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    stderrStream: process.stderr,
  });
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
