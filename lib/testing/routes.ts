import { ConnectOperation, S3Operation } from './operations';

/**
 * Maps a request line to an operation using the restJson1 bindings the SDK serialises to.
 * Connect owns the `/users/`, `/users-summary/` and `/search-users` prefixes; every other
 * path is treated as path-style S3 (`/{bucket}/{key...}`), so a bucket literally named
 * `users`, `users-summary` or `search-users` cannot be emulated.
 */

export type Route =
  | { readonly kind: 'connect'; readonly operation: ConnectOperation; readonly instanceId?: string; readonly userId?: string }
  | { readonly kind: 's3'; readonly operation: S3Operation; readonly bucket: string; readonly key: string }
  | { readonly kind: 'unknown' };

const UNKNOWN: Route = { kind: 'unknown' };

const S3_METHODS: Readonly<Record<string, S3Operation>> = {
  GET: 'GetObject',
  HEAD: 'HeadObject',
  PUT: 'PutObject',
  DELETE: 'DeleteObject',
};

export function matchRoute(method: string, pathname: string): Route {
  const raw = pathname.split('/').slice(1);
  let seg: string[];
  try {
    seg = raw.map(decodeURIComponent);
  } catch {
    return UNKNOWN;
  }
  const head = seg[0];
  if (head === 'users') {
    if (seg.length === 3 && method === 'GET') {
      return { kind: 'connect', operation: 'DescribeUser', instanceId: seg[1], userId: seg[2] };
    }
    if (seg.length === 4 && method === 'POST' && seg[3] === 'phone-config') {
      return { kind: 'connect', operation: 'UpdateUserPhoneConfig', instanceId: seg[1], userId: seg[2] };
    }
    if (seg.length === 4 && method === 'POST' && seg[3] === 'config') {
      return { kind: 'connect', operation: 'UpdateUserConfig', instanceId: seg[1], userId: seg[2] };
    }
    return UNKNOWN;
  }
  if (head === 'users-summary') {
    return seg.length === 2 && method === 'GET' ? { kind: 'connect', operation: 'ListUsers', instanceId: seg[1] } : UNKNOWN;
  }
  if (head === 'search-users') {
    return seg.length === 1 && method === 'POST' ? { kind: 'connect', operation: 'SearchUsers' } : UNKNOWN;
  }
  const operation = S3_METHODS[method];
  if (!operation || !head) {
    return UNKNOWN;
  }
  return { kind: 's3', operation, bucket: head, key: seg.slice(1).join('/') };
}
