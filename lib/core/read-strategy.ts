/**
 * How the handler reads live users, shared with the construct so that the role is granted
 * SearchUsers exactly when the handler will call it.
 */
import { UserSpec } from './contract';

/** Sets of at most this many users named by id are read with one DescribeUser each. */
export const DESCRIBE_EACH_MAX = 10;
/** Above this many users the whole instance is scanned, 500 users a SearchUsers page. */
export const FULL_SCAN_MIN = 100;
/** Exact conditions OR-ed into one SearchUsers call. */
export const SEARCH_BATCH_SIZE = 100;

export function usesSearch(users: readonly Pick<UserSpec, 'UserId'>[]): boolean {
  return users.length > DESCRIBE_EACH_MAX || users.some((u) => u.UserId === undefined);
}
