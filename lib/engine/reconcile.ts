/**
 * Reconciles a set of users: read live (in bulk), plan each user (pure), confirm drift with
 * DescribeUser where the bulk read is not exact, write what differs, paced to the quota.
 *
 * Every user is tried. Each user gets exactly one write call (two only when a RESTORE removes a desk
 * number, see plan.ts `followUp`), so whatever happens to the batch each user ends in its old or its
 * new configuration. Throttling, 5xx and running out of time leave a
 * user `pending` (tried again on the next pass, which starts from live state); only errors a
 * person must fix mark it `failed`.
 */
import { UserSpec, userKey } from '../core/contract';
import { LiveUser } from '../core/live';
import { FieldChange, UserPlan, UserTarget, UserWrite, describeChange, planTarget, targetOf } from '../core/plan';
import { describeUserRef, userDisplayName } from '../core/validate';
import { ConnectApi } from './connect-api';
import { errorText, isNotFound, isRetryable, retriesExhausted } from './errors';
import { Logger } from './logger';
import { OriginalsHooks } from './originals-keeper';
import { forEachArriving, forEachConcurrently } from './rate-limiter';
import { IndexedLookups, LiveLookup, describe, streamLiveUsers } from './read-live';
import { DEFAULT_RETRY } from './retry-strategy';

export type UserStatus = 'unchanged' | 'changed' | 'planned' | 'skipped' | 'gone' | 'failed' | 'pending';

export interface UserOutcome {
  /** How the stack names the user: `user id ...` or `username ...`. */
  readonly ref: string;
  readonly userId?: string;
  readonly username?: string;
  readonly status: UserStatus;
  readonly changes: readonly FieldChange[];
  readonly api?: UserWrite['api'];
  /** Why the user failed, was skipped or is pending, naming the user; never a phone number. */
  readonly reason?: string;
  /** The same without the user's name, for renderers that show the user beside it. */
  readonly detail?: string;
  /** For a failed user: it does not exist, the plan is blocked, or the service refused. */
  readonly cause?: 'missing' | 'blocked' | 'duplicate' | 'error';
}

/**
 * A user and the settings it should have: as declared (`declared`), or, for the `restore`
 * policy's Delete, the settings it had before the stack (its record; `null` for one it lacked).
 */
export interface DesiredUser {
  /** How the user is found and named: its id or username, and its desk-number parameter. */
  readonly user: UserSpec;
  readonly target: UserTarget;
}

/** Declared users as the settings they should have. */
export function declared(users: readonly UserSpec[]): DesiredUser[] {
  return users.map((user) => ({ user, target: targetOf(user) }));
}

export interface ReconcileRequest {
  readonly instanceId: string;
  readonly users: readonly DesiredUser[];
  readonly perChannelWrites: boolean;
  readonly skipMissingUsers: boolean;
  /** Plan only: read and compare, write nothing (the `plan` command). */
  readonly dryRun?: boolean;
  /**
   * Users the deployed declaration already named (`userKey`): one of them that no longer exists
   * has left the instance (deprovisioned) and is reported `gone` instead of failing the event.
   * A user not in it is new in this change, and a missing one fails (a typo).
   */
  readonly declaredBefore?: ReadonlySet<string>;
  /**
   * The declaration was deployed before (a rollback to it, or a scheduled run of it): every user
   * in it existed then, so none that is missing now fails it.
   */
  readonly deployedDeclaration?: boolean;
  /**
   * Desk-number parameters that could not be used, by name (desk-numbers.ts): a user still naming
   * one fails with the reason, and is not written.
   */
  readonly numberProblems?: ReadonlyMap<string, string>;
  /** Agents whose selectors contradict each other, by user id: they fail with this reason, unwritten. */
  readonly selectionProblems?: ReadonlyMap<string, string>;
  /**
   * Read each user with DescribeUser as its turn comes, instead of one bulk read first. A Delete
   * uses it: the policy in force then may not grant SearchUsers, and a pass cut short by its
   * deadline has read only the users it reached.
   */
  readonly readEach?: boolean;
}

export { userKey };

/** Attempts the SDK makes per call (see retry-strategy.ts): a 5xx after all of them fails the user. */
export const MAX_ATTEMPTS = DEFAULT_RETRY.maxAttempts;

export interface ReconcileDeps {
  readonly api: ConnectApi;
  readonly logger: Logger;
  /** Epoch ms after which no new call is started. */
  readonly deadline: number;
  readonly now?: () => number;
  /** Users in flight at once; the rate limiters set the pace, this bounds memory and sockets. */
  readonly concurrency?: number;
  /** With the `restore` removal policy: records originals and ownership as users are reconciled. */
  readonly originals?: OriginalsHooks;
}

export interface ReconcileResult {
  readonly outcomes: readonly UserOutcome[];
  /** True when no user is pending: a further pass would find nothing new to do. */
  readonly complete: boolean;
  readonly instanceId: string;
}

