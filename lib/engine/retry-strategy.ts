/**
 * The SDK retry strategy for Connect's low quotas (2 writes per second per account).
 *
 * The SDK's standard strategy keeps a retry quota that mass throttling drains, after which it stops
 * retrying at all; at Connect's quotas that happens in seconds. This strategy retries throttling,
 * 5xx and transient errors with exponential backoff and full jitter, bounded by attempts and by a
 * deadline, so a call either succeeds or gives up in time for the handler to report cleanly.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

export interface ConnectRetryOptions {
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  /** First backoff for throttling; doubles each retry. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Epoch ms after which no retry is started. */
  readonly deadline?: () => number;
  /** Whether throttling is retried here; false when the caller re-paces throttled calls. @default true */
  readonly retryThrottling?: boolean;
  readonly random?: () => number;
}

export const DEFAULT_RETRY: ConnectRetryOptions = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 20_000 };

const RETRYABLE = new Set(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR']);

class Token implements RetryToken {
  constructor(private readonly count: number, private readonly delay: number) {}
  getRetryCount(): number {
    return this.count;
  }
  getRetryDelay(): number {
    return this.delay;
  }
}

export class ConnectRetryStrategy implements RetryStrategyV2 {
  /** Counts retries by error type, for the handler's report. */
  readonly retries: Record<string, number> = {};

  constructor(private readonly options: ConnectRetryOptions = DEFAULT_RETRY) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return new Token(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const attempt = token.getRetryCount() + 1;
    // A 409 (ConditionalOperationFailedException) is a write racing another: worth a retry too.
    const conflict = (info.error as { name?: string } | undefined)?.name === 'ConditionalOperationFailedException';
    if ((!RETRYABLE.has(info.errorType) && !conflict) || attempt >= this.options.maxAttempts) throw new Error('no retry');
    if (info.errorType === 'THROTTLING' && this.options.retryThrottling === false) throw new Error('throttling is retried by the caller');
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    const hinted = info.retryAfterHint ? info.retryAfterHint.getTime() - Date.now() : 0;
    const delay = Math.max(hinted, Math.floor((this.options.random ?? Math.random)() * ceiling) + 50);
    if (this.options.deadline && Date.now() + delay > this.options.deadline()) throw new Error('deadline');
    this.retries[info.errorType] = (this.retries[info.errorType] ?? 0) + 1;
    return new Token(attempt, delay);
  }

  recordSuccess(): void {
    // No retry quota to refill: pacing, not a shared bucket, keeps retries rare.
  }
}
