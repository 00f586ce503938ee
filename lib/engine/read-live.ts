/**
 * Reads the live configuration of the declared users with as few calls as Connect allows.
 *
 * - A few users by id: one DescribeUser each (exact, and 10 req/s against SearchUsers' 2).
 * - More, or any username: SearchUsers, OR-ing up to 100 exact conditions a call.
 * - More than 100 users: SearchUsers over the whole instance, 500 users a page, which for a fleet
 *   is far fewer calls than conditions (1,000 agents: 2 calls).
 * SearchUsers results are a first look: `reconcile` confirms a difference with DescribeUser.
 * A user id that search does not return is confirmed with DescribeUser too (the index can lag).
 */
import type { UserSearchCriteria, UserSearchSummary } from '@aws-sdk/client-connect';
import { UserSpec } from '../core/contract';
import { LiveUser, fromSearchSummary } from '../core/live';
import { FULL_SCAN_MIN, SEARCH_BATCH_SIZE, usesSearch } from '../core/read-strategy';
import { ConnectApi } from './connect-api';
import { isNotFound } from './errors';

export type LiveLookup =
  | { readonly kind: 'found'; readonly live: LiveUser }
  | { readonly kind: 'missing' }
  | { readonly kind: 'error'; readonly error: unknown };

/** One lookup per user, in the order of `users`. */
export async function readLiveUsers(api: ConnectApi, users: readonly UserSpec[]): Promise<LiveLookup[]> {
  if (!usesSearch(users)) {
    return Promise.all(users.map((u) => describe(api, u.UserId as string)));
  }
  let found: UserSearchSummary[];
  try {
    found = await search(api, users);
  } catch (error) {
    // Every user shares the failed read: throttling leaves them pending, other errors fail them.
    return users.map(() => ({ kind: 'error', error }));
  }
  const byId = new Map(found.map((s) => [(s.Id ?? '').toLowerCase(), s]));
  const byName = new Map(found.map((s) => [s.Username ?? '', s]));
  return Promise.all(users.map(async (u): Promise<LiveLookup> => {
    const summary = u.UserId !== undefined ? byId.get(u.UserId.toLowerCase()) : byName.get(u.Username as string);
    if (summary) return { kind: 'found', live: fromSearchSummary(summary) };
    return u.UserId !== undefined ? describe(api, u.UserId) : { kind: 'missing' };
  }));
}

async function search(api: ConnectApi, users: readonly UserSpec[]): Promise<UserSearchSummary[]> {
  if (users.length > FULL_SCAN_MIN) return api.searchUsers();
  const conditions: UserSearchCriteria[] = users.map((u) => ({
    StringCondition: u.UserId !== undefined
      ? { FieldName: 'resourceId', Value: u.UserId, ComparisonType: 'EXACT' }
      : { FieldName: 'Username', Value: u.Username, ComparisonType: 'EXACT' },
  }));
  const results: UserSearchSummary[] = [];
  for (let i = 0; i < conditions.length; i += SEARCH_BATCH_SIZE) {
    const batch = conditions.slice(i, i + SEARCH_BATCH_SIZE);
    results.push(...await api.searchUsers(batch.length === 1 ? batch[0] : { OrConditions: batch }));
  }
  return results;
}

export async function describe(api: ConnectApi, userId: string): Promise<LiveLookup> {
  try {
    return { kind: 'found', live: await api.describeUser(userId) };
  } catch (error) {
    return isNotFound(error) ? { kind: 'missing' } : { kind: 'error', error };
  }
}
