// The throw-away consumer project: `npm pack` of the repository, and a fresh folder with the
// files of scripts/package/consumer/ (plus test/browser/shared.js) whose package.json
// installs the tarball, and vite, typescript and @types/node at the repository's versions.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from '../lib/processes.mjs';

/**
 * Packs without lifecycle scripts: `prepare` would rebuild, and the caller has just made sure
 * dist/ and build/ are fresh (scripts/lib/build.mjs). Resolves to npm's description of it.
 * @param {string} root the repository
 * @param {string} dir where the tarball goes
 * @returns {Promise<{ filename: string, size: number, unpackedSize: number, entryCount: number, path: string }>}
 */
export async function pack(root, dir) {
  const out = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, capture: true });
  const [info] = JSON.parse(out);
  return { ...info, path: path.join(dir, info.filename) };
}

/**
 * @param {string} root the repository
 * @param {string} dir the consumer project to make
 * @param {string} tarball
 */
export async function makeConsumer(root, dir, tarball) {
  cpSync(path.join(root, 'scripts/package/consumer'), dir, { recursive: true });
  cpSync(path.join(root, 'test/browser/shared.js'), path.join(dir, 'shared.js'));
  const dev = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies;
  const pkg = {
    name: 'multipass-gd-consumer', private: true, type: 'module',
    dependencies: {
      'multipass-gd': `file:${tarball}`,
      vite: dev.vite, typescript: dev.typescript, '@types/node': dev['@types/node'],
    },
  };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, capture: true });
  /** @param {string} name */
  const version = (name) => JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  return { vite: version('vite'), typescript: version('typescript'), typesNode: version('@types/node') };
}
