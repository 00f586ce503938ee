/**
 * A classic token bucket. Connect quotas are "N requests per second with a burst", applied
 * per API per account: a bucket that starts full, refills continuously and refuses when
 * empty reproduces both the steady rate and the initial burst a fresh client sees.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    public readonly ratePerSecond: number,
    public readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token if available. `now` is in milliseconds from any monotonic origin. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    // A clock that goes backwards (a fake clock reset by a test) must not mint tokens.
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.ratePerSecond);
  }
}
