import { RateLimiter, forEachConcurrently } from '../../../lib/engine/rate-limiter';

describe('Function: RateLimiter.take', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('should hand out one permit every 1/rate seconds when called in a burst', async () => {
    // Prepare
    jest.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter(10);
    const granted: number[] = [];

    // Act
    const all = Promise.all([0, 1, 2].map(async (i) => {
      await limiter.take();
      granted[i] = Date.now();
    }));
    await jest.advanceTimersByTimeAsync(1000);
    await all;

    // Assess
    expect(granted).toEqual([0, 100, 200]);
  });

  it('should not wait when calls are already spaced by the rate', async () => {
    // Prepare
    let clock = 0;
    const limiter = new RateLimiter(2, () => clock);

    // Act
    await limiter.take();
    clock = 500;
    const start = Date.now();
    await limiter.take();

    // Assess
    expect(Date.now() - start).toBeLessThan(50);
  });

  it('should never wait when the rate is Infinity', async () => {
    // Prepare
    const limiter = new RateLimiter(Number.POSITIVE_INFINITY);
    const start = Date.now();

    // Act
    for (let i = 0; i < 100; i++) await limiter.take();

    // Assess
    expect(Date.now() - start).toBeLessThan(50);
  });
});

describe('Function: forEachConcurrently', () => {
  it('should process every item with at most `concurrency` in flight', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];

    // Act
    await forEachConcurrently(Array.from({ length: 20 }, (_, i) => i), 3, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(item);
      inFlight--;
    });

    // Assess
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('should resolve at once when there are no items', async () => {
    // Prepare
    const work = jest.fn();

    // Act
    await forEachConcurrently([], 4, work);

    // Assess
    expect(work).not.toHaveBeenCalled();
  });
});
