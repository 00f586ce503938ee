/**
 * The desired users: inline in the event, or, for large fleets, in an S3 object (a CDK asset) so
 * the event stays far below the 256 KB Step Functions input and the template below 1 MB.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { s3Sdk } from './lazy-sdk';
import { ResourceSpec, UserSpec } from '../core/contract';
import { parseUsers } from '../core/parse';
import { throwIfInvalid, validateResource } from '../core/validate';

export async function loadUsers(spec: ResourceSpec, s3: () => S3Client): Promise<readonly UserSpec[]> {
  if (spec.Users !== undefined) return spec.Users;
  const { Bucket, Key } = spec.DesiredStateObject as NonNullable<ResourceSpec['DesiredStateObject']>;
  const object = await s3().send(new (s3Sdk().GetObjectCommand)({ Bucket, Key }));
  const body = await object.Body?.transformToString();
  const users = parseUsers(JSON.parse(body ?? 'null')?.Users, `s3://${Bucket}/${Key}`);
  throwIfInvalid(validateResource({ ...spec, Users: users }));
  return users;
}
