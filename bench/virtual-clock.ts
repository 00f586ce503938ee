/**
 * A virtual clock for running quota-bound work faster than real time without distorting it.
 *
 * Why not just raise the emulator's quotas (`quotaScale`)? The handler paces itself with its own
 * rate limiters (DescribeUser 10/s and SearchUsers 2/s unless the fleet declares otherwise, see
 * lib/engine/connect-api.ts), so a fleet of 1,000 drifted agents would still spend 100 s on
 * DescribeUser confirms whatever the quotas. Scaling the clock scales every rate together: the
 * emulator's quotas (give it `clock: clock.now`), the handler's pacing, SDK backoff, injected latency.
 *
 * How: while the event loop is idle (waiting for a timer or a socket) virtual time runs K times
 * faster than real time; while JavaScript runs it runs at real speed. Waiting on a quota therefore
 * takes 1/K of its real time, and CPU work (loading the bundle, parsing 5,000 users, deserializing
 * SearchUsers pages) costs exactly what it costs for real, instead of K times more as with a
 * uniformly sped-up clock. `setTimeout` fires when the *virtual* delay has elapsed (re-armed if
 * CPU work slowed virtual time down meanwhile), so pacing stays exact. The result is faithful as
 * long as the process is not CPU-saturated at K: keep K where the event loop stays mostly idle.
 */
import { performance } from 'perf_hooks';

type Callback = (...args: unknown[]) => void;
type RealTimeout = ReturnType<typeof setTimeout>;

let nextTimerId = 1;

/** What `setTimeout` returns under the virtual clock: a Node-Timeout-like, cancellable handle. */
class VirtualTimeout {
  readonly id = nextTimerId++;
  private real?: RealTimeout;
  private referenced = true;
  private cancelled = false;

  constructor(private readonly clock: VirtualClock, private readonly callback: Callback, private readonly args: unknown[], private target: number, private readonly delay: number) {
    this.arm();
  }

  cancel(): void {
    this.cancelled = true;
    if (this.real) this.clock.realClearTimeout(this.real);
  }

  ref(): this {
    this.referenced = true;
    this.real?.ref();
    return this;
  }

  unref(): this {
    this.referenced = false;
    this.real?.unref();
    return this;
  }

  hasRef(): boolean {
    return this.referenced;
  }

  refresh(): this {
    this.cancel();
    this.cancelled = false;
    this.target = this.clock.now() + this.delay;
    this.arm();
    return this;
  }

  close(): this {
    this.cancel();
    return this;
  }

  [Symbol.toPrimitive](): number {
    return this.id;
  }

  private arm(): void {
    const remaining = Math.max(0, this.target - this.clock.now());
    this.real = this.clock.realSetTimeout(() => this.fire(), remaining / this.clock.scale);
    if (!this.referenced) this.real.unref();
  }

  private fire(): void {
    if (this.cancelled) return;
    // CPU work during the wait advanced virtual time at real speed: wait for the rest.
    if (this.target - this.clock.now() > 0.5) {
      this.arm();
      return;
    }
    this.callback(...this.args);
  }
}

export class VirtualClock {
  readonly realNow = Date.now;
  readonly realSetTimeout = globalThis.setTimeout;
  readonly realClearTimeout = globalThis.clearTimeout;
  private readonly realSetInterval = globalThis.setInterval;
  private k: number;
  private virtualBase: number;
  private realBase: number;
  private idleBase: number;
  private installed = false;

  /** @param scale how many virtual milliseconds an idle real millisecond is worth (1 = real time). */
  constructor(scale = 1) {
    this.k = checkScale(scale);
    this.realBase = this.realNow.call(Date);
    this.virtualBase = this.realBase;
    this.idleBase = idleMs();
  }

  get scale(): number {
    return this.k;
  }

  /** Changes K from now on; virtual time stays continuous. */
  setScale(scale: number): void {
    const now = this.now();
    this.k = checkScale(scale);
    this.virtualBase = now;
    this.realBase = this.realNow.call(Date);
    this.idleBase = idleMs();
  }

  /** Virtual epoch milliseconds: real time plus (K - 1) times the idle time since the last rebase. */
  readonly now = (): number => {
    const real = this.realNow.call(Date) - this.realBase;
    const idle = Math.min(real, Math.max(0, idleMs() - this.idleBase));
    return this.virtualBase + real + (this.k - 1) * idle;
  };

  /** Makes `Date.now`, `setTimeout`, `clearTimeout` and `setInterval` of this realm follow the clock. */
  install(): this {
    if (this.installed) return this;
    Date.now = this.now;
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = (callback: Callback, ms?: number, ...args: unknown[]) => {
      const delay = Math.max(0, Number(ms) || 0);
      return new VirtualTimeout(this, callback, args, this.now() + delay, delay);
    };
    g.clearTimeout = (handle: unknown) => {
      if (handle instanceof VirtualTimeout) handle.cancel();
      else this.realClearTimeout(handle as RealTimeout);
    };
    g.setInterval = (callback: Callback, ms?: number, ...args: unknown[]) => this.realSetInterval(callback, Math.max(1, Number(ms) || 0) / this.k, ...args);
    this.installed = true;
    return this;
  }

  /** Restores real time. */
  uninstall(): void {
    if (!this.installed) return;
    Date.now = this.realNow;
    globalThis.setTimeout = this.realSetTimeout;
    globalThis.clearTimeout = this.realClearTimeout;
    globalThis.setInterval = this.realSetInterval;
    this.installed = false;
  }
}

function idleMs(): number {
  return performance.eventLoopUtilization().idle;
}

function checkScale(scale: number): number {
  if (!(scale >= 1) || !Number.isFinite(scale)) {
    throw new Error(`VirtualClock scale must be a finite number >= 1, got ${scale}`);
  }
  return scale;
}
