import { invalidParameter } from './errors';

/**
 * Paging over a username-sorted list. The token is a cursor ("after this user") rather than
 * an offset so that users created or deleted between pages do not shift later pages; it is
 * opaque to callers and tagged with the operation so a token cannot hop between APIs.
 */

export interface SortKey {
  readonly username: string;
  readonly id: string;
}

export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.username !== b.username) return a.username < b.username ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export function encodeToken(op: string, after: SortKey): string {
  return Buffer.from(JSON.stringify({ o: op, u: after.username, i: after.id }), 'utf8').toString('base64url');
}

export function decodeToken(op: string, token: string): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; u?: unknown; i?: unknown };
    if (parsed.o === op && typeof parsed.u === 'string' && typeof parsed.i === 'string') {
      return { username: parsed.u, id: parsed.i };
    }
  } catch {
    // fall through: any malformed token gets the same answer as the service gives
  }
  throw invalidParameter('NextToken is invalid or expired');
}

/** Index of the first element strictly after `key` in a list sorted by compareKeys. */
export function firstAfter<T extends SortKey>(sorted: readonly T[], key: SortKey): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(sorted[mid], key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/** Cuts one page out of an already filtered, sorted list. */
export function paginate<T extends SortKey>(op: string, sorted: readonly T[], maxResults: number, nextToken: string | undefined): Page<T> {
  const start = nextToken === undefined ? 0 : firstAfter(sorted, decodeToken(op, nextToken));
  const items = sorted.slice(start, start + maxResults);
  const more = start + maxResults < sorted.length && items.length > 0;
  return more ? { items, nextToken: encodeToken(op, items[items.length - 1]) } : { items };
}
