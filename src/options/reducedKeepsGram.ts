// Whether the reduced engine (docs/model.md §8) keeps a batch's n×n Gram matrix: when the
// batch is used R ≥ 2 times, and with a displacement, which must see the same x⊥ as the step
// (assembly/reducedStep.ts keepsGram). Its size limits which runs the engine takes.

export function reducedKeepsGram(R: number, displaced: boolean): boolean {
  return R >= 2 || displaced;
}
