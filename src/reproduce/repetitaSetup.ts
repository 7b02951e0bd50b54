// Figure 1 of Arnaboldi, Dandi, Krzakala, Pesce, Stephan, "Repetita iuvant: Data repetition
// allows SGD to learn high-dimensional multi-index functions" (2024), in this library's
// conventions: the four single-index targets, the three algorithms and the hyper-parameters of
// the authors' files hyperparameters/paper-plots/fig1/*.yaml (IdePHICS/Repetita-Iuvant),
// translated as derived in docs/model.md §5 ("The data-repetition experiment").
import type { SimulateOptions } from '../options/SimulateOptions.js';

export interface RepetitaTarget {
  /** Short name, as in the authors' files (teacher_activation_choices). */
  name: 'He2' | 'He3' | 'He4' | 'relu';
  /** f*(z) in this library's syntax (the committee 1/k Σ σ(z_r) with k = 1). */
  target: string;
  /** The authors' horizon for this target: choice_time_scaling and coefficient_time of its yaml. */
  paperHorizon: string;
}

export const REPETITA_TARGETS: readonly RepetitaTarget[] = [
  { name: 'He2', target: 'He2(z1)', paperHorizon: '100·d·ln d (dlogd, coefficient_time 100)' },
  { name: 'He3', target: 'He3(z1)', paperHorizon: '50·d (multiple_pass_easy, coefficient_time 50)' },
  { name: 'He4', target: 'He4(z1)', paperHorizon: '500·d·ln d (dlogd, coefficient_time 500)' },
  { name: 'relu', target: 'relu(z1)', paperHorizon: '200·d (multiple_pass_easy, coefficient_time 200)' },
];

export type RepetitaAlgorithmKey = 'sgd' | 'egd' | 'repeat';

export interface RepetitaAlgorithm {
  key: RepetitaAlgorithmKey;
  /** Legend text. */
  label: string;
  /** The authors' algo_method, and how their plots name it. */
  paper: string;
  /** What distinguishes it, in simulate() options. */
  options: Pick<SimulateOptions, 'schedule' | 'extragradient' | 'displacement'>;
}

/**
 * ρ of the per-sample extra-gradient: the authors' ρ = rho_prefactor·p/d on unit-norm weights
 * is ρ = rho_prefactor·p = 0.1 on rows of norm √d (docs/model.md §5).
 */
export const REPETITA_RHO = 0.1;

export const REPETITA_ALGORITHMS: readonly RepetitaAlgorithm[] = [
  { key: 'sgd', label: 'online SGD', paper: "'gd', plotted as SGD", options: { schedule: 'single-pass' } },
  {
    key: 'egd', label: 'displaced SGD (EgD)', paper: "'true_sam', plotted as EgD",
    options: { schedule: 'single-pass', extragradient: REPETITA_RHO, displacement: 'sample' },
  },
  { key: 'repeat', label: 'each sample used twice', paper: "'proxy_sam' (resample_every 2)", options: { schedule: 'resample:2' } },
];

/** The comparisons of the table, each one-sided (H₁: the first has the larger mean |cosine|). */
export const REPETITA_COMPARISONS = [
  { key: 'egd>sgd', better: 'egd', than: 'sgd', label: 'displaced > plain' },
  { key: 'repeat>sgd', better: 'repeat', than: 'sgd', label: 'repeated > plain' },
] as const;

/**
 * What every run shares (docs/model.md §5): ReLU student, p = k = 1, one sample per step,
 * η = prefactor·p = 0.01 (the authors' γ = prefactor·n·d^(−1)·p on unit-norm weights with a
 * mean loss; choice_gammas 'sam'), second layer a = 1 ('ones' with p = 1; in general their
 * a_j = 1 is this library's a_j = 1/p, 'mean'), initial overlap exactly 0 (init 'zero' ↔
 * 'orthogonal'), no label noise, square loss (predictor_interaction false in the yaml, which
 * running.py inverts), plain (not spherical) GD.
 */
export const REPETITA_COMMON = {
  activation: 'relu',
  p: 1,
  k: 1,
  n: 1,
  lr: 0.01,
  secondLayer: 'mean',
  init: 'orthogonal',
  labelNoise: 0,
  testError: false,
} as const satisfies SimulateOptions;

/** The authors' sizes: d = 2048, 4096, 8192 and 40 seeds (nseeds); the horizon of the table, T = 50·d. */
export const REPETITA_FULL = { ds: [2048, 4096, 8192], seeds: 40, horizon: 50 } as const;
/** `--quick`: the same experiment at smaller d and fewer seeds (≤ 30 s on two cores). */
export const REPETITA_QUICK = { ds: [256, 512, 1024], seeds: 16, horizon: 50 } as const;
/** Family-wise error rate of the table's one-sided tests (Holm over every comparison printed). */
export const REPETITA_FAMILY_WISE = 0.01;
