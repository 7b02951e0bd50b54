// Progress of long runs on stderr. On a terminal (or with --progress) a cli-progress bar with
// ETA; otherwise (logs, CI, pipes) a plain line at most every few seconds, and nothing at all
// for runs shorter than that, so logs stay clean; --quiet turns both off.
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  /** `done` of `total` units finished (seeds, samples, …). */
  update(done: number, total: number): void;
  /** Finishes the bar / stops reporting. Idempotent. */
  stop(): void;
}

export type ProgressOptions =
  | { mode: 'off' }
  | {
      mode: 'bar';
      label: string;
      stream: NodeJS.WritableStream;
      /** Draws in place on a TTY; otherwise cli-progress prints a line every `intervalMs`. */
      isTTY: boolean;
      intervalMs?: number;
    }
  | {
      mode: 'lines';
      label: string;
      writeLine: (line: string) => void;
      /** Minimum time between lines, and before the first one (default 5000 ms). */
      intervalMs?: number;
      now?: () => number;
    };

export function createProgress(options: ProgressOptions): ProgressReporter {
  if (options.mode === 'off') return { update() {}, stop() {} };
  if (options.mode === 'bar') return barProgress(options);
  return lineProgress(options);
}

function barProgress(o: Extract<ProgressOptions, { mode: 'bar' }>): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      format: `multipass-gd ${o.label} [{bar}] {value}/{total} | elapsed {duration_formatted} | ETA {eta_formatted}`,
      stream: o.stream,
      noTTYOutput: !o.isTTY,
      notTTYSchedule: o.intervalMs ?? 5000,
      etaBuffer: 20,
      hideCursor: false,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update(done, total) {
      if (stopped) return;
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}

function lineProgress(o: Extract<ProgressOptions, { mode: 'lines' }>): ProgressReporter {
  const now = o.now ?? Date.now;
  const interval = o.intervalMs ?? 5000;
  const start = now();
  let last = start;
  let stopped = false;
  return {
    update(done, total) {
      const t = now();
      if (stopped || t - last < interval) return;
      last = t;
      const elapsed = (t - start) / 1000;
      const eta = done > 0 && total >= done ? ` ETA ${formatSeconds((elapsed * (total - done)) / done)}` : '';
      const pct = total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : '';
      o.writeLine(`multipass-gd: ${o.label} ${done}/${total}${pct}, elapsed ${formatSeconds(elapsed)},${eta}`.replace(/,$/, ''));
    },
    stop() {
      stopped = true;
    },
  };
}

/** 75 → '1m15s', 4.2 → '4s'. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
