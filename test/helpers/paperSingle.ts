// The state-evolution options of the headline experiment (docs/model.md §5: ReLU student,
// p = k = 2, α = 3, η = 0.2, M⁰ = 0, Q⁰ = I, alternating second layer, steps 0…6).
export function paperStateEvolution(target: string, extra: Record<string, unknown> = {}) {
  const s2 = Math.SQRT1_2;
  return {
    target,
    activation: 'relu',
    alpha: 3,
    lr: 0.2,
    steps: 6,
    M0: [[0, 0], [0, 0]],
    Q0: [[1, 0], [0, 1]],
    a: [s2, -s2],
    ...extra,
  };
}
