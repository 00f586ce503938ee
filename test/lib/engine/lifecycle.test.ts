import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { carriedDeadline, lifecycleOf } from '../../../lib/engine/lifecycle';
import { createLogger } from '../../../lib/engine/logger';
import { UserSpec } from '../../../lib/core/contract';
import { EVENT_INSTANCE_ID } from '../../fixtures/instances';

const INSTANCE_ARN = `arn:aws:connect:us-east-1:123456789012:instance/${EVENT_INSTANCE_ID}`;
const props = (nonce: string | undefined, users: UserSpec[]) => ({ ServiceToken: 'arn:x', Version: '1', InstanceArn: INSTANCE_ARN, Users: users, ...(nonce ? { DeploymentNonce: nonce } : {}) });
const alice: UserSpec = { Username: 'alice', PhoneConfig: { AutoAccept: true } };
const bob: UserSpec = { Username: 'bob', PhoneConfig: { AutoAccept: true } };
const logger = createLogger({ sink: () => undefined });
const load = async (spec: { Users?: readonly UserSpec[] }) => spec.Users ?? [];

function update(next: object, old: object, physicalId: string): CloudFormationCustomResourceEvent {
  return { RequestType: 'Update', ResourceProperties: next, OldResourceProperties: old, PhysicalResourceId: physicalId } as unknown as CloudFormationCustomResourceEvent;
}

describe('lifecycleOf', () => {
  it('should know the users the deployed declaration named, and a forward update by its newer nonce', async () => {
    const event = update(props('2026-02-01T00:00:00.000Z', [alice]), props('2026-01-01T00:00:00.000Z', [alice, bob]), 'old-id');
    const result = await lifecycleOf(event, props('2026-02-01T00:00:00.000Z', [alice]) as never, [alice], 'new-id', load as never, logger);
    expect([...(result.declaredBefore ?? [])].sort()).toEqual(['username:alice', 'username:bob']);
    expect(result.rollback).toBe(false);
  });

  it('should know CloudFormation\'s rollback by its older nonce', async () => {
    const event = update(props('2026-01-01T00:00:00.000Z', [alice, bob]), props('2026-02-01T00:00:00.000Z', [alice]), 'new-id');
    expect((await lifecycleOf(event, props('2026-01-01T00:00:00.000Z', [alice, bob]) as never, [alice, bob], 'old-id', load as never, logger)).rollback).toBe(true);
  });

  it('should know a rollback without nonces when the resource kept the id of the declaration being restored', async () => {
    const event = update(props(undefined, [alice, bob]), props(undefined, [alice]), 'id-of-alice-and-bob');
    expect((await lifecycleOf(event, props(undefined, [alice, bob]) as never, [alice, bob], 'id-of-alice-and-bob', load as never, logger)).rollback).toBe(true);
    expect((await lifecycleOf(event, props(undefined, [alice, bob]) as never, [alice, bob], 'another-id', load as never, logger)).rollback).toBe(false);
  });

  it('should treat a Create as nothing declared before, and an unreadable old declaration the same (missing users fail)', async () => {
    const create = { RequestType: 'Create', ResourceProperties: props(undefined, [alice]) } as unknown as CloudFormationCustomResourceEvent;
    expect(await lifecycleOf(create, props(undefined, [alice]) as never, [alice], 'id', load as never, logger)).toEqual({ rollback: false });
    const broken = update(props(undefined, [alice]), { Version: '1', InstanceArn: 'not an arn' }, 'id');
    expect(await lifecycleOf(broken, props(undefined, [alice]) as never, [alice], 'id', load as never, logger)).toEqual({ rollback: false });
  });
});

describe('carriedDeadline', () => {
  it('should read the deadline onEvent handed on, or start a budget now', () => {
    expect(carriedDeadline({ Deadline: '2026-12-02T05:00:00.000Z' })).toBe(Date.parse('2026-12-02T05:00:00.000Z'));
    expect(carriedDeadline(undefined, 1_000)).toBe(1_000 + 3300 * 1000);
  });
});
