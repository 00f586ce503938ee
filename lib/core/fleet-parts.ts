/**
 * How a fleet too large for one custom resource's hour is split into parts: chained resources,
 * each holding at most `capacity` users, deployed one after another by CloudFormation.
 *
 * Users are assigned by rendezvous hashing (each user goes to the part whose hash of
 * `part + user key` is highest). The assignment depends only on the user and the number of parts,
 * so a redeploy of the same users moves nobody, and a fleet that grows into one more part moves
 * only the users the new part wins (about 1 in P+1), not most of them as `hash mod P` would.
 */
import { createHash } from 'crypto';

/** Share of one resource's writable hour a part is filled to: the rest absorbs reads, throttling and retries. */
export const PART_FILL = 0.9;
/** Most parts one fleet may have: each is a resource, and a template holds at most 500. */
export const MAX_PARTS = 100;

/** Users one part holds when every user needs a write, at `maxUsers` per resource (deploy-budget.ts). */
export function partCapacity(maxUsers: number): number {
  return Math.max(1, Math.floor(maxUsers * PART_FILL));
}

/**
 * The users split into the fewest parts of at most `capacity` each (one part when they fit),
 * every part in declaration order. Undefined when even MAX_PARTS parts cannot hold them.
 */
export function splitIntoParts<T>(users: readonly T[], key: (user: T) => string, capacity: number): T[][] | undefined {
  if (users.length <= capacity) return [[...users]];
  const keys = users.map(key);
  for (let count = Math.ceil(users.length / capacity); count <= MAX_PARTS; count++) {
    const parts: T[][] = Array.from({ length: count }, () => []);
    users.forEach((user, i) => parts[partOf(keys[i], count)].push(user));
    if (parts.every((part) => part.length <= capacity && part.length > 0)) return parts;
  }
  return undefined;
}

/** The part (0-based) of `count` a user key belongs to: the highest rendezvous score. */
export function partOf(userKey: string, count: number): number {
  let best = 0;
  let bestScore = -1;
  for (let part = 0; part < count; part++) {
    const score = createHash('sha256').update(`${part}\u0000${userKey}`).digest().readUInt32BE(0);
    if (score > bestScore) {
      best = part;
      bestScore = score;
    }
  }
  return best;
}
