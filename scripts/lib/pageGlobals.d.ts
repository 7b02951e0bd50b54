// What the harnesses' pages put on `window` and the harnesses read back with page.evaluate
// (test/browser/page.js, scripts/package/consumer/main.js, web/src/bench.ts); the types of
// the JavaScript in scripts/ and test/browser/ (tsconfig.scripts.json) refer to these.
import type { PortableReport } from '../../bench/portable.js';

/** One case run with one WASM build (test/browser/shared.js), in Node or in the browser. */
export type CaseRun =
  | { name: string; variant: string; digest: string; count: number; head: number[]; ms: number; error?: undefined }
  | { name: string; variant: string; error: string };

/** What the package consumer (scripts/package/consumer/case.js) reports for one WASM build. */
export interface ConsumerResult {
  backend: string;
  M: number;
  testError: number;
  count: number;
  digest: string;
}

/** The bench page's report (web/src/bench.ts): the portable bench plus where it ran. */
export type BenchPageReport = PortableReport & {
  date: string;
  browser: string;
  userAgent: string;
  wasm: string;
  workers: number;
  /** Threads of the threaded step (web/src/benchThreads.ts); the portable lines run on one. */
  threads: number;
  threadsStep: import('../../web/src/benchThreads.js').ThreadsStepBench;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
};

declare global {
  interface Window {
    /** test/browser/page.js: set once runBrowserCases can be called. */
    browserCasesReady?: boolean;
    runBrowserCases?: () => Promise<CaseRun[]>;
    /** scripts/package/consumer/main.js: per WASM build, or the error. */
    packageResult?: Record<string, ConsumerResult>;
    packageError?: string;
    /** web/bench.html */
    benchReport?: BenchPageReport;
    benchError?: string;
  }
}
