// The flags of every SimulateOptions field, shared by `run` and `theory`, and their
// conversion back to options. Only flags the user typed become options, so the API's
// documented defaults (docs/model.md) apply and the result's config records them once.
import type { Command } from 'commander';
import type { InitOption, SimulateOptions } from '../../options/SimulateOptions.js';
import { MAX_STEPS_EXPLICIT } from '../../options/engineOption.js';
import { MAX_DMFT_STEPS, rangeText } from '../../options/optionRanges.js';
import { CliUsageError } from './CliUsageError.js';
import { numberFlags, type Flags } from './numberFlags.js';
import { parseNumberFlag } from './parseNumberFlag.js';

/** Options given as numbers; the API checks ranges and integrality and names the flag. */
const NUMERIC = [
  'k', 'd', 'alpha', 'n', 'p', 'lr', 'steps', 'weightDecay', 'labelNoise', 'seed', 'secondLayerSeed',
  'sam', 'extragradient', 'secondLayerLr', 'secondLayerEvery',
] as const;
const TEXT = [
  'target', 'activation', 'schedule', 'secondLayer', 'storage', 'backend', 'engine',
  'algorithm', 'displacement', 'loss', 'lrSchedule', 'secondLayerUpdate',
] as const;

const M0_EXAMPLE = '[[0.1,0],[0,0.1]]';

/**
 * Adds the SimulateOptions flags to `command`. `simulation: false` (theory, the d → ∞ limit)
 * leaves out the flags of a finite simulation (--d, --n, --schedule, --storage,
 * --no-test-error), so that the command refuses them instead of ignoring them.
 */
export function addSimulateFlags(command: Command, { simulation = true } = {}): Command {
  const stepsCap = simulation ? ` (explicit engine: ≤ ${MAX_STEPS_EXPLICIT})` : ` (dmft: ≤ ${MAX_DMFT_STEPS})`;
  command
    .option('--target <expr>', "target f*(z) in z1…zk, paper-1 | paper-2 | paper-3, or committee(σ, k) (default paper-2 = 'tanh(z1 + He3(z2))')")
    .option('--k <int>', `number of target directions, ${rangeText('k')} (default: largest zi used)`)
    .option('--activation <expr>', "student activation in u (default 'relu')");
  if (simulation) command.option('--d <int>', `input dimension, ${rangeText('d')} (default 5000)`);
  command.option('--alpha <number>', `samples per batch n = alpha·d, ${rangeText('alpha')} (default 3)`);
  if (simulation) command.option('--n <int>', `samples per batch, ${rangeText('n')} (overrides --alpha)`);
  command
    .option('--p <int>', `hidden units, ${rangeText('p')} (default 2)`)
    .option('--lr <number>', `learning rate η, ${rangeText('lr')} (default 0.2)`)
    .option('--steps <int>', `gradient steps T, ${rangeText('steps')}${stepsCap}; observables at t = 0…T (default 6)`);
  if (simulation) {
    command
      .option('--schedule <name>', 'multi-pass | single-pass | resample:R | epochs:BATCH (default multi-pass)')
      .option('--engine <engine>', 'explicit | reduced (exact low-dimensional process for single-pass and resample:R) | auto (default)')
      .option('--record <steps>', "steps kept: all | every:K | log:K | a list such as 0,10,100 (default all; log:200 beyond 10000 steps)");
  }
  command
    .option('--weight-decay <number>', `weight decay λ, ${rangeText('weightDecay')} with lr·λ < 1 (default 0)`)
    .option('--label-noise <number>', `label noise variance Δ, ${rangeText('labelNoise')} (default 0)`)
    .option('--init <init>', `orthogonal | random | m0 as JSON, e.g. '${M0_EXAMPLE}' (default orthogonal)`)
    .option('--m0 <json>', `initial overlap m0 (p×k JSON array), same as --init '${M0_EXAMPLE}'`)
    .option('--second-layer <kind>', 'alternating | ones | mean | rademacher | gaussian (random-signs = rademacher; default alternating)')
    .option('--seed <int>', `seed, ${rangeText('seed')} (default 0)`)
    .option('--second-layer-seed <int>', `seed of a rademacher or gaussian second layer, ${rangeText('secondLayerSeed')} (default: --seed)`);
  addTrainingFlags(command);
  if (simulation) command.option('--storage <precision>', 'f32 | f64 (default f32)');
  command.option('--backend <build>', 'auto | simd | scalar WASM build (default auto)');
  if (simulation) command.option('--no-test-error', 'skip the population test error');
  return command;
}

