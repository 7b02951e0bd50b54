// Writes a file so that readers see either the old file or the complete new one: the bytes go
// to a temporary file in the same directory (same filesystem, so rename is atomic on POSIX),
// flushed, then renamed over the target. A process killed mid-write leaves only a hidden
// '.tmp' file (src/node/io/temporaryFiles.ts), which the next write of the same path removes.
// `durable`: the directory entry is flushed too after the rename, so that a machine that loses
// power or a cluster node that crashes cannot leave an empty file under the final name (ext4
// and XFS may otherwise persist the rename before the data).
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { recordWritten, staleTemporaries, temporaryPath, trackTemporary } from './temporaryFiles.js';

/**
 * Test-only hook: MULTIPASS_GD_TEST_SLOW_WRITE=<ms> writes the bytes in CHUNKS pieces with a
 * pause of <ms> between them, so that a fault test can kill the process during the final
 * write. Unset (always, outside tests), the bytes are written at once.
 */
const SLOW_WRITE_ENV = 'MULTIPASS_GD_TEST_SLOW_WRITE';
const CHUNKS = 8;

export async function writeFileAtomic(path: string, data: string | Uint8Array, { durable = false } = {}): Promise<void> {
  for (const stale of staleTemporaries(path)) await rm(stale, { force: true });
  const temp = temporaryPath(path);
  trackTemporary(temp, true);
  try {
    const file = await open(temp, 'wx');
    try {
      await writeChunks(file, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, slowWriteDelay());
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    recordWritten(path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    trackTemporary(temp, false);
  }
  if (durable) await syncDirectory(dirname(path));
}

/** fsync of a directory makes a rename in it durable; some filesystems refuse it (then the rename is as durable as they make it). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    /* EISDIR / EINVAL / EPERM on filesystems without directory fsync */
  } finally {
    await handle?.close();
  }
}

async function writeChunks(file: import('node:fs/promises').FileHandle, bytes: Uint8Array, delay: number): Promise<void> {
  if (delay <= 0) {
    await file.writeFile(bytes);
    return;
  }
  const size = Math.ceil(bytes.length / CHUNKS);
  for (let at = 0; at < bytes.length; at += size) {
    await file.write(bytes, at, Math.min(size, bytes.length - at));
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function slowWriteDelay(): number {
  const value = Number(process.env[SLOW_WRITE_ENV] ?? 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}
