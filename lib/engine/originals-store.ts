/**
 * Where the `restore` removal policy keeps each user's settings from before this stack first
 * changed them: one SSM SecureString parameter per user, under a path of the stack's own,
 * `/cdk-connect-phone-config/<stackName>/<instanceId>/<userId>` (see original-record.ts for the record).
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
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ssmSdk } from './lazy-sdk';
import { originalsParameterPath, stackNameOf } from '../core/contract';
import { Logger } from './logger';
import { OriginalRecord, parseRecord } from './original-record';

export type { OriginalRecord } from './original-record';

/** A parameter under the stack's path that is not a usable record: left in place, never restored. */
export interface RejectedRecord {
  readonly name: string;
  readonly problem: string;
}

export interface LoadedRecords {
  readonly records: Map<string, OriginalRecord>;
  readonly rejected: readonly RejectedRecord[];
}

export class OriginalsStore {
  private readonly path: string;

  constructor(private readonly ssm: SSMClient, private readonly stackId: string, instanceId: string) {
    this.path = originalsParameterPath(stackNameOf(stackId), instanceId);
  }

  /** Every valid record of the stack on the instance, by user id (GetParametersByPath, 10 a page). */
  async load(): Promise<LoadedRecords> {
    const records = new Map<string, OriginalRecord>();
    const rejected: RejectedRecord[] = [];
    let token: string | undefined;
    do {
      const page = await this.ssm.send(new (ssmSdk().GetParametersByPathCommand)({
        Path: this.path,
        Recursive: false,
        WithDecryption: true,
        NextToken: token,
      }));
      for (const p of page.Parameters ?? []) {
        const name = p.Name ?? '';
        const userId = name.split('/').pop() as string;
        const record = parseRecord(p.Value, userId, this.stackId);
        if (typeof record === 'string') rejected.push({ name, problem: record });
        else records.set(userId, record);
      }
      token = page.NextToken;
    } while (token);
    return { records, rejected };
  }

  async save(userId: string, record: OriginalRecord): Promise<void> {
    await this.ssm.send(new (ssmSdk().PutParameterCommand)({
      Name: `${this.path}/${userId}`,
      Value: JSON.stringify(record),
      Type: 'SecureString',
      Overwrite: true,
      Description: 'Phone settings before cdk-connect-phone-config changed them (restored on Delete)',
    }));
  }

  async remove(userId: string): Promise<void> {
    try {
      await this.ssm.send(new (ssmSdk().DeleteParameterCommand)({ Name: `${this.path}/${userId}` }));
    } catch (error) {
      if (!(error instanceof ssmSdk().ParameterNotFound) && (error as Error).name !== 'ParameterNotFound') throw error;
    }
  }
}

/** One log line per parameter that is not a usable record: it is left in place and never restored. */
export function logRejected(loaded: LoadedRecords, logger: Logger): void {
  for (const r of loaded.rejected) {
    logger.error('restore record ignored: it is not one this stack wrote; delete or fix the parameter', { parameter: r.name, problem: r.problem });
  }
}

/** The owner key of a resource: its stack and PhysicalResourceId. */
export function ownerOf(stackId: string, physicalResourceId: string): string {
  return `${stackId}|${physicalResourceId}`;
}
