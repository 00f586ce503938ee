/**
 * Paces calls to a quota: a token bucket that hands out one permit every 1/rate seconds, so calls
 * stay under Connect's per-account quotas instead of being throttled and retried.
 */
export class RateLimiter {
  private next = 0;

  /** @param ratePerSecond permits per second; `Infinity` never waits. */
  constructor(readonly ratePerSecond: number, private readonly now: () => number = Date.now) {}

  /** Resolves when the caller may make its call. Permits are handed out in call order. */
  async take(): Promise<void> {
    if (!Number.isFinite(this.ratePerSecond)) return;
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.ratePerSecond;
    if (at > now) await sleep(at - now);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work` over `items` with at most `concurrency` in flight; resolves when all are done. */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  const worker = async () => {
    while (index < items.length) {
      const item = items[index++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
