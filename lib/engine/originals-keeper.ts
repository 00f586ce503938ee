/**
 * Keeps the `restore` policy's records true while reconciling: before a user's first write its
 * live settings are saved (so a crash after the write loses nothing), and a user this resource
 * now declares, written or not, is marked as owned by it (so a replaced resource's Delete leaves
 * it alone).
 */
import { LiveUser } from '../core/live';
import { UserPlan, UserTarget, captureTarget } from '../core/plan';
import { mergeRecord } from './original-record';
import { LoadedRecords, OriginalRecord, OriginalsStore } from './originals-store';

export interface OriginalsHooks {
  /** Before a user is written to reach `target`: records what it has live, once per setting. */
  beforeWrite(target: UserTarget, live: LiveUser, plan: UserPlan): Promise<void>;
  /** For a user that needs no write: takes over the record when another resource owned it. */
  claim(live: LiveUser): Promise<void>;
}

/** Logs what cannot be used, naming the parameter and the problem (never a value). */
export type OnRejected = (loaded: LoadedRecords) => void;

export async function keepOriginals(store: OriginalsStore, owner: string, onRejected: OnRejected): Promise<OriginalsHooks> {
  const loaded = await store.load();
  onRejected(loaded);
  return originalsKeeper(store, owner, loaded.records);
}

/** The `restore` policy's bookkeeping over records already loaded (RESTORE reads them first). */
export function originalsKeeper(store: OriginalsStore, owner: string, records: Map<string, OriginalRecord>): OriginalsHooks {
  const save = async (userId: string, record: OriginalRecord) => {
    await store.save(userId, record);
    records.set(userId, record);
  };
  return {
    async beforeWrite(target, live, plan) {
      const existing = records.get(live.UserId);
      const record = mergeRecord(existing, captureTarget(writtenBy(target, plan), live), owner, { userId: live.UserId, username: live.Username });
      // Saved only when it learns a setting or changes hands: a new username alone is no reason
      // to write (and RESTORE, whose target is the record, writes nothing here but what a
      // follow-up write flattens).
      if (existing === undefined || existing.owner !== owner || JSON.stringify(record.settings) !== JSON.stringify(existing.settings)) await save(live.UserId, record);
    },
    async claim(live) {
      const existing = records.get(live.UserId);
      if (existing && existing.owner !== owner) await save(live.UserId, { ...existing, owner });
    },
  };
}

/**
 * For a resource with the `retain` policy: a user it declares is taken over from any resource
 * that would restore it (a replaced or moved-from `restore` resource), so that resource's Delete
 * in CloudFormation's cleanup does not undo this declaration. Nothing is recorded. A stack
 * without access to the records (no `restore` resource on the instance) has nothing to take over.
 */
export async function releaseOriginals(store: OriginalsStore, owner: string, onUnreadable: (error: unknown) => void, onRejected: OnRejected): Promise<OriginalsHooks> {
  let records: Map<string, OriginalRecord>;
  try {
    const loaded = await store.load();
    onRejected(loaded);
    records = loaded.records;
  } catch (error) {
    onUnreadable(error);
    return { beforeWrite: async () => undefined, claim: async () => undefined };
  }
  const claim = async (live: LiveUser) => {
    const existing = records.get(live.UserId);
    if (existing && existing.owner !== owner) {
      const record = { ...existing, owner };
      await store.save(live.UserId, record);
      records.set(live.UserId, record);
    }
  };
  return { beforeWrite: async (_desired, live) => claim(live), claim };
}

/** The ACW a desk number's removal flattens on the other channels (plan.ts `followUp`). */
const FLATTENED_ACW: UserTarget = { CHAT: { AfterContactWorkTimeLimit: 0 }, TASK: { AfterContactWorkTimeLimit: 0 }, EMAIL: { AfterContactWorkTimeLimit: 0 } };

/**
 * The settings a write changes: the target's, and with a follow-up write the ACW the first one
 * flattens, so a pass after a failed second write still knows what to put back.
 */
function writtenBy(target: UserTarget, plan: UserPlan): UserTarget {
  if (plan.followUp === undefined) return target;
  const written: Record<string, object> = { ...target };
  for (const [channel, fields] of Object.entries(FLATTENED_ACW)) written[channel] = { ...fields, ...written[channel] };
  return written as UserTarget;
}
