// The table of what each subcommand calls. The CLI parses and validates flags, then looks the
// implementation up here, so that the API can grow (theory, reproduce, analyze) without the
// argument parsing changing, and tests can inject fakes. An entry left undefined makes its
// subcommand fail with "not available in this build" (exit 1): never a fake result.
import type { SimulateOptions } from '../../options/SimulateOptions.js';
import type { ReproduceOptions } from '../../reproduce/reproducePaper.js';
import type { SeedsResult } from '../../results/SeedsResult.js';
import type { Variant } from '../../wasm/backend.js';
import type { Analysis } from '../../analyze/Analysis.js';
import { formatAnalysis as formatAnalysisTable } from '../../analyze/formatAnalysis.js';
import type { WritableResult } from '../io/resultObservables.js';
import type { ProgressReporter } from '../progress.js';
// Type-only: the module (and WASM) still loads only when the command runs.
import type { RepetitaNodeOptions } from '../reproduceRepetita.js';

export type ProgressCallback = (done: number, total: number) => void;

/** What `run` passes to simulateSeeds. */
export type RunOptions = SimulateOptions & { seeds?: number; threads?: number; keepTrajectories?: boolean; onProgress?: ProgressCallback };

/** What `theory` passes on: the simulate options plus the method and Monte Carlo size. */
export type TheoryCliOptions = SimulateOptions & {
  method: 'dmft' | 'single-pass';
  samples?: number;
  threads?: number;
  onProgress?: ProgressCallback;
};

/** What `reproduce` passes on. `out` is the directory to write figure.svg, data.json, data.npz into. */
export interface ReproduceCliOptions extends Omit<ReproduceOptions, 'onProgress'> {
  out: string;
  paper: boolean;
}

/** What `reproduce repetita` passes on: the figure's options, DIR, --quick and --no-explicit-estimate. */
export interface RepetitaCliOptions extends Omit<RepetitaNodeOptions, 'onProgress' | 'points' | 'quick'> {
  quick: boolean;
}

/** What `analyze` (and `run --analyze`) passes on. */
export interface AnalyzeCliOptions {
  target: string;
  k?: number;
  degree?: number;
  tolerance?: number;
  seed?: number;
  /** The student of the single-pass prediction. */
  activation?: string;
  alpha?: number;
  lr?: number;
  steps?: number;
}

/** Output channels for commands that write their own files and tables (reproduce). */
export interface CommandContext {
  stdout(text: string): void;
  stderr(text: string): void;
  /** A progress reporter honouring --quiet / --progress and whether stderr is a terminal. */
  progress(label: string): ProgressReporter;
}

export interface Commands {
  /** `run`: mean and SE over seeds (src/simulateSeeds.ts). */
  simulateSeeds: (options: RunOptions) => Promise<SeedsResult>;
  /** `--version`: which WASM build loads here. */
  backendVariant: () => Promise<Variant>;
  /** `theory`: a result with the same fields as `run` (M.mean [t][j][r], …; se = Monte Carlo error). */
  theory?: (options: TheoryCliOptions) => Promise<WritableResult>;
  /** `reproduce`: writes its files itself; resolves to an exit code (default 0). */
  reproduce?: (options: ReproduceCliOptions, context: CommandContext) => Promise<number | void>;
  /** `reproduce repetita`: writes its files itself; resolves to an exit code (default 0). */
  reproduceRepetita?: (options: RepetitaCliOptions, context: CommandContext) => Promise<number | void>;
  /** `analyze` and `run --analyze`: the JSON-able analysis (the spec). */
  analyze?: (options: AnalyzeCliOptions) => Promise<unknown>;
  /**
   * `run --analyze`: the analyser's limits (k, the target's variables) checked before the
   * simulation, so that a refusal costs no work; typed errors as `analyze` would throw.
   */
  checkAnalyze?: (options: AnalyzeCliOptions) => Promise<void>;
  /** Human-readable table of an analysis; without it `analyze` prints the JSON. */
  formatAnalysis?: (analysis: unknown) => string;
}

/**
 * Points the WASM loader at build/ (what the Node entry does on import) without loading the
 * whole library: a command imports only the modules it runs.
 */
async function fileWasm(): Promise<void> {
  const { useNodeDefaults } = await import('../useNodeDefaults.js');
  useNodeDefaults();
}

/** The implementations of this build. Loaded lazily so that `--help` does not load WASM. */
export const defaultCommands: Commands = {
  simulateSeeds: async (options) => {
    await fileWasm();
    const { simulateSeedsThreads } = await import('../simulateSeedsThreads.js');
    return simulateSeedsThreads(options);
  },
  backendVariant: async () => {
    await fileWasm();
    const { loadBackend } = await import('../../wasm/backend.js');
    return (await loadBackend()).variant;
  },
  theory: async (options) => {
    await fileWasm();
    const { theoryNode } = await import('../theoryNode.js');
    return (await theoryNode(options)) as unknown as WritableResult;
  },
  reproduce: async (options, context) => {
    await fileWasm();
    const { reproduceNode } = await import('../reproduce.js');
    const progress = context.progress('reproduce');
    try {
      const { analyze } = await import('../../analyze/index.js');
      await reproduceNode(
        {
          // Each target's predicted verdicts printed beside its measured overlaps.
          analyze: (target, student) => analyze(target, student),
          ...options,
          onProgress: (done, total) => progress.update(done, total),
        },
        (line) => context.stdout(`${line}\n`),
      );
    } finally {
      progress.stop();
    }
    return 0;
  },
  reproduceRepetita: async (options, context) => {
    await fileWasm();
    const { reproduceRepetitaNode } = await import('../reproduceRepetita.js');
    const progress = context.progress('repetita');
    try {
      await reproduceRepetitaNode({ ...options, onProgress: (done, total) => progress.update(done, total) }, (line) => context.stdout(`${line}\n`));
    } finally {
      progress.stop();
    }
    return 0;
  },
  analyze: async ({ target, ...options }) => {
    await fileWasm();
    const { analyze } = await import('../../analyze/index.js');
    return analyze(target, options);
  },
  checkAnalyze: async ({ target, k }) => {
    const { parseTarget } = await import('../../expr/parseTarget.js');
    const { MAX_ANALYZE_K, resolveAnalyzeOptions } = await import('../../analyze/resolveAnalyzeOptions.js');
    resolveAnalyzeOptions(k === undefined ? {} : { k });
    parseTarget(target, { k, maxK: MAX_ANALYZE_K, option: 'target' });
  },
  formatAnalysis: (analysis) => formatAnalysisTable(analysis as Analysis),
};
