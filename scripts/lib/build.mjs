// Builds the package (npm run build) when dist/ or build/ is missing or older than src/ or
// assembly/; shared by the scripts/test-*.mjs harnesses. Flags: --build (always), --no-build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { run } from './processes.mjs';

const OUTPUTS = ['dist/index.js', 'dist/node/index.js', 'build/multipass.simd.wasm', 'build/multipass.scalar.wasm'];

/**
 * @param {string} dir
 * @returns {number}
 */
function newestMtime(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Why the build is stale ('' when it is fresh).
 * @param {string} root
 * @param {string[]} argv
 */
function staleness(root, argv) {
  if (argv.includes('--build')) return '--build given';
  const outputs = OUTPUTS.map((p) => path.join(root, p));
  const missing = outputs.find((p) => !existsSync(p));
  if (missing) return `missing ${path.relative(root, missing)}`;
  const oldest = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const newestSource = Math.max(newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'assembly')));
  return newestSource > oldest ? 'sources newer than the build' : '';
}

/**
 * @param {string} root the repository
 * @param {string[]} argv the harness's arguments (--build, --no-build)
 * @param {string} name the harness, for the log line
 */
export async function ensureBuild(root, argv, name) {
  if (argv.includes('--no-build')) return;
  const why = staleness(root, argv);
  if (!why) return;
  console.log(`${name}: building (${why}) …`);
  await run('npm', ['run', '--silent', 'build'], { cwd: root });
}
