// A strict TypeScript consumer of the shipped .d.ts: options and results are typed, not any.
import { simulate, simulateSeeds, theory, OptionRangeError } from 'multipass-gd';
import type { SimulateOptions, Trajectory, SeedsResult, TheoryResult } from 'multipass-gd';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;
// Compiles only when T is exactly `true`: Equal<any, number> is false, so an `any` fails.
type Assert<T extends true> = T;

const options: SimulateOptions = { target: 'tanh(z1 + He3(z2))', d: 200, alpha: 2, p: 2, steps: 3, seed: 7 };
// @ts-expect-error d is a number, so a string must not type-check
const wrong: SimulateOptions = { d: '200' };

export async function check(): Promise<number> {
  const run = await simulate(options);
  const seeds = await simulateSeeds({ ...options, seeds: 2 });
  const dmft = await theory({ target: options.target, method: 'dmft', samples: 1000, steps: 3 });
  type _options = Assert<Equal<IsAny<Parameters<typeof simulate>[0]>, false>>;
  type _run = Assert<Equal<typeof run, Trajectory>>;
  type _M = Assert<Equal<(typeof run.M)[number][number][number], number>>;
  type _backend = Assert<Equal<typeof run.backend, 'simd' | 'scalar'>>;
  type _seeds = Assert<Equal<typeof seeds, SeedsResult>>;
  type _testError = Assert<Equal<typeof seeds.testError.mean, number[]>>;
  type _theory = Assert<Equal<typeof dmft, TheoryResult>>;
  type _theoryM = Assert<Equal<IsAny<typeof dmft.M.mean>, false>>;
  const error: unknown = new Error();
  if (error instanceof OptionRangeError) return 0;
  return run.M[3][0][0] + seeds.testError.mean[3] + (wrong.d ?? 0);
}
