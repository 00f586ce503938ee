/**
 * The `restore` removal policy's Delete: a reconcile whose desired state is the settings each user
 * this resource still owns had before the stack first changed them, followed by forgetting the
 * records of the users it is done with. One loop (reconcile.ts), one outcome type, one report.
 *
 * A Delete must never leave a stack stuck: a user that no longer exists is `gone`, and one that
 * cannot be restored (a rule of the service, a missing permission) is `failed`, logged and left as
 * it is, its record kept. Only throttling and time running out leave work for the next poll.
 */
import { ConnectApi } from './connect-api';
import { errorText, isRetryable } from './errors';
import { Logger } from './logger';
import { originalsKeeper } from './originals-keeper';
import { OriginalsStore, logRejected } from './originals-store';
import { forEachConcurrently } from './rate-limiter';
import { DesiredUser, ReconcileResult, UserOutcome, about, reconcile } from './reconcile';

export interface RestoreDeps {
  readonly api: ConnectApi;
  readonly store: OriginalsStore;
  readonly logger: Logger;
  readonly deadline: number;
  readonly perChannelWrites: boolean;
}

/** Outcomes after which a user's record is no longer needed. */
const SETTLED: ReadonlySet<UserOutcome['status']> = new Set(['changed', 'unchanged', 'gone']);

export async function restoreOwnedUsers(owner: string, deps: RestoreDeps): Promise<ReconcileResult> {
  const instanceId = deps.api.instanceId;
  let records;
  try {
    const loaded = await deps.store.load();
    logRejected(loaded, deps.logger);
    records = loaded.records;
  } catch (error) {
    if (isRetryable(error)) return { outcomes: [], complete: false, instanceId };
    deps.logger.error('restore: cannot read the stored original settings; users left as they are', { error: errorText(error) });
    return { outcomes: [], complete: true, instanceId };
  }
  const users: DesiredUser[] = [...records]
    .filter(([, record]) => record.owner === owner)
    .map(([userId, record]) => ({ user: { UserId: userId, Username: record.username }, target: record.settings }));
  const result = await reconcile({
    instanceId,
    users,
    perChannelWrites: deps.perChannelWrites,
    skipMissingUsers: false,
    // Every recorded user existed when it was recorded: one missing now has left the instance.
    deployedDeclaration: true,
    readEach: true,
  }, { api: deps.api, logger: deps.logger, deadline: deps.deadline, originals: originalsKeeper(deps.store, owner, records) });
  const outcomes = [...result.outcomes];
  await forEachConcurrently(outcomes.map((_, i) => i), 4, async (i) => {
    if (SETTLED.has(outcomes[i].status)) outcomes[i] = await forget(outcomes[i], deps);
  });
  return { outcomes, complete: outcomes.every((o) => o.status !== 'pending'), instanceId };
}

/**
 * Drops a settled user's record. A throttled SSM call leaves the user pending (the next pass
 * finds it restored and tries again); any other failure is logged and the Delete goes on: the
 * user is restored, only its record stays behind. Never throws, so one user cannot abort the
 * others in flight.
 */
async function forget(outcome: UserOutcome, deps: RestoreDeps): Promise<UserOutcome> {
  const userId = outcome.userId as string;
  try {
    await deps.store.remove(userId);
  } catch (error) {
    if (isRetryable(error)) return { ...outcome, status: 'pending', ...about(outcome.ref, `its record could not be deleted yet (${errorText(error)}); the next pass continues.`) };
    deps.logger.warn('restore: the stored original settings could not be deleted; delete the parameter by hand', { userId, error: errorText(error) });
  }
  return outcome;
}
