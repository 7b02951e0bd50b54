// Writes a file so that readers see either the old file or the complete new one: the bytes go
// to a temporary file in the same directory (same filesystem, so rename is atomic on POSIX),
// which is then renamed over the target. A crash mid-write leaves at most a stray temp file.
// `durable`: the data (and then the directory entry) are flushed to disk before and after the
// rename, so that a machine that loses power or a cluster node that crashes cannot leave an
// empty file under the final name (ext4 and XFS may otherwise persist the rename first).
import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(path: string, data: string | Uint8Array, { durable = false } = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (durable) {
      const file = await open(temp, 'w');
      try {
        await file.writeFile(data);
        await file.sync();
      } finally {
        await file.close();
      }
    } else {
      await writeFile(temp, data);
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
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
