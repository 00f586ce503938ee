/**
 * Hand-made plans for the renderer tests: one outcome of every kind `reconcile` produces in a
 * dry run, with a desk phone number among the changes.
 */
import type { UserOutcome } from '../../../lib/engine/reconcile';
import { AssemblyPlan, ResourcePlan } from '../../../lib/cli/plan-result';
import { DESK_PHONE_NUMBER, INSTANCE_ID, userId } from '../../fixtures/stacks';

export const OLD_DESK_PHONE_NUMBER = '+15555550177';

export const CHANGED: UserOutcome = {
  ref: `alice (${userId(1)})`,
  username: 'alice',
  userId: userId(1),
  status: 'planned',
  api: 'UpdateUserPhoneConfig',
  changes: [
    { channel: 'VOICE', field: 'AutoAccept', from: false, to: true },
    { channel: 'VOICE', field: 'PhoneNumber', from: OLD_DESK_PHONE_NUMBER, to: DESK_PHONE_NUMBER },
    { channel: 'CHAT', field: 'AfterContactWorkTimeLimit', from: undefined, to: 30 },
  ],
};

export const UNCHANGED: UserOutcome = { ref: `user id ${userId(2)}`, userId: userId(2), status: 'unchanged', changes: [] };

export const MISSING: UserOutcome = {
  ref: 'username ghost',
  username: 'ghost',
  status: 'failed',
  changes: [],
  cause: 'missing',
  reason: `username ghost was not found in instance ${INSTANCE_ID}. Check the spelling (usernames are case-sensitive).`,
};

export const SKIPPED: UserOutcome = {
  ref: 'username gone',
  username: 'gone',
  status: 'skipped',
  changes: [],
  reason: `username gone does not exist in instance ${INSTANCE_ID}; skipped (skipMissingUsers).`,
};

export const BLOCKED: UserOutcome = {
  ref: `user id ${userId(3)}`,
  userId: userId(3),
  status: 'failed',
  changes: [{ channel: 'VOICE', field: 'AfterContactWorkTimeLimit', from: 10, to: 20 }],
  reason: `user id ${userId(3)}: its live after-contact-work timeout differs by channel (VOICE 10 s, CHAT 60 s). Set \`perChannelWrites: true\`.`,
  detail: 'its live after-contact-work timeout differs by channel (VOICE 10 s, CHAT 60 s). Set `perChannelWrites: true`.',
};

export const UNREADABLE: UserOutcome = {
  ref: `user id ${userId(4)}`,
  userId: userId(4),
  status: 'pending',
  changes: [],
  reason: `user id ${userId(4)}: ThrottlingException: Rate exceeded`,
  detail: 'ThrottlingException: Rate exceeded',
};

export function resource(outcomes: readonly UserOutcome[], overrides: Partial<ResourcePlan> = {}): ResourcePlan {
  return { stackName: 'Stack', logicalId: 'AgentsA1B2C3', path: 'Stack/Agents', instanceId: INSTANCE_ID, outcomes, ...overrides };
}

export function assemblyPlan(...resources: ResourcePlan[]): AssemblyPlan {
  return { appDir: 'cdk.out', resources };
}
