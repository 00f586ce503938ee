/**
 * The users a resource declares: inline, or in its desired-state object. An object that is a file
 * asset of the assembly is read from `cdk.out` (assets are content-addressed, so the local file is
 * exactly what the deploy uploads, and it need not be uploaded yet); any other object from S3.
 */
import * as fs from 'fs';
import type { S3Client } from '@aws-sdk/client-s3';
import { loadUsers } from '../engine/desired-state';
import { AssemblyStack } from '../assembly/cloud-assembly';
import { PseudoParameters, resolveIntrinsics } from '../assembly/intrinsics';
import { ResourceSpec, UserSpec } from '../core/contract';
import { parseUsers } from '../core/parse';
import { throwIfInvalid, validateResource } from '../core/validate';

export async function loadDesiredUsers(spec: ResourceSpec, stack: AssemblyStack, params: PseudoParameters, s3: () => S3Client): Promise<readonly UserSpec[]> {
  if (spec.Users !== undefined || spec.DesiredStateObject === undefined) return loadUsers(spec, s3);
  const file = localAssetFile(stack, params, spec.DesiredStateObject.Bucket, spec.DesiredStateObject.Key);
  if (file === undefined) return loadUsers(spec, s3);
  // The same parse and validation as the handler's `loadUsers` applies to the S3 object.
  const users = parseUsers(JSON.parse(fs.readFileSync(file, 'utf8'))?.Users, file);
  throwIfInvalid(validateResource({ ...spec, Users: users }));
  return users;
}

/** The local source of the stack's file asset published to `bucket`/`key`, if it is in cdk.out. */
export function localAssetFile(stack: AssemblyStack, params: PseudoParameters, bucket: string, key: string): string | undefined {
  const asset = stack.fileAssets.find((a) => a.packaging === 'file' && a.objectKey === key
    && resolveIntrinsics({ 'Fn::Sub': a.bucketName }, params) === bucket);
  return asset !== undefined && fs.existsSync(asset.sourcePath) && fs.statSync(asset.sourcePath).isFile() ? asset.sourcePath : undefined;
}
