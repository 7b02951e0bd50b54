// Every input of the page, one line each: its URL key (= the library option it feeds, when it
// feeds one), label, kind, default and help. The form, the URL, the CLI command and the
// error → field mapping are all built from this list, so a new option is one line here.
export interface Field {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'select' | 'checkbox';
  value: string;
  choices?: string[];
  help?: string;
  /** The CLI flag (run), when the field is a simulation option. */
  flag?: string;
  /** Shown under "More options". */
  advanced?: boolean;
  /** Shown under "Training variant" (docs/model.md §4). */
  training?: boolean;
  /** Left out of the options (and the CLI command) while it has its default value. */
  omitDefault?: boolean;
}

export const FIELDS: Field[] = [
  { key: 'target', label: 'Target f*(z)', kind: 'text', value: 'tanh(z1 + He3(z2))', flag: '--target', help: 'in z1…zk, or paper-1 | paper-2 | paper-3' },
  { key: 'activation', label: 'Activation σ(u)', kind: 'text', value: 'relu', flag: '--activation', help: 'in u, or relu, tanh, quadratic, …' },
  { key: 'd', label: 'd (input dimension)', kind: 'number', value: '500', flag: '--d' },
  { key: 'alpha', label: 'α (n = αd)', kind: 'number', value: '3', flag: '--alpha' },
  { key: 'n', label: 'n (overrides α)', kind: 'number', value: '', flag: '--n', help: 'empty: n = round(αd)' },
  { key: 'p', label: 'p (hidden units)', kind: 'number', value: '2', flag: '--p' },
  { key: 'lr', label: 'η (learning rate)', kind: 'number', value: '0.2', flag: '--lr' },
  { key: 'steps', label: 'steps T', kind: 'number', value: '6', flag: '--steps' },
  { key: 'seeds', label: 'seeds', kind: 'number', value: '8', flag: '--seeds' },
  { key: 'seed', label: 'first seed', kind: 'number', value: '0', flag: '--seed' },
  { key: 'schedule', label: 'Schedule A', kind: 'text', value: 'multi-pass', help: 'multi-pass | single-pass | resample:R | epochs:B' },
  { key: 'schedule2', label: 'Schedule B', kind: 'text', value: 'single-pass', help: 'empty: one schedule' },
  { key: 'layout', label: 'Schedules', kind: 'select', value: 'overlaid', choices: ['overlaid', 'side by side'] },
  { key: 'theory', label: 'Theory lines (DMFT, state evolution)', kind: 'checkbox', value: '' },
  { key: 'samples', label: 'DMFT samples', kind: 'number', value: '100000', advanced: true },
  { key: 'weightDecay', label: 'weight decay λ', kind: 'number', value: '0', flag: '--weight-decay', advanced: true },
  { key: 'labelNoise', label: 'label noise Δ', kind: 'number', value: '0', flag: '--label-noise', advanced: true },
  { key: 'init', label: 'init', kind: 'select', value: 'orthogonal', choices: ['orthogonal', 'random'], flag: '--init', advanced: true },
  { key: 'secondLayer', label: 'second layer', kind: 'select', value: 'alternating', choices: ['alternating', 'ones', 'mean', 'rademacher', 'gaussian'], flag: '--second-layer', advanced: true },
  { key: 'storage', label: 'storage', kind: 'select', value: 'f32', choices: ['f32', 'f64'], flag: '--storage', advanced: true },
  { key: 'engine', label: 'engine', kind: 'select', value: 'auto', choices: ['auto', 'explicit', 'reduced'], flag: '--engine', advanced: true, help: 'reduced: the exact low-dimensional process for fresh data (single-pass, resample:R)' },
  { key: 'record', label: 'recorded steps', kind: 'text', value: '', flag: '--record', advanced: true, help: 'empty: every step (log:200 beyond 10000); all | every:K | log:K' },
  // The training variants (docs/model.md §4): each off by default, so nothing is passed until changed.
  { key: 'algorithm', label: 'algorithm', kind: 'select', value: 'gd', choices: ['gd', 'projected', 'spherical'], flag: '--algorithm', training: true, omitDefault: true, help: 'projected: rows renormalised to √d; spherical: tangent gradient, then renormalised' },
  { key: 'loss', label: 'loss', kind: 'select', value: 'square', choices: ['square', 'correlation', 'exponential'], flag: '--loss', training: true, omitDefault: true },
  { key: 'sam', label: 'SAM radius ρ', kind: 'number', value: '', flag: '--sam', training: true, help: 'empty or 0: plain gradient' },
  { key: 'extragradient', label: 'extra-gradient ρ', kind: 'number', value: '', flag: '--extragradient', training: true, help: 'empty or 0: plain gradient' },
  { key: 'displacement', label: 'displacement', kind: 'select', value: 'batch', choices: ['batch', 'sample'], flag: '--displacement', training: true, omitDefault: true, help: 'what displaces the weights for SAM / extra-gradient' },
  { key: 'lrSchedule', label: 'learning-rate schedule', kind: 'text', value: '', flag: '--lr-schedule', training: true, help: 'empty: constant; step:0.5@100 | inverse:1000 | cosine | warmup:50, joined by +' },
  { key: 'secondLayerLr', label: 'second-layer η_a', kind: 'number', value: '', flag: '--second-layer-lr', training: true, help: 'empty or 0: the second layer stays fixed' },
  { key: 'secondLayerUpdate', label: 'second-layer update', kind: 'select', value: 'simultaneous', choices: ['simultaneous', 'alternating'], flag: '--second-layer-update', training: true, omitDefault: true },
  { key: 'secondLayerEvery', label: 'second layer every K steps', kind: 'number', value: '', flag: '--second-layer-every', training: true, help: 'empty: 1' },
];

/** The library options that are numbers (the rest are passed as typed). */
export const NUMERIC = new Set(FIELDS.filter((f) => f.kind === 'number').map((f) => f.key));

export type Values = Record<string, string>;

export const defaults = (): Values => Object.fromEntries(FIELDS.map((f) => [f.key, f.value]));
