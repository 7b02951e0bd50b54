// The GD-step section of `npm run bench`: the paper case's multi-pass step (SIMD and scalar
// builds, one thread), the plain read of the same batch and numpy's float32 and float64 steps,
// all in one run. Runs alone with `npx tsx bench/gdStepReport.ts`.
import { fmt } from './fmt.js';
import { numpyGdStep } from './gdNumpy.js';
import { benchGdStep } from './gdStep.js';

/** Prints the section and returns its figures for results/bench.json. */
export async function reportGdStep(): Promise<Record<string, unknown>> {
  const simd = await benchGdStep('simd');
  const scalar = await benchGdStep('scalar', 5000, 15000, 2, 2);
  const numpy = numpyGdStep();
  const step = simd.multiPassStepMs;
  console.log(`  multi-pass step (fused kernel, SIMD)      ${fmt(step)} ms   (goal ≤ 25 ms on 1 thread)`);
  console.log(`  plain SIMD read of the same batch         ${fmt(simd.plainReadMs)} ms   (step / read = ${fmt(step / simd.plainReadMs, 2)})`);
  console.log(`  single-pass step incl. its data (SIMD)    ${fmt(simd.singlePassStepMs)} ms   (generation alone ${fmt(simd.generateMs)} ms)`);
  console.log(`  multi-pass step, scalar build             ${fmt(scalar.multiPassStepMs)} ms   (SIMD speed-up ${fmt(scalar.multiPassStepMs / step, 2)}×)`);
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
