/**
 * The PhysicalResourceId: stable for the same instance and users, so a redeploy is an update, and
 * different when either changes, so CloudFormation replaces the resource and deletes the old id.
 */
import { createHash } from 'crypto';
import { UserSpec, userKey } from '../core/contract';

export function physicalResourceId(instanceId: string, users: readonly UserSpec[]): string {
  const refs = users.map(userKey).sort();
  if (refs.length === 1 && refs[0].length <= 200) return `${instanceId}/${refs[0]}`;
  const digest = createHash('sha256').update(refs.join('\n')).digest('hex').slice(0, 20);
  return `${instanceId}/users-${refs.length}-${digest}`;
}
