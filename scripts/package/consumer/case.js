// The computation every consumer of the installed package runs (Node ESM script, Vite
// production bundle, Vite dev server): one small seeded simulate() per WASM build. Returns,
// per build, a few numbers to print and an FNV-1a 64 digest of every number of the
// trajectory (./shared.js is test/browser/shared.js, copied next to this file).
import { fnv1a64, pick } from './shared.js';

export const OPTIONS = { target: 'tanh(z1 + He3(z2))', d: 200, alpha: 2, p: 2, steps: 3, schedule: 'multi-pass', seed: 7 };
/** @type {(keyof import('multipass-gd').Trajectory)[]} */
const FIELDS = ['steps', 'M', 'Q', 'testError', 'trainError', 'cosine', 'overlap', 'orthogonalOverlap'];

/**
 * @param {import('./shared.js').Lib} lib the package's module (Node or browser entry)
 * @returns {Promise<Record<string, import('../../lib/pageGlobals.js').ConsumerResult>>}
 */
export async function runCase(lib) {
  /** @type {Record<string, import('../../lib/pageGlobals.js').ConsumerResult>} */
  const out = {};
  for (const backend of /** @type {const} */ (['simd', 'scalar'])) {
    const r = await lib.simulate({ ...OPTIONS, backend });
    const values = pick(r, FIELDS);
    out[backend] = {
      backend: r.backend, M: r.M[OPTIONS.steps][0][0], testError: r.testError[OPTIONS.steps],
      count: values.length, digest: fnv1a64(values),
    };
  }
  return out;
}
