// `multipass-gd reproduce [name]`: the papers' figures. `reproduce reusing-batches` is the
// headline figure of docs/model.md §5 (bare `reproduce`, with the same flags, is the same
// command); `reproduce repetita` is Figure 1 of Repetita iuvant (docs/model.md §5, "The
// data-repetition experiment").
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MAX_DMFT_STEPS, OPTION_RANGES, rangeText } from '../../options/optionRanges.js';
import type { CliIo } from './CliIo.js';
import { CliUsageError } from './CliUsageError.js';
import type { CommandContext, Commands, RepetitaCliOptions, ReproduceCliOptions } from './commands.js';
import { numberFlags, type Flags } from './numberFlags.js';
import { parseNumberFlag } from './parseNumberFlag.js';

export interface ReproduceCliDeps {
  io: CliIo;
  commands: Commands;
  contextFor: (command: Command) => CommandContext;
  notAvailable: (name: string) => Error;
  setExitCode: (code: number) => void;
}

export function addReproduceCommands(program: Command, deps: ReproduceCliDeps): void {
  const reproduce = program
    .command('reproduce')
    .description("the papers' figures: reusing-batches (the default, docs/model.md §5) or repetita (data repetition) → DIR/figure.svg, data.json, data.npz");
  // Bare `reproduce …` is `reproduce reusing-batches …`: a default subcommand keeps each figure's
  // flags apart (both have --d, --seeds, --out with different meanings and defaults).
  reusingBatches(
    reproduce.command('reusing-batches', { isDefault: true }).description("Dandi et al. 2024's figure: simulations and theory for the three targets of docs/model.md §5"),
    deps,
  );
  repetita(reproduce.command('repetita'), deps);
}

/** The headline figure's flags and action, on `reproduce` itself and on `reproduce reusing-batches`. */
function reusingBatches(command: Command, deps: ReproduceCliDeps): void {
  command
    .option('--out <dir>', 'output directory', 'results')
    .option('--d <int>', 'input dimension, 4…1e7 (default 2000)')
    .option('--seeds <int>', `seeds per target and schedule, 2…${OPTION_RANGES.seeds.max} (default 32)`)
    .option('--samples <int>', `DMFT Monte Carlo samples, ${rangeText('samples')} (default 1e6)`)
    .option('--steps <int>', `gradient steps T, 1…${MAX_DMFT_STEPS} (default 6)`)
    .option('--seed <int>', `first seed, ${rangeText('seed')} (default 0)`)
    .option('--threads <int>', `worker threads, ${rangeText('threads')} (default 1)`)
    .option('--paper', "the paper's size: d = 5000, 32 seeds")
    .option('--quiet', 'no progress on stderr')
    .option('--progress', 'show a progress bar even when stderr is not a terminal')
    .action(action(deps, (o, out, context) => {
      if (!deps.commands.reproduce) throw deps.notAvailable('reproduce');
      const options: ReproduceCliOptions = { out, paper: o.paper === true, ...numberFlags(o, ['d', 'seeds', 'samples', 'steps', 'seed', 'threads']) };
      return deps.commands.reproduce(options, context);
    }));
}

function repetita(command: Command, deps: ReproduceCliDeps): void {
  command
    .description('Arnaboldi et al. 2024 (Repetita iuvant), Figure 1: online SGD, displaced SGD and each sample used twice on He2, He3, He4, relu')
    .option('--out <dir>', 'output directory', 'results-repetita')
    .option('--quick', 'a smaller version: d = 256, 512, 1024 and 16 seeds (≤ 30 s)')
    .option('--d <list>', 'input dimensions, comma-separated (default 2048,4096,8192)')
    .option('--seeds <int>', `seeds per target, algorithm and d, 2…${OPTION_RANGES.seeds.max} (default 40)`)
    .option('--horizon <int>', "the table's horizon in units of d: T = horizon·d steps (default 50)")
    .option('--long-horizon <int>', 'a longer horizon in units of d, run and tabulated as well (default none)')
    .option('--targets <list>', 'targets, comma-separated from He2,He3,He4,relu (default all)')
    .option('--algorithms <list>', 'algorithms, comma-separated from sgd,egd,repeat (default all)')
    .option('--engine <name>', "reduced (default: exact, cost independent of d) or explicit")
    .option('--seed <int>', `first seed, ${rangeText('seed')} (default 0)`)
    .option('--threads <int>', `worker threads, ${rangeText('threads')} (default 2 or the cores available)`)
    .option('--no-explicit-estimate', "skip measuring the explicit engine's time for the same figure")
    .option('--quiet', 'no progress on stderr')
    .option('--progress', 'show a progress bar even when stderr is not a terminal')
    .action(action(deps, (o, out, context) => {
      if (!deps.commands.reproduceRepetita) throw deps.notAvailable('reproduce repetita');
      const options: RepetitaCliOptions = { out, quick: o.quick === true };
      if (o.explicitEstimate === false) options.explicitEstimate = false;
      if (typeof o.d === 'string') options.ds = list(o.d).map((x) => parseNumberFlag('--d', x));
      Object.assign(options, numberFlags(o, ['seeds', 'horizon', 'longHorizon', 'seed', 'threads']));
      if (typeof o.targets === 'string') options.targets = list(o.targets) as RepetitaCliOptions['targets'];
      if (typeof o.algorithms === 'string') options.algorithms = list(o.algorithms) as RepetitaCliOptions['algorithms'];
      if (typeof o.engine === 'string') {
        if (o.engine !== 'reduced' && o.engine !== 'explicit') throw new CliUsageError(`--engine must be reduced or explicit (got '${o.engine}')`);
        options.engine = o.engine;
      }
      return deps.commands.reproduceRepetita(options, context);
    }));
}

/** A subcommand's action: its flags, --out resolved against the working directory, and the result as the exit code. */
function action(deps: ReproduceCliDeps, run: (o: Flags, out: string, context: CommandContext) => Promise<number | void>) {
  return async (_options: unknown, cmd: Command): Promise<void> => {
    const o = cmd.opts() as Flags;
    const code = await run(o, resolve(deps.io.cwd ?? process.cwd(), String(o.out)), deps.contextFor(cmd));
    deps.setExitCode(typeof code === 'number' ? code : 0);
  };
}

/** 'a, b,c' → ['a', 'b', 'c']; an empty item is refused by the option's own validator. */
const list = (text: string): string[] => text.split(',').map((s) => s.trim());
