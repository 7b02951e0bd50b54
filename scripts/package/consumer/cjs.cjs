// CommonJS consumer. Node ≥ 20.19 loads the ESM package through require(esm); older Node
// throws ERR_REQUIRE_ESM, which this reports (the harness decides what it expects).
const { version } = require('multipass-gd/package.json');
let lib;
try {
  lib = require('multipass-gd');
} catch (e) {
  const err = /** @type {NodeJS.ErrnoException} what require throws */ (e);
  console.log(JSON.stringify({ version, error: err.code, message: String(err.message).split('\n')[0] }));
  process.exit(0);
}
lib.simulate({ target: 'tanh(z1 + He3(z2))', d: 200, alpha: 2, p: 2, steps: 3, schedule: 'multi-pass', seed: 7, backend: 'simd' })
  .then((r) => console.log(JSON.stringify({ version, M: r.M[3][0][0] })));
