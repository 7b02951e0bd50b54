// Named targets: the three panels of the paper's headline figure (docs/model.md §5).
export const TARGET_ALIASES: Readonly<Record<string, string>> = {
  'paper-1': 'z1 + z1*z2',
  'paper-2': 'tanh(z1 + He3(z2))',
  'paper-3': 'tanh(z1) + tanh(z2)',
};