/** The training variants of docs/model.md §4 (every one off by default). */
function addTrainingFlags(command: Command): void {
  command
    .option('--algorithm <name>', 'gd | projected (rows renormalised to √d) | spherical (tangent gradient, then renormalised) (default gd)')
    .option('--sam <rho>', `sharpness-aware gradient at W + ρ∇L/‖∇L‖, ρ ${rangeText('sam')} (default 0)`)
    .option('--extragradient <rho>', `look-ahead gradient at W − ρ∇L, ρ ${rangeText('extragradient')} (default 0)`)
    .option('--displacement <scope>', 'batch | sample: what displaces the weights for --sam / --extragradient (default batch)')
    .option('--loss <loss>', 'square | correlation | exponential (default square)')
    .option('--lr-schedule <spec>', 'constant | step:GAMMA@EVERY | inverse:T0 | cosine | warmup:W, joined by + (default constant)')
    .option('--second-layer-lr <eta>', `second-layer learning rate η_a, ${rangeText('secondLayerLr')} (default 0: fixed)`)
    .option('--second-layer-update <mode>', 'simultaneous | alternating (default simultaneous)')
    .option('--second-layer-every <int>', `update the second layer every K steps, ${rangeText('secondLayerEvery')} (default 1)`);
}

/** Which of --init / --m0 the user typed (to name it in errors about init). */
export function initFlagOf(command: Command): '--init' | '--m0' {
  return command.getOptionValueSource('m0') === 'cli' ? '--m0' : '--init';
}

/** The SimulateOptions the user typed on `command`; CliUsageError for malformed values. */
export function simulateOptionsFrom(command: Command): SimulateOptions {
  const raw = command.opts() as Flags;
  const given = (key: string) => command.getOptionValueSource(key) === 'cli';
  const out: Record<string, unknown> = { ...numberFlags(raw, NUMERIC, given) };
  for (const key of TEXT) if (given(key)) out[key] = raw[key];
  if (given('testError')) out.testError = raw.testError;
  if (given('record')) out.record = parseRecord(String(raw.record));
  if (given('init') && given('m0')) throw new CliUsageError('--init and --m0 cannot both be given');
  if (given('init')) out.init = parseInit('--init', String(raw.init));
  if (given('m0')) out.init = { m0: parseJsonArray('--m0', String(raw.m0)) };
  return out as SimulateOptions;
}

/** '0,10,100' → [0, 10, 100]; every other spelling goes to the API's record validator as text. */
function parseRecord(text: string): string | number[] {
  const t = text.trim();
  if (!/^[0-9]+(\s*,\s*[0-9]+)*$/.test(t)) return t;
  return t.split(',').map((x) => parseNumberFlag('--record', x.trim()));
}

function parseInit(flag: string, text: string): InitOption {
  const t = text.trim();
  if (t === 'orthogonal' || t === 'random') return t;
  if (t.startsWith('[')) return { m0: parseJsonArray(flag, t) };
  if (t.startsWith('{')) {
    const v = parseJson(flag, t);
    if (v && typeof v === 'object' && 'm0' in v) return v as { m0: number[][] };
  }
  throw new CliUsageError(`${flag} must be orthogonal, random or a JSON p×k array such as ${M0_EXAMPLE} (got '${text}')`);
}

function parseJsonArray(flag: string, text: string): number[][] {
  const v = parseJson(flag, text);
  if (!Array.isArray(v)) throw new CliUsageError(`${flag} must be a JSON p×k array such as ${M0_EXAMPLE} (got '${text}')`);
  return v as number[][];
}

function parseJson(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CliUsageError(`${flag} must be a JSON p×k array such as ${M0_EXAMPLE}; '${text}' is not valid JSON`);
  }
}
