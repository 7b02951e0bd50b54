// Peak resident memory of the paper case (the accuracy goal "runs in under 600 MB resident"), measured
// in a fresh Node process running the built package, so nothing else in this process counts.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface MemoryBench {
  schedule: string;
  /** Peak resident set size of the whole Node process, MB. */
  peakRssMB: number;
  /** WASM linear memory at the end, MB. */
  wasmMB: number;
  seconds: number;
}

export function benchMemory(schedule: 'multi-pass' | 'single-pass', d = 5000, alpha = 3, p = 2): MemoryBench {
  const entry = fileURLToPath(new URL('../dist/node/index.js', import.meta.url));
  const script = `
    const { simulate, loadBackend } = await import(${JSON.stringify(entry)});
    const t0 = performance.now();
    await simulate({ d: ${d}, alpha: ${alpha}, p: ${p}, steps: 6, schedule: '${schedule}', threads: 1 });
    const b = await loadBackend();
    console.log(JSON.stringify({ rss: process.resourceUsage().maxRSS / 1024, wasm: b.memoryBytes / 2 ** 20, s: (performance.now() - t0) / 1000 }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  return { schedule, peakRssMB: r.rss, wasmMB: r.wasm, seconds: r.s };
}
