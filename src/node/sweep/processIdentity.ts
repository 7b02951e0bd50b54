// Who holds a lock: host, pid and the process's start time, so that a dead holder on this
// host is recognised at once, even when its pid has been reused by another process.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessIdentity {
  host: string;
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/PID/stat field 22); null off Linux. */
  startTime: number | null;
}

export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

export function currentProcess(): ProcessIdentity {
  return { host: hostname(), pid: process.pid, startTime: processStartTime(process.pid) };
}

/** Whether `who` (a process on this host) still runs: signal 0 probes without signalling. */
export function isAlive(who: ProcessIdentity): boolean {
  try {
    process.kill(who.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (who.startTime === null) return true;
  const now = processStartTime(who.pid);
  return now === null || now === who.startTime;
}
