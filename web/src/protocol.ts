// Messages between the page and its workers (web/src/worker.ts).
import type { BackendInfo } from '../../src/backendInfo.js';
import type { SimulateOptions } from '../../src/index.js';

export type Job =
  | { type: 'seed'; id: number; options: SimulateOptions; seed: number; threads?: number }
  | { type: 'theory'; id: number; options: Record<string, unknown> }
  | { type: 'analyze'; id: number; target: string; options: Record<string, unknown> }
  | { type: 'info'; id: number };

/** A library error across the worker boundary: its class name, message and the option it names. */
export interface WorkerError {
  name: string;
  message: string;
  option?: string;
  position?: number;
  column?: number;
  step?: number;
}

export type Reply =
  | { type: 'step'; id: number; t: number; of?: number }
  | { type: 'done'; id: number; value: unknown; error?: WorkerError }
  | { type: 'error'; id: number; error: WorkerError };

/** What a worker reports about where it runs: the library's backendInfo, as it gives it. */
export type WorkerInfo = BackendInfo;
