// The temporary files the writers put beside an output before renaming it into place: their
// names, the ones in flight (removed on SIGINT/SIGTERM), stale ones of a killed process, and
// the outputs completed so far (named when the process is interrupted).
// A name is '.<output name>.<pid>.<8 hex>.tmp': hidden, ending in .tmp, so a crash never
// leaves anything that a reader or a glob for *.json / *.csv / *.npz takes for output.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const inFlight = new Set<string>();
const written: string[] = [];

/** A fresh temporary path beside `path`, owned by this process. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Marks `temp` as being written (true) or gone (false), for removeInFlightSync. */
export function trackTemporary(temp: string, writing: boolean): void {
  if (writing) inFlight.add(temp);
  else inFlight.delete(temp);
}

/** Records that `path` now holds its new content (for the one line printed on interruption). */
export function recordWritten(path: string): void {
  written.push(path);
}

/** The outputs this process has completed so far. */
export function writtenPaths(): readonly string[] {
  return written;
}

/** Removes the temporary files this process is writing: called on SIGINT/SIGTERM before exiting. */
export function removeInFlightSync(): void {
  for (const temp of inFlight) rmSync(temp, { force: true });
  inFlight.clear();
}

/**
 * Temporary files of `path` left by processes that no longer run (SIGKILL, power loss). A live
 * process's file is never listed, so two writers of the same path do not remove each other's.
 */
export function staleTemporaries(path: string): string[] {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+\.[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length)))
    .filter((name) => !isAlive(Number(name.slice(prefix.length).split('.')[0])))
    .map((name) => join(dirname(path), name));
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
