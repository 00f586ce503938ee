import { TokenBucket } from './token-bucket';
import { CONNECT_OPERATIONS, ConnectOperation } from './operations';

export interface QuotaLimit {
  /** Sustained requests per second. `Infinity` disables the quota for this operation. */
  readonly rate: number;
  /** Bucket size; defaults to `rate` rounded up. */
  readonly burst?: number;
}

/** Per-operation overrides; `false` or `Infinity` switches one operation's quota off. */
export type QuotaOverrides = Partial<Record<ConnectOperation, QuotaLimit | number | false>>;

export interface QuotaOptions {
  /** `false` disables every quota. */
  readonly quotas?: QuotaOverrides | false;
  /** Multiplies every rate and burst, so a test can run a realistic mix faster (or slower). */
  readonly quotaScale?: number;
}

/**
 * Public Service Quotas defaults (2024). Bursts are unpublished: older docs give 5 for the
 * 2 req/s APIs; UpdateUserConfig's quota is unpublished and assumed equal to its sibling.
 */
export const DEFAULT_QUOTAS: Readonly<Record<ConnectOperation, Required<QuotaLimit>>> = {
  DescribeUser: { rate: 10, burst: 10 },
  ListUsers: { rate: 10, burst: 10 },
  SearchUsers: { rate: 2, burst: 5 },
  UpdateUserPhoneConfig: { rate: 2, burst: 5 },
  UpdateUserConfig: { rate: 2, burst: 5 },
};

/** One bucket per operation, shared by every caller, like an account-wide quota. */
export class QuotaTable {
  private readonly buckets = new Map<ConnectOperation, TokenBucket>();

  constructor(options: QuotaOptions, now: number) {
    const scale = options.quotaScale ?? 1;
    if (!(scale > 0)) {
      throw new Error(`quotaScale must be a positive number, got ${scale}`);
    }
    if (options.quotas === false || scale === Infinity) {
      return;
    }
    for (const op of CONNECT_OPERATIONS) {
      const limit = resolveLimit(op, options.quotas?.[op]);
      if (limit === undefined) {
        continue;
      }
      const rate = limit.rate * scale;
      const burst = Math.max(1, limit.burst * scale);
      this.buckets.set(op, new TokenBucket(rate, burst, now));
    }
  }

  /** True when the call may proceed; an unlimited operation always may. */
  tryTake(op: ConnectOperation, now: number): boolean {
    const bucket = this.buckets.get(op);
    return bucket === undefined || bucket.tryTake(now);
  }

  /** What each limited operation is currently configured to, for diagnostics. */
  describe(): Partial<Record<ConnectOperation, Required<QuotaLimit>>> {
    const out: Partial<Record<ConnectOperation, Required<QuotaLimit>>> = {};
    for (const [op, b] of this.buckets) {
      out[op] = { rate: b.ratePerSecond, burst: b.burst };
    }
    return out;
  }
}

function resolveLimit(op: ConnectOperation, override: QuotaLimit | number | false | undefined): Required<QuotaLimit> | undefined {
  if (override === undefined) {
    return DEFAULT_QUOTAS[op];
  }
  if (override === false) {
    return undefined;
  }
  const rate = typeof override === 'number' ? override : override.rate;
  if (rate === Infinity) {
    return undefined;
  }
  if (!(rate > 0)) {
    throw new Error(`quota rate for ${op} must be positive, got ${rate}`);
  }
  const burst = typeof override === 'number' ? Math.ceil(rate) : (override.burst ?? Math.ceil(rate));
  if (!(burst >= 1)) {
    throw new Error(`quota burst for ${op} must be at least 1, got ${burst}`);
  }
  return { rate, burst };
}
