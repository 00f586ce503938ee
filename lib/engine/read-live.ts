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
  const lookups: LiveLookup[] = new Array(users.length);
  await streamLiveUsers(api, users, (batch) => {
    for (const [i, lookup] of batch) lookups[i] = lookup;
  });
  return lookups;
}

/** Lookups by user index, in the order they became known. */
export type IndexedLookups = ReadonlyArray<readonly [number, LiveLookup]>;

/**
 * The lookups, handed to `onLookups` as they become known: page by page of SearchUsers, so the
 * first users can be written while later pages are still read (a scan of 20,000 agents is 40
 * pages, 20 s at SearchUsers' 2 per second). One user's lookup comes once; the same agent declared
 * twice (by id and by username) is in one page, so in one batch.
 */
export async function streamLiveUsers(api: ConnectApi, users: readonly UserSpec[], onLookups: (batch: IndexedLookups) => void): Promise<void> {
  if (!usesSearch(users)) {
    onLookups(await Promise.all(users.map(async (u, i) => [i, await describe(api, u.UserId as string)] as const)));
    return;
  }
  const byId = new Map<string, number[]>();
  const byName = new Map<string, number[]>();
  users.forEach((u, i) => {
    const [map, key] = u.UserId !== undefined ? [byId, u.UserId.toLowerCase()] : [byName, u.Username as string];
    map.set(key, [...(map.get(key) ?? []), i]);
  });
  const known = new Set<number>();
  const unknown = () => users.map((_, i) => i).filter((i) => !known.has(i));
  const onPage = (page: readonly UserSearchSummary[]) => {
    const batch: (readonly [number, LiveLookup])[] = [];
    for (const summary of page) {
      for (const i of [...(byId.get((summary.Id ?? '').toLowerCase()) ?? []), ...(byName.get(summary.Username ?? '') ?? [])]) {
        if (known.has(i)) continue;
        known.add(i);
        batch.push([i, { kind: 'found', live: fromSearchSummary(summary) }]);
      }
    }
    if (batch.length > 0) onLookups(batch);
  };
  try {
    if (users.length > FULL_SCAN_MIN) await api.searchUsers(undefined, undefined, onPage);
    else for (const criteria of exactCriteria(users)) await api.searchUsers(criteria, undefined, onPage);
  } catch (error) {
    // The users not read yet share the failed read: throttling leaves them pending, other errors fail them.
    onLookups(unknown().map((i) => [i, { kind: 'error', error }] as const));
    return;
  }
  // Not in the index: a user id is confirmed with DescribeUser (the index can lag); a username is missing.
  const rest = unknown();
  if (rest.length === 0) return;
  onLookups(await Promise.all(rest.map(async (i) => {
    const id = users[i].UserId;
    return [i, id !== undefined ? await describe(api, id) : { kind: 'missing' }] as const;
  })));
}

/** Exact conditions on each user's id or username, OR-ed SEARCH_BATCH_SIZE to a SearchUsers call. */
function exactCriteria(users: readonly UserSpec[]): UserSearchCriteria[] {
  const conditions: UserSearchCriteria[] = users.map((u) => ({
    StringCondition: u.UserId !== undefined
      ? { FieldName: 'resourceId', Value: u.UserId, ComparisonType: 'EXACT' }
      : { FieldName: 'Username', Value: u.Username, ComparisonType: 'EXACT' },
  }));
  const batches: UserSearchCriteria[] = [];
  for (let i = 0; i < conditions.length; i += SEARCH_BATCH_SIZE) {
    const batch = conditions.slice(i, i + SEARCH_BATCH_SIZE);
    batches.push(batch.length === 1 ? batch[0] : { OrConditions: batch });
  }
  return batches;
}

export async function describe(api: ConnectApi, userId: string): Promise<LiveLookup> {
  try {
    return { kind: 'found', live: await api.describeUser(userId) };
  } catch (error) {
    return isNotFound(error) ? { kind: 'missing' } : { kind: 'error', error };
  }
}
