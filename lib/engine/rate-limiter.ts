/**
 * Paces calls to a quota the way Connect meters it: a token bucket of `burst` tokens that starts
 * full and refills at `rate` per second. Implemented as GCRA (the bucket's theoretical arrival
 * time), so the first `burst` calls go at once and every later one waits exactly until the
 * bucket it models has a token: calls stay under the quota instead of being throttled and retried.
 */
/**
 * How long after the bucket's exact refill moment a waiting call goes. The bucket refills from
 * when calls *arrive*, the limiter counts from when it *grants*; the first calls of a pass take
 * tens of milliseconds longer to arrive (new sockets, code run for the first time), so a later
 * call sent at the exact moment arrives early and is throttled. 50 ms later it has 10% of a token
 * to spare at 2 per second. The schedule itself stays exact (the slack is paid once per wait, not
 * added up), and a throttle that still happens re-synchronizes it (`drained`).
 */
export const PACING_SLACK_MS = 50;

export class RateLimiter {
  /** When the modelled bucket is full again if no further call comes (GCRA's TAT). */
  private theoreticalArrival = Number.NEGATIVE_INFINITY;

  /**
   * @param ratePerSecond permits per second; `Infinity` never waits.
   * @param burst permits available at once (the quota's bucket size), at least 1.
   */
  constructor(readonly ratePerSecond: number, readonly burst = 1, private readonly now: () => number = Date.now) {
    if (!(burst >= 1)) throw new Error(`burst must be at least 1, got ${burst}`);
  }

  /**
   * The quota just refused a call, so its bucket is empty now, whatever this model thought (another
   * client, an earlier invocation, jitter): the next permit comes one interval from now.
   */
  drained(): void {
    if (!Number.isFinite(this.ratePerSecond)) return;
    this.theoreticalArrival = Math.max(this.theoreticalArrival, this.now() + (this.burst * 1000) / this.ratePerSecond);
  }

  /** Resolves when the caller may make its call. Permits are handed out in call order. */
  async take(): Promise<void> {
    if (!Number.isFinite(this.ratePerSecond)) return;
    const interval = 1000 / this.ratePerSecond;
    const now = this.now();
    const arrival = Math.max(now, this.theoreticalArrival);
    const at = arrival - (this.burst - 1) * interval;
    this.theoreticalArrival = arrival + interval;
    // Rounded up: a timer fires on whole milliseconds, and early would find the bucket empty.
    if (at > now) await sleep(Math.ceil(at - now) + PACING_SLACK_MS);
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

/**
 * Runs `work` over items as `produce` hands them over (in batches, while it is still producing),
 * with at most `concurrency` in flight; resolves when production has ended and all are done.
 */
export async function forEachArriving<T>(produce: (push: (items: readonly T[]) => void) => Promise<void>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue: T[] = [];
  let produced = false;
  let idle: (() => void)[] = [];
  const wakeAll = () => {
    const waiting = idle;
    idle = [];
    for (const wake of waiting) wake();
  };
  const worker = async () => {
    for (;;) {
      if (queue.length > 0) {
        await work(queue.shift() as T);
      } else if (produced) {
        return;
      } else {
        await new Promise<void>((resolve) => idle.push(resolve));
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  let failure: { error: unknown } | undefined;
  try {
    await produce((items) => {
      queue.push(...items);
      wakeAll();
    });
  } catch (error) {
    failure = { error };
  }
  produced = true;
  wakeAll();
  await Promise.all(workers);
  if (failure) throw failure.error;
}
