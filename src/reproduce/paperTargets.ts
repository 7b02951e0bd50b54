/** The three targets of the paper's headline figure (docs/model.md §5), in panel order. */
export const PAPER_TARGETS = ['z1 + z1*z2', 'tanh(z1 + He3(z2))', 'tanh(z1) + tanh(z2)'] as const;