export async function reconcile(request: ReconcileRequest, deps: ReconcileDeps): Promise<ReconcileResult> {
  const now = deps.now ?? Date.now;
  const outcomes: UserOutcome[] = new Array(request.users.length);
  const settle = (i: number, outcome: UserOutcome) => {
    outcomes[i] = outcome;
    log(deps.logger, outcome, request.dryRun === true);
  };
  const concurrency = deps.concurrency ?? 4;
  if (request.readEach) {
    await forEachConcurrently(request.users.map((_, i) => i), concurrency, async (i) => settle(i, await reconcileUser(request.users[i], undefined, request, deps, now)));
  } else {
    // Users are reconciled as their lookups arrive (a whole-instance scan: page by page), so
    // writing starts with the first page instead of after the last.
    await forEachArriving<readonly [number, LiveLookup]>((push) => streamLiveUsers(deps.api, request.users.map((d) => d.user), (batch) => {
      // Two declarations that resolve to one user (an id and a username) would fight: fail both.
      const duplicates = sameUserTwice(batch);
      for (const [i, other] of duplicates) settle(i, duplicateOutcome(request, i, other, batch));
      push(batch.filter(([i]) => !duplicates.has(i)));
    }), concurrency, async ([i, lookup]) => settle(i, await reconcileUser(request.users[i], lookup, request, deps, now)));
  }
  return { outcomes, complete: outcomes.every((o) => o.status !== 'pending'), instanceId: request.instanceId };
}

function duplicateOutcome(request: ReconcileRequest, i: number, other: number, batch: IndexedLookups): UserOutcome {
  const desired = request.users[i].user;
  const found = ((batch.find(([j]) => j === i) as readonly [number, LiveLookup])[1] as { live: LiveUser }).live;
  const username = desired.Username ?? found.Username;
  return { ref: userDisplayName({ userId: found.UserId, username }), userId: found.UserId, username, status: 'failed', cause: 'duplicate', changes: [],
    reason: `${describeUserRef(desired)} and ${describeUserRef(request.users[other].user)} are the same user; declare it once.` };
}

async function reconcileUser({ user: desired, target }: DesiredUser, bulkLookup: LiveLookup | undefined, request: ReconcileRequest, deps: ReconcileDeps, now: () => number): Promise<UserOutcome> {
  let ref = describeUserRef(desired);
  let ids = { ref, username: desired.Username };
  const missing = (): UserOutcome => {
    if (request.skipMissingUsers) return { ...ids, userId: desired.UserId, status: 'skipped', changes: [], reason: `${ref} does not exist in instance ${request.instanceId}; skipped (skipMissingUsers).` };
    if (request.deployedDeclaration || request.declaredBefore?.has(userKey(desired))) {
      return { ...ids, userId: desired.UserId, status: 'gone', changes: [], reason: `${ref} no longer exists in instance ${request.instanceId} (it was declared before, so it left the instance); nothing to do. Remove it from the declaration.` };
    }
    return { ...ids, userId: desired.UserId, status: 'failed', cause: 'missing', changes: [], reason: notFoundReason(desired, request.instanceId) };
  };
  const failedOrPending = (error: unknown, userId?: string): UserOutcome => {
    if (isNotFound(error)) return missing();
    const base = { ...ids, userId: userId ?? desired.UserId, changes: [] };
    if (retriesExhausted(error, MAX_ATTEMPTS)) {
      return { ...base, status: 'failed', cause: 'error', ...about(ref, `kept failing after ${MAX_ATTEMPTS} attempts with backoff (its calls answer with server or connection errors); last error: ${errorText(error)}`) };
    }
    const status = isRetryable(error) ? 'pending' : 'failed';
    return { ...base, status, cause: status === 'failed' ? 'error' : undefined, ...about(ref, errorText(error)) };
  };

  if (bulkLookup === undefined && now() > deps.deadline) return pending(ids, desired.UserId as string);
  const lookup = bulkLookup ?? await describe(deps.api, desired.UserId as string);
  if (lookup.kind === 'missing') return missing();
  if (lookup.kind === 'error') return failedOrPending(lookup.error);
  if (desired.DeskPhoneNumberParameter !== undefined) {
    const problem = request.numberProblems?.get(desired.DeskPhoneNumberParameter) ?? `SSM parameter ${desired.DeskPhoneNumberParameter} was not read`;
    return { ...ids, userId: lookup.live.UserId, status: 'failed', cause: 'error', changes: [], ...about(userDisplayName({ userId: lookup.live.UserId, username: desired.Username ?? lookup.live.Username }), `${problem}; the user was not changed.`) };
  }
  const contradiction = request.selectionProblems?.get(lookup.live.UserId);
  if (contradiction !== undefined) {
    return { ...ids, userId: lookup.live.UserId, status: 'failed', cause: 'error', changes: [], ...about(userDisplayName({ userId: lookup.live.UserId, username: desired.Username ?? lookup.live.Username }), `${contradiction}; the user was not changed.`) };
  }
  const options = { perChannelWrites: request.perChannelWrites };
  let live = lookup.live;
  // Once Connect has named the user, it is shown as people know it: `alice (id)`.
  ref = userDisplayName({ userId: live.UserId, username: desired.Username ?? live.Username });
  ids = { ref, username: desired.Username ?? live.Username };
  let plan: UserPlan = planTarget(target, live, options, desired.Username);
  const userId = live.UserId;
  if (plan.changes.length > 0 && live.source === 'SearchUsers') {
    if (now() > deps.deadline) return pending(ids, userId);
    const exact = await describe(deps.api, userId);
    if (exact.kind === 'missing') return missing();
    if (exact.kind === 'error') return failedOrPending(exact.error, userId);
    live = exact.live;
    plan = planTarget(target, live, options, desired.Username);
  }
  const originals = request.dryRun ? undefined : deps.originals;
  if (plan.changes.length === 0) {
    try {
      await originals?.claim(live);
    } catch (error) {
      return failedOrPending(error, userId);
    }
    return { ...ids, userId, status: 'unchanged', changes: [] };
  }
  if (plan.blockedReason !== undefined) return { ...ids, userId, status: 'failed', cause: 'blocked', changes: plan.changes, reason: plan.blockedReason, detail: plan.blockedDetail };
  const write = plan.write as UserWrite;
  if (request.dryRun) return { ...ids, userId, status: 'planned', changes: plan.changes, api: write.api };
  if (now() > deps.deadline) return pending(ids, userId);
  try {
    // The original is on record before the first write, so a crash after it loses nothing.
    await originals?.beforeWrite(target, live, plan);
  } catch (error) {
    return { ...failedOrPending(error, userId), changes: plan.changes, ...about(ref, `the original settings could not be recorded, so the user was not changed: ${errorText(error)}`) };
  }
  try {
    await deps.api.write(userId, write);
    // Clearing a desk number flattened the ACW of the other channels: put it back. If this
    // second write fails, the record (written first) still holds it for the next pass.
    if (plan.followUp !== undefined) await deps.api.write(userId, plan.followUp);
  } catch (error) {
    return { ...failedOrPending(error, userId), changes: plan.changes, api: write.api };
  }
  return { ...ids, userId, status: 'changed', changes: plan.changes, api: write.api };
}

