// A SweepStore in memory, for a web page or tests: one JS realm, so a Map and a Set suffice.
import type { ClaimOutcome, PointRecord, SweepStore } from './SweepStore.js';

export class MemoryStore implements SweepStore {
  readonly records = new Map<string, PointRecord>();
  private readonly held = new Set<string>();

  async open(): Promise<void> {}

  async claim(key: string, { retryFailed = false } = {}): Promise<ClaimOutcome> {
    const existing = this.records.get(key);
    if (existing?.status === 'done') return 'done';
    if (existing?.status === 'failed' && !retryFailed) return 'failed';
    if (this.held.has(key)) return 'busy';
    this.held.add(key);
    return {
      attempt: 1,
      finish: async (record) => {
        this.records.set(key, structuredClone(record));
        this.held.delete(key);
      },
      release: async () => {
        this.held.delete(key);
      },
    };
  }

  async read(key: string): Promise<PointRecord | undefined> {
    const r = this.records.get(key);
    return r && structuredClone(r);
  }

  async statuses(): Promise<Map<string, 'done' | 'failed'>> {
    return new Map([...this.records].map(([k, r]) => [k, r.status]));
  }

  async running(): Promise<Set<string>> {
    return new Set(this.held);
  }
}
