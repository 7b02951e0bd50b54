// Computes one sweep point in Node: run → simulateSeedsThreads, theory → theoryNode, with
// `threads` worker threads (the results have the same bits for any thread count; the thread
// count is dropped from the stored config so that it does not either).
import type { SweepPoint } from '../../sweep/SweepPoint.js';

export async function runPointNode(point: SweepPoint, threads = 1): Promise<unknown> {
  await import('../index.js'); // the Node entry points the WASM loader at build/
  if (point.command === 'run') {
    const { simulateSeedsThreads } = await import('../simulateSeedsThreads.js');
    return simulateSeedsThreads({ ...point.options, threads });
  }
  const { theoryNode } = await import('../theoryNode.js');
  // Threads spread the DMFT's samples; the single-pass recursion takes none.
  const dmft = point.options.method === undefined || point.options.method === 'dmft';
  const result = (await theoryNode({ ...point.options, ...(dmft ? { threads } : {}) })) as unknown as { config: Record<string, unknown> };
  const { threads: _threads, ...config } = result.config;
  return { ...result, config };
}
