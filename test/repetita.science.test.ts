// The data-repetition experiment (docs/model.md §5) says what the paper says, and runs the
// authors' algorithm. Two pre-registered claims, each measured first on other seeds (1000…),
// then fixed here at seed 0 before this file first ran:
//
// A. At the `--quick` size (d = 256, 512, 1024; 16 seeds; T = 50·d), on f* = He3(z1), displaced
//    SGD ends with a larger mean |cos(w, w*)| than online SGD at every d: the harness's own
//    one-sided Welch test rejects "not larger", Holm-corrected at 1 % over the 3 comparisons
//    (threshold t ≈ 3.0 at ν ≈ 29). Measured at seeds 1000…1015: t = 7.8, 13.5, 20.1 (means
//    0.066, 0.067, 0.070 against 0.021, 0.014, 0.010). Power (test/helpers/bands.ts): the
//    smallest expected t, 7.8, exceeds threshold + z_{0.99} = 3.0 + 2.33 = 5.3. (The same
//    measurement found no significant "each sample used twice > plain" on He3 at this size and
//    η = 0.01, t = −1.6, 1.2, 0.3: the repetition's displacement is η g = 0.01 g against
//    displaced SGD's ρ g = 0.1 g; so that is not claimed.)
//
// B. The mapping of the authors' hyper-parameters (η = prefactor·p, ρ = rho_prefactor·p on rows
//    of norm √d) runs their experiment: at d = 256 and t = 50·d on He3, the library's mean
//    |cos| for online SGD and for displaced SGD (64 seeds) equals that of the authors' algorithm
//    written in their own conventions (unit-norm weights, fields w̄·x, γ = 0.01/d, ρ̄ = 0.1/d;
//    test/reference/repetitaAuthorsConventions.py, 1000 seeds of numpy's generator) within a
//    two-sided Šidák band for 2 checks at 1 %, z = Δ/√(se² + se_ref²) against Student's t with
//    ν = 63 (the library's 64 seeds; the Welch ν is larger, so the band is conservative):
//    |z| < 2.91. What it
//    detects: ρ off by a factor d (no displacement: EgD → SGD's 0.026, against 0.066) or of the
//    other sign, η off by 2 (SGD's noise level and EgD's drift move by ≥ 30 %), each ≥ 5 SE.
//    Measured first at seeds 1000…1063: 0.01786 ± 0.00162 and 0.07023 ± 0.00173, z = −0.16 (SGD),
//    +0.17 (EgD).
import { describe, expect, it } from 'vitest';
import { reproduceRepetita } from '../src/reproduce/reproduceRepetita.js';
import { REPETITA_QUICK } from '../src/reproduce/repetitaSetup.js';
import { sidakBandT } from './helpers/bands.js';
import '../src/node/index.js';

/** The authors'-conventions reference, d = 256, t = 50·d, He3 (test/reference/repetitaAuthorsConventions.py 1000 0). */
const AUTHORS = { sgd: { mean: 0.01812, se: 0.00042 }, egd: { mean: 0.06993, se: 0.0005 } };

describe('Repetita iuvant, Figure 1: displaced SGD learns He3 in O(d) steps, online SGD does not', () => {
  it('A: at the quick size, displaced > plain on He3 at every d (Welch, Holm 1 %)', async () => {
    const r = await reproduceRepetita({ ...REPETITA_QUICK, ds: [...REPETITA_QUICK.ds], targets: ['He3'], algorithms: ['sgd', 'egd'], seed: 0 });
    expect(r.comparisons.map((c) => [c.d, c.comparison])).toEqual(REPETITA_QUICK.ds.map((d) => [d, 'egd>sgd']));
    for (const c of r.comparisons) expect(c.significant, `d = ${c.d}: t = ${c.t.toFixed(2)}`).toBe(true);
  });

  it("B: the mapped hyper-parameters give the authors' algorithm's |cos| at d = 256 (SGD and displaced SGD)", async () => {
    const r = await reproduceRepetita({ ds: [256], seeds: 64, horizon: 50, targets: ['He3'], algorithms: ['sgd', 'egd'], seed: 0 });
    const band = sidakBandT(2, 63);
    for (const key of ['sgd', 'egd'] as const) {
      const row = r.table.find((x) => x.algorithm === key)!;
      const ref = AUTHORS[key];
      const z = (row.mean - ref.mean) / Math.hypot(row.se, ref.se);
      expect(Math.abs(z), `${key}: library ${row.mean.toFixed(5)} ± ${row.se.toFixed(5)}, authors' ${ref.mean} ± ${ref.se}`).toBeLessThan(band);
    }
  });
});
