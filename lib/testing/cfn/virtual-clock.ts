/**
 * Virtual time for the local CloudFormation: waits that cost nothing but count (the waiter's
 * query interval, CloudFormation's one-hour limit) move `Date.now()` forward instead of
 * sleeping. Everything that reads the time through `Date.now()` (the handler's deadlines, the
 * emulator's call log) sees the same moved clock, so an hour of polling runs in seconds and
 * deadlines still mean what they mean.
 */
export class VirtualClock {
  private offset = 0;
  private installed = 0;
  private readonly realNow = Date.now;

  now(): number {
    return this.realNow.call(Date) + this.offset;
  }

  advance(ms: number): void {
    if (ms > 0) this.offset += ms;
  }

  /** Runs `work` with `Date.now()` on this clock; nested calls share one installation. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.installed++ === 0) Date.now = () => this.now();
    try {
      return await work();
    } finally {
      if (--this.installed === 0) Date.now = this.realNow;
    }
  }
}
