import { CONNECT_OPERATIONS, EmulatorOperation } from './operations';

export interface CallRecord {
  readonly operation: EmulatorOperation;
  readonly status: number;
  readonly errorType?: string;
  readonly instanceId?: string;
  readonly userId?: string;
  /** Epoch milliseconds when the answer was sent. */
  readonly at: number;
}

export interface CallCount {
  total: number;
  ok: number;
  throttled: number;
  failed: number;
}

/**
 * Records every answered request. Counts are kept incrementally so they stay exact even
 * when a long benchmark overflows the bounded record list.
 */
export class CallLog {
  private records: CallRecord[] = [];
  private counts = new Map<EmulatorOperation, CallCount>();
  private connectWindow: { first?: number; last?: number } = {};

  constructor(private readonly limit: number) {}

  add(record: CallRecord): void {
    this.records.push(record);
    // Trim in big chunks so appending stays amortised O(1) under sustained load.
    if (this.records.length >= this.limit * 2) {
      this.records = this.records.slice(this.records.length - this.limit);
    }
    if ((CONNECT_OPERATIONS as readonly string[]).includes(record.operation)) {
      this.connectWindow = { first: this.connectWindow.first ?? record.at, last: record.at };
    }
    let c = this.counts.get(record.operation);
    if (!c) {
      c = { total: 0, ok: 0, throttled: 0, failed: 0 };
      this.counts.set(record.operation, c);
    }
    c.total++;
    if (record.status < 300) {
      c.ok++;
    } else if (record.status === 429) {
      c.throttled++;
    } else {
      c.failed++;
    }
  }

  /** The most recent records (at most `limit`), oldest first. */
  list(): CallRecord[] {
    const start = Math.max(0, this.records.length - this.limit);
    return this.records.slice(start).map((r) => ({ ...r }));
  }

  countsByOperation(): Partial<Record<EmulatorOperation, CallCount>> {
    const out: Partial<Record<EmulatorOperation, CallCount>> = {};
    for (const [op, c] of this.counts) {
      out[op] = { ...c };
    }
    return out;
  }

  /** When the first and the last Connect call since the last reset were answered (epoch ms). */
  connectCallWindow(): { readonly first?: number; readonly last?: number } {
    return { ...this.connectWindow };
  }

  reset(): void {
    this.records = [];
    this.counts.clear();
    this.connectWindow = {};
  }
}
