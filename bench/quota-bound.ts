/**
 * The physical limit of a run: each Connect operation can go no faster than its quota, so a run
 * that made `calls_op` calls needs at least `calls_op / rate_op` seconds of that operation.
 *
 * - `sumMs` (Σ over operations) is the bound the targets use: the time of the calls if each
 *   operation ran after the other.
 * - `bottleneckMs` (the largest term) is the bound of a perfectly pipelined run. A reconciler that
 *   overlaps its DescribeUser confirms with its writes lands near it; one that serialises its
 *   phases lands near `sumMs`.
 *
 * - `tStarMs` (T*) is the bound the targets use: max over operations of (calls - burst) / rate. A
 *   token bucket lets `burst` calls through at once, so no run can be faster; a ratio wall / T*
 *   below 1.0 would mean the emulator let more through than its quota.
 *
 * Only calls that consumed quota count (answered ones, not those throttled).
 */
import { CONNECT_OPERATIONS, CallCount, ConnectOperation, DEFAULT_QUOTAS, EmulatorOperation } from '../lib/testing';

export type Rates = Record<ConnectOperation, number>;
export type CallCounts = Partial<Record<EmulatorOperation, CallCount>>;

export interface QuotaBound {
  /** T*: the slowest operation's calls beyond its burst, at its rate. */
  readonly tStarMs: number;
  readonly sumMs: number;
  readonly bottleneckMs: number;
  /** The operation of the largest term. */
  readonly bottleneck?: ConnectOperation;
}

/** Connect's default quotas, every rate multiplied by `scale`. */
export function defaultRates(scale = 1): Rates {
  return Object.fromEntries(CONNECT_OPERATIONS.map((op) => [op, DEFAULT_QUOTAS[op].rate * scale])) as Rates;
}

/** The default quotas' bursts, multiplied by `scale` as the emulator does (at least 1). */
export function defaultBursts(scale = 1): Rates {
  return Object.fromEntries(CONNECT_OPERATIONS.map((op) => [op, Math.max(1, DEFAULT_QUOTAS[op].burst * scale)])) as Rates;
}

/** Calls of an operation that consumed quota: every answer except 429. */
export function meteredCalls(counts: CallCounts, op: ConnectOperation): number {
  const c = counts[op];
  return c ? c.total - c.throttled : 0;
}

export function quotaBound(counts: CallCounts, rates: Rates, bursts: Rates): QuotaBound {
  let tStarMs = 0;
  let sumMs = 0;
  let bottleneckMs = 0;
  let bottleneck: ConnectOperation | undefined;
  for (const op of CONNECT_OPERATIONS) {
    const ms = (meteredCalls(counts, op) / rates[op]) * 1000;
    tStarMs = Math.max(tStarMs, (Math.max(0, meteredCalls(counts, op) - bursts[op]) / rates[op]) * 1000);
    sumMs += ms;
    if (ms > bottleneckMs) {
      bottleneckMs = ms;
      bottleneck = op;
    }
  }
  return { tStarMs, sumMs, bottleneckMs, bottleneck };
}
