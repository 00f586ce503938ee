/**
 * Catches the same user declared twice in one stack, across constructs: two declarations would
 * fight each other on every deploy. The message names both construct paths.
 */
import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { UserSpec, userKey } from '../core/contract';
import { describeUserRef } from '../core/validate';

/** The instance id when the ARN ends with it (a literal or one built from an id), else the ARN itself. */
function instanceKey(instanceArn: string): string {
  return /:instance\/([0-9a-f-]{36})$/i.exec(instanceArn)?.[1]?.toLowerCase() ?? instanceArn;
}

const REGISTRIES = new WeakMap<Stack, Map<string, string>>();

export function registerUsers(scope: Construct, instanceArn: string, users: readonly UserSpec[]): void {
  const stack = Stack.of(scope);
  let registry = REGISTRIES.get(stack);
  if (!registry) REGISTRIES.set(stack, (registry = new Map()));
  for (const user of users) {
    const ref = user.UserId ?? user.Username;
    if (ref === undefined || Token.isUnresolved(ref)) continue;
    const key = `${instanceKey(instanceArn)}|${userKey(user)}`;
    const first = registry.get(key);
    if (first !== undefined) {
      throw new Error(`${describeUserRef(user)} is declared twice in stack ${stack.stackName}: in \`${first}\` and in \`${scope.node.path}\`. Declare each user once per stack (for many users, one UserPhoneConfigFleet with per-user overrides).`);
    }
    registry.set(key, scope.node.path);
  }
}
