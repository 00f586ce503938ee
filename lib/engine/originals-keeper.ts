/**
 * Keeps the `restore` policy's records true while reconciling: before a user's first write its
 * live settings are saved (so a crash after the write loses nothing), and a user this resource
 * now declares, written or not, is marked as owned by it (so a replaced resource's Delete leaves
 * it alone).
 */
import { UserSpec } from '../core/contract';
import { LiveUser } from '../core/live';
import { captureTarget, targetOf } from '../core/plan';
import { mergeRecord } from './original-record';
import { LoadedRecords, OriginalRecord, OriginalsStore } from './originals-store';

export interface OriginalsHooks {
  /** Before a user is written: records what it has live, once per setting. */
  beforeWrite(desired: UserSpec, live: LiveUser): Promise<void>;
  /** For a user that needs no write: takes over the record when another resource owned it. */
  claim(live: LiveUser): Promise<void>;
}

/** Logs what cannot be used, naming the parameter and the problem (never a value). */
export type OnRejected = (loaded: LoadedRecords) => void;

export async function keepOriginals(store: OriginalsStore, owner: string, onRejected: OnRejected): Promise<OriginalsHooks> {
  const loaded = await store.load();
  onRejected(loaded);
  const { records } = loaded;
  const save = async (userId: string, record: OriginalRecord) => {
    await store.save(userId, record);
    records.set(userId, record);
  };
  return {
    async beforeWrite(desired, live) {
      const existing = records.get(live.UserId);
      const record = mergeRecord(existing, captureTarget(targetOf(desired), live), owner, { userId: live.UserId, username: live.Username });
      if (JSON.stringify(record) !== JSON.stringify(existing)) await save(live.UserId, record);
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
