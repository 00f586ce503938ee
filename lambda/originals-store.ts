/**
 * Where the `restore` removal policy keeps each user's settings from before this stack first
 * changed them: one SSM SecureString parameter per user, `/cdk-connect-phone-config/<instanceId>/<userId>`.
 *
 * Why SSM: the originals include desk phone numbers (personal data), so they must be encrypted at
 * rest (SecureString, the account's aws/ssm key) and readable only by this handler's role; they
 * must outlive cold starts, replacements, rollbacks and redeploys; and a user's tags would expose
 * the number to anyone who can list the user. One parameter per user stays far below the 4 KB
 * standard-tier limit and lets a Delete restore exactly the users its resource still owns.
 *
 * `owner` names the resource (stack id and PhysicalResourceId) that last declared the user: a
 * replacement moves it to the new resource, so the old resource's Delete restores nothing the new
 * one still owns.
 */
import {
  DeleteParameterCommand,
  GetParametersByPathCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { UserSpec } from '../lib/core/contract';

export const PARAMETER_PREFIX = '/cdk-connect-phone-config';

export interface OriginalRecord {
  readonly owner: string;
  /** The user's live values of every setting the stack declared, before the stack changed them. */
  readonly original: UserSpec;
}

export class OriginalsStore {
  constructor(private readonly ssm: SSMClient, private readonly instanceId: string) {}

  static parameterPath(instanceId: string): string {
    return `${PARAMETER_PREFIX}/${instanceId}`;
  }

  /** Every record of the instance, by user id (GetParametersByPath, 10 a page). */
  async load(): Promise<Map<string, OriginalRecord>> {
    const records = new Map<string, OriginalRecord>();
    let token: string | undefined;
    do {
      const page = await this.ssm.send(new GetParametersByPathCommand({
        Path: OriginalsStore.parameterPath(this.instanceId),
        Recursive: false,
        WithDecryption: true,
        NextToken: token,
      }));
      for (const p of page.Parameters ?? []) {
        const userId = (p.Name ?? '').split('/').pop() as string;
        records.set(userId, JSON.parse(p.Value ?? '{}') as OriginalRecord);
      }
      token = page.NextToken;
    } while (token);
    return records;
  }

  async save(userId: string, record: OriginalRecord): Promise<void> {
    await this.ssm.send(new PutParameterCommand({
      Name: `${OriginalsStore.parameterPath(this.instanceId)}/${userId}`,
      Value: JSON.stringify(record),
      Type: 'SecureString',
      Overwrite: true,
      Description: 'Phone settings before cdk-connect-phone-config changed them (restored on Delete)',
    }));
  }

  async remove(userId: string): Promise<void> {
    try {
      await this.ssm.send(new DeleteParameterCommand({ Name: `${OriginalsStore.parameterPath(this.instanceId)}/${userId}` }));
    } catch (error) {
      if (!(error instanceof ParameterNotFound) && (error as Error).name !== 'ParameterNotFound') throw error;
    }
  }
}

/** The owner key of a resource: its stack and PhysicalResourceId. */
export function ownerOf(stackId: string, physicalResourceId: string): string {
  return `${stackId}|${physicalResourceId}`;
}

/**
 * Merges what a first change would lose into an existing record: settings declared now but not
 * captured before are taken from `captured` (live, before this write); the owner becomes `owner`.
 */
export function mergeOriginal(existing: OriginalRecord | undefined, captured: UserSpec, owner: string): OriginalRecord {
  if (!existing) return { owner, original: captured };
  const phoneConfig = captured.PhoneConfig || existing.original.PhoneConfig
    ? { ...captured.PhoneConfig, ...existing.original.PhoneConfig }
    : undefined;
  const channels = [...(existing.original.Channels ?? [])];
  for (const entry of captured.Channels ?? []) {
    const i = channels.findIndex((c) => c.Channel === entry.Channel);
    if (i < 0) channels.push(entry);
    else channels[i] = { ...entry, ...channels[i] };
  }
  return {
    owner,
    original: { ...existing.original, PhoneConfig: phoneConfig, Channels: channels.length > 0 ? channels : undefined },
  };
}
