// Exclusive lock files that survive kill -9 and work across hosts on a shared filesystem.
// Taking: the holder's identity is written to a temporary file which is then hard-linked to
// the lock name; link() fails if the name exists, on local filesystems and NFS alike, and the
// lock is never seen half-written. Breaking a stale lock (holder dead on this host, or lease
// expired): rename it to a unique name, which only one breaker can do, and check that what was
// renamed is the stale lock that was judged; if a fresh lock was renamed instead, link it back.
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isAlive, type ProcessIdentity } from './processIdentity.js';

export interface LockInfo extends ProcessIdentity {
  runId: string;
  /** 1 + number of stale holders before this one. */
  attempt: number;
  createdAt: string;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

async function readLock(path: string): Promise<{ text: string; info: LockInfo | null; mtimeMs: number } | null> {
  try {
    const [text, s] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let info: LockInfo | null = null;
    try {
      info = JSON.parse(text) as LockInfo;
    } catch {
      info = null;
    }
    return { text, info, mtimeMs: s.mtimeMs };
  } catch (error) {
    if (code(error) === 'ENOENT') return null;
    throw error;
  }
}

function isStale(lock: { info: LockInfo | null; mtimeMs: number }, me: ProcessIdentity, leaseMs: number, nowMs: number): boolean {
  if (nowMs - lock.mtimeMs > leaseMs) return true;
  return lock.info !== null && lock.info.host === me.host && !isAlive(lock.info);
}

/** Filesystems without hard links (some FUSE and object-store mounts) refuse link() with these. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

async function tryLink(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    if (!NO_LINKS.has(code(error) ?? '')) throw error;
  }
  // O_CREAT|O_EXCL instead: as exclusive, but a crash between create and write leaves an
  // unreadable lock, which then counts as stale only once its lease has run out.
  try {
    await writeFile(path, await readFile(temp), { flag: 'wx' });
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  }
}

/** Renames away the stale lock `seen`; false if someone else's lock was there instead. */
async function breakLock(path: string, seen: string): Promise<boolean> {
  const aside = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.stale`);
  try {
    await rename(path, aside);
  } catch (error) {
    if (code(error) === 'ENOENT') return true; // someone else broke it: try to take it
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== seen) {
    await tryLink(aside, path); // a fresh lock: put it back (if a third process took the name meanwhile, its lock stands)
    await unlink(aside);
    return false;
  }
  await unlink(aside);
  return true;
}

/**
 * Takes the lock at `path` for `me`: resolves to the LockInfo written, or null when a live
 * holder has it. `leaseMs`: age of the lock's mtime after which the holder counts as dead.
 */
export async function acquireLock(path: string, me: ProcessIdentity & { runId: string }, leaseMs: number): Promise<LockInfo | null> {
  let attempt = 1;
  for (let tries = 0; tries < 5; tries++) {
    const info: LockInfo = { ...me, attempt, createdAt: new Date().toISOString() };
    const temp = join(dirname(path), `.${basename(path)}.${me.pid}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temp, JSON.stringify(info));
    try {
      if (await tryLink(temp, path)) return info;
    } finally {
      await unlink(temp);
    }
    const lock = await readLock(path);
    if (lock === null) continue; // released meanwhile
    if (!isStale(lock, me, leaseMs, Date.now())) return null;
    attempt = (lock.info?.attempt ?? 0) + 1;
    if (!(await breakLock(path, lock.text))) return null;
  }
  return null;
}

/** Removes the lock if it is still `mine` (a holder judged dead may have lost it). */
export async function releaseLock(path: string, mine: LockInfo): Promise<void> {
  const lock = await readLock(path);
  if (lock?.info && lock.info.runId === mine.runId && lock.info.pid === mine.pid && lock.info.host === mine.host) {
    await unlink(path).catch((error: unknown) => {
      if (code(error) !== 'ENOENT') throw error;
    });
  }
}

/** The holder of the lock at `path` if it is live (for status); an unreadable live lock has an unknown holder. */
export async function liveHolder(path: string, me: ProcessIdentity, leaseMs: number): Promise<LockInfo | undefined> {
  const lock = await readLock(path);
  if (lock === null || isStale(lock, me, leaseMs, Date.now())) return undefined;
  return lock.info ?? { host: '?', pid: 0, startTime: null, runId: '?', attempt: 0, createdAt: '?' };
}
