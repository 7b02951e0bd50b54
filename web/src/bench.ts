// The bench page: runs bench/portable.ts in a Web Worker and prints the table of
// `npm run bench` with the same JSON fields, plus the browser, the WASM build and the workers.
// ?quick=1 runs small sizes (the test); window.benchReport holds the report when done.
const quick = new URLSearchParams(location.search).get('quick') === '1';
const table = document.getElementById('table')!;
const status = document.getElementById('status')!;
const json = document.getElementById('json')!;
const w = window as unknown as { benchReport?: unknown; benchError?: string };
const browserName = (navigator as Navigator & { userAgentData?: { brands: { brand: string; version: string }[] } }).userAgentData?.brands
  .filter((b) => !/Not.A.Brand/i.test(b.brand)).map((b) => `${b.brand} ${b.version}`).join(', ') || navigator.userAgent;

const worker = new Worker(new URL('./benchWorker.ts', import.meta.url), { type: 'module' });
const started = performance.now();
worker.postMessage({ quick });
status.textContent = `Running${quick ? ' (quick sizes)' : ''} in 1 Web Worker… (a minute or so at full size)`;
document.getElementById('browser')!.textContent = browserName;
document.getElementById('cores')!.textContent = String(navigator.hardwareConcurrency);
document.getElementById('isolated')!.textContent = self.crossOriginIsolated ? 'yes' : 'no';
worker.onmessage = (e: MessageEvent<{ type: string; line?: string; report?: Record<string, unknown>; message?: string; wasm?: string; threads?: number }>) => {
  const m = e.data;
  if (m.type === 'info') {
    document.getElementById('wasm')!.textContent = m.wasm!;
    document.getElementById('threads')!.textContent = `1, then ${m.threads} for the threaded step`;
  }
  else if (m.type === 'line') table.textContent += m.line + '\n';
  else if (m.type === 'done') {
    // One worker; the portable measurements on one thread, as in Node (bench/portable.ts); `threads`
    // (from the report) is what the threaded step used.
    const report = { date: new Date().toISOString(), browser: browserName, userAgent: navigator.userAgent, workers: 1, hardwareConcurrency: navigator.hardwareConcurrency, crossOriginIsolated: self.crossOriginIsolated, sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined', ...m.report };
    json.textContent = JSON.stringify(report, null, 2);
    status.textContent = `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
    w.benchReport = report;
    worker.terminate();
  } else {
    status.textContent = `Failed: ${m.message}`;
    w.benchError = m.message;
    worker.terminate();
  }
};
worker.onerror = (e) => {
  e.preventDefault();
  status.textContent = `Failed: ${e.message}`;
  w.benchError = e.message || 'worker failed';
};
