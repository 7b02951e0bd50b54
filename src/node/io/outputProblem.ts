// Whether a result can be written to a path, found before any work so that a long run is not
// lost to a path that cannot take it: the path is a directory, its directory does not exist or
// is a file, or no file can be created there (read-only filesystem, permissions, /proc). The
// last is probed by creating and removing one of our temporary files, which also holds for
// root, whom permission bits do not stop.
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { temporaryPath } from './temporaryFiles.js';

/** Why `path` (absolute) cannot take a result, or undefined when it can. */
export function outputProblem(path: string): string | undefined {
  const dir = dirname(path);
  const dirStat = statOrNull(dir);
  if (dirStat === null) return `directory '${dir}' does not exist`;
  if (!dirStat.isDirectory()) return `'${dir}' is a file, not a directory`;
  if (statOrNull(path)?.isDirectory()) return `'${path}' is a directory`;
  const probe = temporaryPath(path);
  try {
    closeSync(openSync(probe, 'wx'));
    rmSync(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return `cannot create a file in '${dir}' (${code})`;
  }
  return undefined;
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
