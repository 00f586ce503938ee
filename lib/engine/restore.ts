/**
 * The `restore` removal policy's Delete: put back, for every user this resource still owns, the
 * settings it had before the stack first changed them, then forget the record.
 *
 * A Delete must never leave a stack stuck: a user that no longer exists is a note, and a user that
 * cannot be restored (a rule of the service, a missing permission) is logged and left as it is.
 * Only throttling and time run out leave work for the next `isComplete` poll.
 */
import { UserTarget, captureTarget, planTarget } from '../core/plan';
import { userDisplayName } from '../core/validate';
import { ConnectApi } from './connect-api';
import { errorText, isNotFound, isRetryable } from './errors';
import { Logger } from './logger';
import { mergeRecord } from './original-record';
import { OriginalsStore, logRejected } from './originals-store';
import { forEachConcurrently } from './rate-limiter';
import { describe } from './read-live';

const OTHER_CHANNELS_ACW: UserTarget = { CHAT: { AfterContactWorkTimeLimit: 0 }, TASK: { AfterContactWorkTimeLimit: 0 }, EMAIL: { AfterContactWorkTimeLimit: 0 } };

export interface RestoreResult {
  readonly restored: string[];
  readonly unchanged: string[];
  /** Users that no longer exist: their records are dropped. */
  readonly gone: string[];
  /** Users left as they are, with the reason in the log. */
  readonly notRestored: string[];
  readonly pending: string[];
}

export interface RestoreDeps {
  readonly api: ConnectApi;
  readonly store: OriginalsStore;
  readonly logger: Logger;
  readonly deadline: number;
  readonly perChannelWrites: boolean;
  readonly now?: () => number;
}

export async function restoreOwnedUsers(owner: string, deps: RestoreDeps): Promise<RestoreResult> {
  const now = deps.now ?? Date.now;
  const result: RestoreResult = { restored: [], unchanged: [], gone: [], notRestored: [], pending: [] };
  let records;
  try {
    const loaded = await deps.store.load();
    logRejected(loaded, deps.logger);
    records = loaded.records;
  } catch (error) {
    if (isRetryable(error)) return { ...result, pending: ['(records)'] };
    deps.logger.error('restore: cannot read the stored original settings; users left as they are', { error: errorText(error) });
    return result;
  }
  const owned = [...records].filter(([, r]) => r.owner === owner);
  await forEachConcurrently(owned, 4, async ([userId, record]) => {
    if (now() > deps.deadline) {
      result.pending.push(userId);
      return;
    }
    const user = { user: userDisplayName({ userId, username: record.username }), userId };
    const lookup = await describe(deps.api, userId);
    if (lookup.kind === 'missing') {
      deps.logger.info('restore: user no longer exists; nothing to restore', user);
      if (await forget(userId, deps, result)) result.gone.push(userId);
      return;
    }
    if (lookup.kind === 'error') {
      (isRetryable(lookup.error) ? result.pending : result.notRestored).push(userId);
      if (!isRetryable(lookup.error)) deps.logger.error('restore: user left as it is', { ...user, reason: errorText(lookup.error) });
      return;
    }
    const plan = planTarget(record.settings, lookup.live, { perChannelWrites: deps.perChannelWrites }, record.username);
    if (plan.changes.length === 0) {
      if (await forget(userId, deps, result)) result.unchanged.push(userId);
      return;
    }
    if (plan.write === undefined) {
      deps.logger.error('restore: user left as it is', { ...user, reason: plan.blockedReason });
      result.notRestored.push(userId);
      return;
    }
    try {
      if (plan.followUp !== undefined) {
        // The record learns the ACW the first write flattens, so a pass after a failed second
        // write still knows what to put back.
        await deps.store.save(userId, mergeRecord(record, captureTarget(OTHER_CHANNELS_ACW, lookup.live), record.owner, record));
      }
      await deps.api.write(userId, plan.write);
      // Clearing a desk number flattened the ACW: put the other channels' back. If this write
      // fails the record stays, and the next pass (from live) finishes the restore.
      if (plan.followUp !== undefined) await deps.api.write(userId, plan.followUp);
    } catch (error) {
      if (isNotFound(error)) {
        if (await forget(userId, deps, result)) result.gone.push(userId);
      } else if (isRetryable(error)) {
        result.pending.push(userId);
      } else {
        deps.logger.error('restore: user left as it is', { ...user, reason: errorText(error) });
        result.notRestored.push(userId);
      }
      return;
    }
    deps.logger.info('restore: user restored', { ...user, api: plan.write.api, changes: plan.changes.length });
    if (await forget(userId, deps, result)) result.restored.push(userId);
  });
  return result;
}

/**
 * Drops a user's record once it is no longer needed. A throttled SSM call leaves the user pending
 * (the next pass finds it restored and tries again); any other failure is logged and the Delete
 * goes on: the user is restored, only its record stays behind. Never throws, so one user cannot
 * abort the pass while the others are in flight.
 */
async function forget(userId: string, deps: RestoreDeps, result: RestoreResult): Promise<boolean> {
  try {
    await deps.store.remove(userId);
    return true;
  } catch (error) {
    if (isRetryable(error)) {
      result.pending.push(userId);
      return false;
    }
    deps.logger.warn('restore: the stored original settings could not be deleted; delete the parameter by hand', { userId, error: errorText(error) });
    return true;
  }
}