/** Index → index of the other declaration, for users declared twice under different names. */
function sameUserTwice(lookups: IndexedLookups): Map<number, number> {
  const first = new Map<string, number>();
  const duplicates = new Map<number, number>();
  lookups.forEach(([i, lookup]) => {
    if (lookup.kind !== 'found') return;
    const id = lookup.live.UserId.toLowerCase();
    const seen = first.get(id);
    if (seen === undefined) {
      first.set(id, i);
    } else {
      duplicates.set(i, seen);
      duplicates.set(seen, i);
    }
  });
  return duplicates;
}

function pending(ids: { ref: string; username?: string }, userId: string): UserOutcome {
  return { ...ids, userId, status: 'pending', changes: [], ...about(ids.ref, "not reached before the invocation's deadline; the next pass continues.") };
}

/** A reason about one user: named for the report and the log, and its detail alone for renderers. */
export function about(name: string, detail: string): Pick<UserOutcome, 'reason' | 'detail'> {
  return { reason: `${name}: ${detail}`, detail };
}

function notFoundReason(desired: UserSpec, instanceId: string): string {
  if (desired.UserId === undefined) {
    return `username ${desired.Username} was not found in instance ${instanceId}. Check the spelling (usernames are case-sensitive) in the Connect console under Users, or set skipMissingUsers to report it instead of failing.`;
  }
  return `user id ${desired.UserId} was not found in instance ${instanceId} (ResourceNotFoundException). Check the instance id and that the user exists (aws connect describe-user --instance-id ${instanceId} --user-id ${desired.UserId}); a user created moments ago may need a minute (the API is eventually consistent). Set skipMissingUsers to report missing users instead of failing.`;
}

function log(logger: Logger, outcome: UserOutcome, dryRun: boolean): void {
  const details = { user: outcome.ref, userId: outcome.userId, status: outcome.status, api: outcome.api, changes: outcome.changes.map(describeChange) };
  switch (outcome.status) {
    case 'changed':
      logger.info('user changed', details);
      break;
    case 'planned':
      logger.info(dryRun ? 'user would change' : 'user planned', details);
      break;
    case 'failed':
      logger.error('user failed', { ...details, reason: outcome.reason });
      break;
    case 'skipped':
    case 'gone':
    case 'pending':
      logger.warn(`user ${outcome.status}`, { ...details, reason: outcome.reason });
      break;
    default:
      logger.debug('user unchanged', details);
  }
}
