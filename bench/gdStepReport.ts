// The GD-step section of `npm run bench`: the paper case's multi-pass step (SIMD and scalar
// builds, one thread), the plain read of the same batch, the same algorithm in C (where gcc is
// installed) and numpy's float32 and float64 steps, all in one run. Runs alone with
// `npx tsx bench/gdStepReport.ts`.
import { availableParallelism, loadavg } from 'node:os';
import { cReferenceStep } from './cReference.js';
import { fmt } from './fmt.js';
import { numpyGdStep } from './gdNumpy.js';
import { benchGdStep } from './gdStep.js';
import { gdStepLines } from './lines.js';

/** Prints the section and returns its figures for results/bench.json. */
export async function reportGdStep() {
  const before = await benchGdStep('simd');
  const scalar = await benchGdStep('scalar', 5000, 15000, 2, 2);
  const native = cReferenceStep(before.d, before.n, 5);
  const numpy = numpyGdStep(2);
  // One BLAS thread: no thread waits for another, so this ratio holds up on a loaded machine.
  const numpy1 = numpyGdStep(1);
  // The step again after the others, and the best of both: on a shared machine, a burst of
  // load during the first measurement alone then does not decide the ratios.
  const after = await benchGdStep('simd', before.d, before.n, before.p, 10, 0); // the fast figures only
  const simd = {
    ...before,
    multiPassStepMs: Math.min(before.multiPassStepMs, after.multiPassStepMs),
    plainReadMs: Math.min(before.plainReadMs, after.plainReadMs),
    rowsReadMs: Math.min(before.rowsReadMs, after.rowsReadMs),
  };
  const step = simd.multiPassStepMs;
  for (const line of gdStepLines(simd, scalar)) console.log(line);
  if ('skipped' in native) console.log(`  C reference skipped: ${native.skipped}`);
  else console.log(`  ${'same algorithm in C (SSE2, no FMA)'.padEnd(42)}${fmt(native.ms)} ms   (${native.compiler}; multipass-gd / C = ${fmt(step / native.ms, 2)})`);
  // numpy's two BLAS threads wait for each other when other processes hold the cores: its
  // times (and the speed-ups over it) then say more about the load than about the step.
  const load = loadavg()[0];
  const cores = availableParallelism();
  if (load > cores) console.log(`  load average ${fmt(load)} on ${cores} cores: the numpy times below are inflated by waiting threads`);
  if ('skipped' in numpy) console.log(`  numpy steps skipped: ${numpy.skipped}`);
  else {
    for (const [name, ms, goal] of [['float32', numpy.f32Ms, '; goal ≥ 1.5×'], ['float64', numpy.f64Ms, '']] as const) {
      console.log(`  ${`numpy ${name} step, ${numpy.threads} BLAS threads`.padEnd(42)}${fmt(ms)} ms   (multipass-gd speed-up on 1 thread ${fmt(ms / step, 2)}×${goal})`);
    }
    console.log(`  numpy's BLAS: ${numpy.blas}`);
  }
  if (!('skipped' in numpy1)) {
    console.log(`  ${'numpy float32 step, 1 BLAS thread'.padEnd(42)}${fmt(numpy1.f32Ms)} ms   (multipass-gd speed-up, both on 1 thread, ${fmt(numpy1.f32Ms / step, 2)}×)`);
  }
  return { simd, scalar, native, numpy, numpy1, loadAverage: load, cores };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { setWasmSource } = await import('../src/wasm/wasmSource.js');
  const { wasmFileSource } = await import('../src/node/wasmFileSource.js');
  setWasmSource(wasmFileSource);
  await reportGdStep();
}
