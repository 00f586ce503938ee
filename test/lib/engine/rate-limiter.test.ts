import { PACING_SLACK_MS, RateLimiter, forEachArriving, forEachConcurrently } from '../../../lib/engine/rate-limiter';
import { mulberry32 } from '../../../lib/testing';

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
    expect(granted).toEqual([0, 100 + PACING_SLACK_MS, 200 + PACING_SLACK_MS]);
  });

  it('should not wait when calls are already spaced by the rate', async () => {
    // Prepare
    let clock = 0;
    const limiter = new RateLimiter(2, 1, () => clock);

    // Act
    await limiter.take();
    clock = 500;
    const start = Date.now();
    await limiter.take();

    // Assess
    expect(Date.now() - start).toBeLessThan(50);
  });

  it('should let the first `burst` calls go at once, then one every 1/rate seconds', async () => {
    // Prepare
    jest.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter(2, 5);
    const granted: number[] = [];

    // Act
    const all = Promise.all(Array.from({ length: 8 }, async (_, i) => {
      await limiter.take();
      granted[i] = Date.now();
    }));
    await jest.advanceTimersByTimeAsync(5000);
    await all;

    // Assess
    expect(granted).toEqual([0, 0, 0, 0, 0, 500, 1000, 1500].map((t, i) => (i < 5 ? t : t + PACING_SLACK_MS)));
  });

  it('should refill the burst while idle, never beyond `burst` permits', async () => {
    // Prepare
    let clock = 0;
    const limiter = new RateLimiter(2, 3, () => clock);
    for (let i = 0; i < 3; i++) await limiter.take();

    // Act: ten idle seconds refill at most 3 permits; the fourth call at once must wait 500 ms.
    clock = 10_000;
    jest.useFakeTimers({ now: 10_000 });
    const granted: number[] = [];
    const all = Promise.all(Array.from({ length: 4 }, async (_, i) => {
      await limiter.take();
      granted[i] = Date.now();
    }));
    await jest.advanceTimersByTimeAsync(1000);
    await all;

    // Assess
    expect(granted).toEqual([10_000, 10_000, 10_000, 10_500 + PACING_SLACK_MS]);
  });

  it.each([1, 2, 3, 4, 5])('should keep to a token bucket of its rate and burst, and wait no longer than it requires (seed %i)', async (seed) => {
    // Prepare
    jest.useFakeTimers({ now: 0 });
    const random = mulberry32(seed);
    const rate = 1 + Math.floor(random() * 10);
    const burst = 1 + Math.floor(random() * 8);
    const limiter = new RateLimiter(rate, burst);
    const arrivals: number[] = [];
    const granted: number[] = [];

    // Act: callers arrive in random clumps and gaps.
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      arrivals.push(Date.now());
      calls.push(limiter.take().then(() => {
        granted[i] = Date.now();
      }));
      if (random() < 0.3) await jest.advanceTimersByTimeAsync(Math.floor(random() * 3000));
    }
    await jest.advanceTimersByTimeAsync(120_000);
    await Promise.all(calls);

    // Assess against the token bucket's definition (full at first, refilled at `rate`, at most
    // `burst`): grants i..j fit in burst + rate × (g_j - g_i) tokens (timers fire on whole
    // milliseconds, and a call delayed by the slack may meet the next one that much closer).
    const conforms = (times: readonly number[]) => {
      const t = [...times].sort((x, y) => x - y);
      return t.every((tj, j) => t.slice(0, j + 1).every((ti, i) => j - i + 1 <= burst + (rate * (tj - ti + 1 + PACING_SLACK_MS)) / 1000 + 1e-9));
    };
    expect(conforms(granted)).toBe(true);
    // And against a FIFO scheduler over a continuously refilled bucket (the independent model): each
    // grant is at the model's moment, or up to the slack after it when it had to wait.
    let tokens = burst;
    let last = 0;
    let previous = 0;
    granted.forEach((at, j) => {
      const from = Math.max(arrivals[j], previous);
      tokens = Math.min(burst, tokens + ((from - last) * rate) / 1000);
      const model = tokens >= 1 ? from : from + ((1 - tokens) * 1000) / rate;
      tokens = Math.min(burst, tokens + ((model - from) * rate) / 1000) - 1;
      last = model;
      previous = model;
      expect(at).toBeGreaterThanOrEqual(model - 2);
      expect(at).toBeLessThanOrEqual(model + (model > arrivals[j] ? PACING_SLACK_MS + 2 : 2));
    });
  });

  it('should take the bucket for empty once drained: the next permit one interval (and the slack) later', async () => {
    // Prepare: a full burst of 5 that the quota refused anyway (another client spent it)
    jest.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter(2, 5);
    await limiter.take();

    // Act
    limiter.drained();
    const granted: number[] = [];
    const all = Promise.all([0, 1].map(async (i) => {
      await limiter.take();
      granted[i] = Date.now();
    }));
    await jest.advanceTimersByTimeAsync(2000);
    await all;

    // Assess
    expect(granted).toEqual([500 + PACING_SLACK_MS, 1000 + PACING_SLACK_MS]);
  });

  it('should refuse a burst below one', () => {
    expect(() => new RateLimiter(2, 0)).toThrow('burst must be at least 1, got 0');
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

describe('Function: forEachArriving', () => {
  it('should start on the first batch while later ones are produced, with at most `concurrency` in flight', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    const started: string[] = [];
    const tick = () => new Promise((resolve) => setImmediate(resolve));

    // Act
    await forEachArriving<number>(async (push) => {
      push([1, 2, 3]);
      await tick();
      started.push('batch 2');
      push([4, 5]);
    }, 2, async (item) => {
      started.push(`item ${item}`);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick();
      inFlight--;
    });

    // Assess
    expect(started.indexOf('item 1')).toBeLessThan(started.indexOf('batch 2'));
    expect([...started].filter((s) => s.startsWith('item')).sort()).toEqual(['item 1', 'item 2', 'item 3', 'item 4', 'item 5']);
    expect(peak).toBe(2);
  });

  it('should finish the items in flight, then throw what production threw', async () => {
    // Prepare
    const done: number[] = [];

    // Act
    const run = forEachArriving<number>(async (push) => {
      push([1, 2]);
      throw new Error('page 2 failed');
    }, 4, async (item) => {
      await new Promise((resolve) => setImmediate(resolve));
      done.push(item);
    });

    // Assess
    await expect(run).rejects.toThrow('page 2 failed');
    expect(done.sort()).toEqual([1, 2]);
  });
});
