// Presets: the paper's figure (docs/model.md §5, at d = 2000 so that it runs in a browser in
// seconds) and a data-repetition experiment (docs/model.md §4 and §7: online SGD, n = 1, on the
// single-index target He3(z1), information exponent 3). Fresh samples (single-pass) leave the
// student near M = 0 for ~d^1.5 steps, while each sample used twice (resample:2, the
// data-repetition SGD of Arnaboldi et al. 2024, Repetita iuvant) reaches the target in ~d log d:
// at d = 1000 and 10⁵ steps the mean cosine of 16 seeds ends near 1 against near 0.1
// (test/web.repetitionPreset.test.ts checks that the gap is significant at exactly these values).
// The reduced engine (docs/model.md §8) runs 10⁵ online steps per seed in a fraction of a second.
// Random init: from M⁰ = 0 exactly an information-exponent-3 target gives no drift at all (§7).
import type { Values } from './fields.js';

const paper = (target: string): Values => ({
  target, activation: 'relu', d: '2000', alpha: '3', n: '', p: '2', lr: '0.2', steps: '6', seeds: '32', seed: '0',
  schedule: 'multi-pass', schedule2: 'single-pass', theory: 'on', samples: '1000000', layout: 'overlaid',
});

export const PRESETS: Record<string, { label: string; values: Values }> = {
  'paper-1': { label: 'Paper figure, panel 1: z1 + z1·z2', values: paper('z1 + z1*z2') },
  'paper-2': { label: 'Paper figure, panel 2: tanh(z1 + He3(z2))', values: paper('tanh(z1 + He3(z2))') },
  'paper-3': { label: 'Paper figure, panel 3: tanh(z1) + tanh(z2)', values: paper('tanh(z1) + tanh(z2)') },
  repetition: {
    label: 'Data repetition: He3(z1), online SGD n = 1, resample:2 vs single-pass (reduced engine)',
    values: {
      target: 'He3(z1)', activation: 'tanh', d: '1000', alpha: '3', n: '1', p: '1', lr: '0.5', steps: '100000', seeds: '16', seed: '0',
      schedule: 'resample:2', schedule2: 'single-pass', theory: '', layout: 'overlaid', init: 'random', engine: 'reduced', record: 'log:60',
    },
  },
};
