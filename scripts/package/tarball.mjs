// What the tarball holds, checked on the installed copy (node_modules/multipass-gd):
// exactly the top-level entries of `files` (plus package.json), every source map's sources
// present (src/ ships for them), and `dependencies` equal to the packages dist/ imports.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fail } from '../lib/processes.mjs';

// Top-level entries a user gets; LICENSE and docs/ are required, the rest is what runs.
const EXPECTED = ['LICENSE', 'README.md', 'bin', 'build', 'dist', 'docs', 'package.json', 'src'];

/**
 * @param {string} dir
 * @param {(name: string) => boolean} test
 * @param {string[]} [out]
 * @returns {string[]}
 */
function walk(dir, test, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, test, out);
    else if (test(e.name)) out.push(p);
  }
  return out;
}

/** @param {string} installed the package in node_modules */
function checkEntries(installed) {
  const entries = readdirSync(installed).sort();
  // npm adds no top-level files of its own to an installed tarball.
  if (entries.join(' ') !== EXPECTED.join(' ')) fail(`top-level entries are [${entries.join(', ')}], expected [${EXPECTED.join(', ')}]`);
  return entries;
}

/** @param {string} installed the package in node_modules */
function checkSourceMaps(installed) {
  const maps = walk(path.join(installed, 'dist'), (n) => n.endsWith('.js.map'));
  const missing = [];
  for (const m of maps) {
    const { sources = [], sourceRoot = '' } = JSON.parse(readFileSync(m, 'utf8'));
    for (const s of sources) {
      const file = path.resolve(path.dirname(m), sourceRoot, s);
      if (!existsSync(file)) missing.push(`${path.relative(installed, m)} → ${s}`);
    }
  }
  if (!maps.length) fail('dist/ holds no source maps');
  if (missing.length) fail(`${missing.length} source map sources missing from the package, e.g. ${missing[0]}`);
  return maps.length;
}

// Static import/export declarations only: the worker entries' `import('tsx/esm/api')` is code
// in a string that runs only from the TypeScript sources (tests), never from dist/.
const IMPORT = /^(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;

/** @param {string} installed the package in node_modules */
function checkDependencies(installed) {
  const imported = new Set();
  for (const f of walk(path.join(installed, 'dist'), (n) => n.endsWith('.js'))) {
    for (const [, spec] of readFileSync(f, 'utf8').matchAll(IMPORT)) {
      if (spec.startsWith('.') || spec.startsWith('node:')) continue;
      imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  const declared = Object.keys(JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).dependencies ?? {});
  const unused = declared.filter((d) => !imported.has(d));
  const undeclared = [...imported].filter((d) => !declared.includes(d));
  if (unused.length || undeclared.length) {
    fail(`dependencies differ from what dist/ imports: unused [${unused.join(', ')}], undeclared [${undeclared.join(', ')}]`);
  }
  return declared.sort();
}

/**
 * @param {string} installed the package in node_modules
 * @param {{ filename: string, size: number, unpackedSize: number, entryCount: number }} pack npm's description of the tarball
 */
export function checkTarball(installed, pack) {
  const entries = checkEntries(installed);
  const maps = checkSourceMaps(installed);
  const deps = checkDependencies(installed);
  return [
    `${pack.filename}: ${(pack.size / 1024).toFixed(0)} kB packed, ${(pack.unpackedSize / 1024).toFixed(0)} kB unpacked, ${pack.entryCount} files; top level: ${entries.join(' ')}`,
    `${maps} source maps, every source present (src/); dependencies = static imports of dist/: ${deps.join(', ')}`,
  ];
}
