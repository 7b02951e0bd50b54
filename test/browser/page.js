// Browser side of `npm run test:browser`: imports the library's browser entry exactly as a
// web app would (it fetches its WASM relative to its own URL) and runs the shared cases.
// The harness calls window.runBrowserCases() once window.browserCasesReady is true. The
// harness serves the package root, so ../../dist/index.js is /dist/index.js.
import * as lib from '../../dist/index.js';
import { CASES as SHARED_CASES, VARIANTS, fnv1a64, flatten } from './shared.js';
import { THREADS_CASES } from './threadsCases.js';

const CASES = [...SHARED_CASES, ...THREADS_CASES];

/** @returns {Promise<import('../../scripts/lib/pageGlobals.js').CaseRun[]>} */
async function runBrowserCases() {
  /** @type {import('../../scripts/lib/pageGlobals.js').CaseRun[]} */
  const results = [];
  for (const c of CASES) {
    for (const variant of VARIANTS) {
      const t0 = performance.now();
      try {
        const values = flatten(await c.run(lib, variant));
        results.push({
          name: c.name, variant, digest: fnv1a64(values), count: values.length,
          head: Array.from(values.subarray(0, 3)), ms: performance.now() - t0,
        });
      } catch (e) {
        results.push({ name: c.name, variant, error: String(typeof e === 'object' && e !== null && 'stack' in e && e.stack ? e.stack : e) });
      }
    }
  }
  return results;
}

window.runBrowserCases = runBrowserCases;
window.browserCasesReady = true;

// When opened by hand, show the digests on the page as well.
if (!navigator.webdriver) {
  runBrowserCases().then((r) => {
    /** @type {HTMLElement} test/browser/index.html has it */ (document.getElementById('out')).textContent = r
      .map((x) => `${x.name} ${x.variant} ${x.error !== undefined ? 'ERROR ' + x.error : x.digest + ' (' + x.count + ' numbers)'}`)
      .join('\n');
  });
}
