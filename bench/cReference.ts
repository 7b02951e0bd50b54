// The C reference of the GD step (bench/gd_ref.c: the same algorithm, 128-bit SSE, no FMA),
// compiled with gcc where it is installed, for the "native code" line of `npm run bench`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Best-of-`repeats` milliseconds of one step, or why it was skipped. */
export function cReferenceStep(d: number, n: number, repeats: number): { ms: number; compiler: string } | { skipped: string } {
  const source = fileURLToPath(new URL('./gd_ref.c', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'multipass-gd-ref-'));
  try {
    const exe = join(dir, 'gd_ref');
    // -O3 without -march: x86-64's SSE2, no FMA (what WebAssembly SIMD128 offers).
    const cc = spawnSync('gcc', ['-O3', '-o', exe, source, '-lm'], { encoding: 'utf8' });
    if (cc.error) return { skipped: `gcc not available (${cc.error.message})` };
    if (cc.status !== 0) return { skipped: `gcc failed: ${cc.stderr.trim().split('\n').pop()}` };
    const run = spawnSync(exe, [String(d), String(n), String(repeats)], { encoding: 'utf8' });
    if (run.status !== 0) return { skipped: `C reference failed: ${run.stderr.trim()}` };
    const version = spawnSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' }).stdout.trim();
    return { ms: Number(run.stdout.trim().split(' ')[0]), compiler: `gcc ${version} -O3` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
