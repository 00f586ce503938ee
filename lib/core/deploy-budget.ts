/**
 * How many users one deployment can write: CloudFormation waits at most an hour for a custom
 * resource, and every user may need a write (a first deploy, or console drift everywhere) at
 * the declared rate. Used at synth to size a large fleet's parts (fleet-parts.ts), with the figures.
 */
import { DEFAULT_RATES, EVENT_BUDGET_SECONDS, HANDLER_TIMEOUT_SECONDS, INVOCATION_SAFETY_MARGIN_SECONDS } from './contract';

/** The waiter's pause between two passes (the Provider's query interval). */
export const QUERY_INTERVAL_SECONDS = 10;

/** Seconds of one event that can be spent writing: the event budget less each pass's margin and pause. */
export function writableSeconds(): number {
  const passes = Math.ceil(EVENT_BUDGET_SECONDS / HANDLER_TIMEOUT_SECONDS);
  return EVENT_BUDGET_SECONDS - passes * (INVOCATION_SAFETY_MARGIN_SECONDS + QUERY_INTERVAL_SECONDS);
}

export interface DeployBound {
  /** Seconds the worst case (every user written) needs at the declared rates. */
  readonly neededSeconds: number;
  readonly writableSeconds: number;
  /** Users one deployment can write at these rates. */
  readonly maxUsers: number;
  /** The rate that binds: each write needs a DescribeUser confirm first. */
  readonly usersPerSecond: number;
  readonly fits: boolean;
}

export function deployBound(userCount: number, rates: { writesPerSecond?: number; describeUsersPerSecond?: number }): DeployBound {
  const usersPerSecond = Math.min(rates.writesPerSecond ?? DEFAULT_RATES.writesPerSecond, rates.describeUsersPerSecond ?? DEFAULT_RATES.describeUsersPerSecond);
  const seconds = writableSeconds();
  const maxUsers = Math.floor(seconds * usersPerSecond);
  return { neededSeconds: userCount / usersPerSecond, writableSeconds: seconds, maxUsers, usersPerSecond, fits: userCount <= maxUsers };
}
