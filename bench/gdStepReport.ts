// The GD-step section of `npm run bench`: the paper case's multi-pass step (SIMD and scalar
// builds, one thread), the plain read of the same batch and numpy's float32 and float64 steps,
// all in one run. Runs alone with `npx tsx bench/gdStepReport.ts`.
import { fmt } from './fmt.js';
import { numpyGdStep } from './gdNumpy.js';
import { benchGdStep } from './gdStep.js';
import { gdStepLines } from './lines.js';

/** Prints the section and returns its figures for results/bench.json. */
export async function reportGdStep(): Promise<Record<string, unknown>> {
  const simd = await benchGdStep('simd');
  const scalar = await benchGdStep('scalar', 5000, 15000, 2, 2);
  const numpy = numpyGdStep();
  const step = simd.multiPassStepMs;
  for (const line of gdStepLines(simd, scalar)) console.log(line);
  if ('skipped' in numpy) console.log(`  numpy steps skipped: ${numpy.skipped}`);
  else {
    for (const [name, ms] of [['float32', numpy.f32Ms], ['float64', numpy.f64Ms]] as const) {
      console.log(`  ${`numpy ${name} step, ${numpy.threads} BLAS threads`.padEnd(42)}${fmt(ms)} ms   (multipass-gd speed-up ${fmt(ms / step, 2)}×)`);
    }
    console.log(`  numpy's BLAS: ${numpy.blas}`);
  }
  return { simd, scalar, numpy };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { setWasmSource } = await import('../src/wasm/wasmSource.js');
  const { wasmFileSource } = await import('../src/node/wasmFileSource.js');
  setWasmSource(wasmFileSource);
  await reportGdStep();
}
