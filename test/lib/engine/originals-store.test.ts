import { ConnectClient, DescribeUserCommand, UpdateUserPhoneConfigCommand } from '@aws-sdk/client-connect';
import { DeleteParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectApi } from '../../../lib/engine/connect-api';
import { onEvent } from '../../../lambda/index';
import { createLogger } from '../../../lib/engine/logger';
import { keepOriginals } from '../../../lib/engine/originals-keeper';
import { mergeRecord } from '../../../lib/engine/original-record';
import { OriginalsStore, ownerOf } from '../../../lib/engine/originals-store';
import { declared, reconcile } from '../../../lib/engine/reconcile';
import {
  DESK_PHONE,
  INSTANCE_ID,
  SOFT_PHONE_LIVE,
  createEvent,
  describedUser,
  fakeContext,
  resourceProps,
  serviceError,
  updateEvent,
  userId,
} from '../../fixtures/events';
import { UNPACED_RATES, handlerEnv, strictConnect, strictSsm } from '../../fixtures/handler-mocks';
import { captureStdout } from '../../fixtures/logs';

const connect = mockClient(ConnectClient);
const ssm = mockClient(SSMClient);

const ALICE = userId(1);
const BOB = userId(2);
const STACK_ID = createEvent(resourceProps([])).StackId;
/** The stack's own path (its name is test-stack). */
const PATH = `/cdk-connect-phone-config/test-stack/${INSTANCE_ID}`;
const OTHER_OWNER = ownerOf(STACK_ID, `${INSTANCE_ID}/id:old`);
const OWNER_A = ownerOf(STACK_ID, 'a');
const OWNER_B = ownerOf(STACK_ID, 'b');

function record(user: string, owner: string, settings: unknown): Record<string, unknown> {
  return { schema: 2, owner, userId: user, settings };
}

function parameter(user: string, owner: string, settings: unknown): { Name: string; Value: string; Type: 'SecureString' } {
  return { Name: `${PATH}/${user}`, Value: JSON.stringify(record(user, owner, settings)), Type: 'SecureString' };
}

function saved(): { Name?: string; record: Record<string, unknown> }[] {
  return ssm.commandCalls(PutParameterCommand).map((c) => ({ Name: c.args[0].input.Name, record: JSON.parse(c.args[0].input.Value as string) }));
}

beforeEach(() => {
  handlerEnv();
  strictConnect(connect);
  strictSsm(ssm);
  captureStdout();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('Class: OriginalsStore', () => {
  const store = () => new OriginalsStore(new SSMClient({}), STACK_ID, INSTANCE_ID);

  it('should load every page of the instance\'s path, decrypted, by user id', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand, { Path: PATH, NextToken: undefined }).resolves({ Parameters: [parameter(ALICE, OWNER_A, { VOICE: { AutoAccept: true } })], NextToken: 'page2' });
    ssm.on(GetParametersByPathCommand, { Path: PATH, NextToken: 'page2' }).resolves({ Parameters: [parameter(BOB, OWNER_B, { CHAT: { AfterContactWorkTimeLimit: 30 } })] });

    // Act
    const loaded = await store().load();

    // Assess
    expect([...loaded.records]).toEqual([[ALICE, record(ALICE, OWNER_A, { VOICE: { AutoAccept: true } })], [BOB, record(BOB, OWNER_B, { CHAT: { AfterContactWorkTimeLimit: 30 } })]]);
    expect(loaded.rejected).toEqual([]);
    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 2);
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: PATH, Recursive: false, WithDecryption: true });
  });

  it('should reject, naming the parameter and the problem, every record it did not write for this stack', async () => {
    // Prepare
    const bad = (user: string, value: unknown) => ({ Name: `${PATH}/${user}`, Value: typeof value === 'string' ? value : JSON.stringify(value) });
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [
      bad(userId(3), '{not json'),
      bad(userId(4), { owner: OWNER_A, original: { UserId: userId(4) } }),
      bad(userId(5), record(userId(5), 'arn:aws:cloudformation:us-east-1:123456789012:stack/other-stack/1|x', { VOICE: { AutoAccept: true } })),
      bad(userId(6), record(ALICE, OWNER_A, { VOICE: { AutoAccept: true } })),
      bad(userId(7), record(userId(7), OWNER_A, { VOICE: { PhoneNumber: '12345' } })),
      bad(userId(8), record(userId(8), OWNER_A, { CHAT: { PhoneNumber: DESK_PHONE } })),
      parameter(ALICE, OWNER_A, { VOICE: { PhoneNumber: null, PhoneType: 'SOFT_PHONE' } }),
    ] });

    // Act
    const loaded = await store().load();

    // Assess
    expect([...loaded.records.keys()]).toEqual([ALICE]);
    expect(loaded.rejected).toEqual([
      { name: `${PATH}/${userId(3)}`, problem: 'not JSON' },
      { name: `${PATH}/${userId(4)}`, problem: 'schema is undefined, expected 2' },
      { name: `${PATH}/${userId(5)}`, problem: 'its owner is not a resource of this stack' },
      { name: `${PATH}/${userId(6)}`, problem: 'its userId does not match the parameter name' },
      { name: `${PATH}/${userId(7)}`, problem: 'VOICE.PhoneNumber has a value Connect does not accept' },
      { name: `${PATH}/${userId(8)}`, problem: 'CHAT.PhoneNumber exists on VOICE only' },
    ]);
    expect(JSON.stringify(loaded.rejected)).not.toContain('12345');
  });

  it('should save a record as an overwritable SecureString under the stack\'s own path', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const value = record(ALICE, OWNER_A, { VOICE: { PhoneNumber: DESK_PHONE } }) as never;

    // Act
    await store().save(ALICE, value);

    // Assess
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: `${PATH}/${ALICE}`, Type: 'SecureString', Overwrite: true, Value: JSON.stringify(value) });
  });

  it('should treat a record already gone as removed, and rethrow other errors', async () => {
    // Prepare
    ssm.on(DeleteParameterCommand, { Name: `${PATH}/${ALICE}` }).rejects(serviceError('ParameterNotFound', 'gone', 400));
    ssm.on(DeleteParameterCommand, { Name: `${PATH}/${BOB}` }).rejects(serviceError('AccessDeniedException', 'denied', 400));

    // Act & Assess
    await expect(store().remove(ALICE)).resolves.toBeUndefined();
    await expect(store().remove(BOB)).rejects.toThrow('denied');
  });
});

describe('Function: mergeRecord', () => {
  it('should start a record from what was captured, absence included, when there is none', () => {
    expect(mergeRecord(undefined, { VOICE: { AutoAccept: true, PhoneNumber: null } }, 'me', { userId: ALICE, username: 'alice' }))
      .toEqual({ schema: 2, owner: 'me', userId: ALICE, username: 'alice', settings: { VOICE: { AutoAccept: true, PhoneNumber: null } } });
  });

  it('should keep what is on record, absence included, and add only settings it did not capture, under the new owner', () => {
    // Prepare
    const existing = record(ALICE, 'old', { VOICE: { AutoAccept: true, PhoneNumber: null }, CHAT: { AfterContactWorkTimeLimit: 90 } }) as never;

    // Act
    const merged = mergeRecord(existing, { VOICE: { AutoAccept: false, PhoneNumber: DESK_PHONE, AfterContactWorkTimeLimit: 30 }, CHAT: { AfterContactWorkTimeLimit: 60, AutoAccept: false }, TASK: { AutoAccept: true } }, 'new', { userId: ALICE });

    // Assess
    expect(merged).toEqual(record(ALICE, 'new', {
      VOICE: { AutoAccept: true, PhoneNumber: null, AfterContactWorkTimeLimit: 30 },
      CHAT: { AfterContactWorkTimeLimit: 90, AutoAccept: false },
      TASK: { AutoAccept: true },
    }));
  });
});

describe('Function: keepOriginals', () => {
  const OWNER = ownerOf(STACK_ID, 'resource');

  it('should save a record before the first write only, and not again when nothing new is captured', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const hooks = await keepOriginals(new OriginalsStore(new SSMClient({}), STACK_ID, INSTANCE_ID), OWNER, () => undefined);
    const live = { UserId: ALICE, PhoneConfig: { AutoAccept: true }, Channels: {}, source: 'DescribeUser' } as unknown as Parameters<typeof hooks.beforeWrite>[1];

    // Act
    await hooks.beforeWrite({ VOICE: { AutoAccept: false } }, live, { userId: ALICE, changes: [] });
    await hooks.beforeWrite({ VOICE: { AutoAccept: false } }, { ...live, PhoneConfig: { AutoAccept: false } }, { userId: ALICE, changes: [] });

    // Assess
    expect(saved()).toEqual([{ Name: `${PATH}/${ALICE}`, record: record(ALICE, OWNER, { VOICE: { AutoAccept: true } }) }]);
  });

  it('should claim only records another resource owns, and create none for users without one', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [parameter(ALICE, OTHER_OWNER, {}), parameter(BOB, OWNER, {})] });
    ssm.on(PutParameterCommand).resolves({ Version: 2 });
    const hooks = await keepOriginals(new OriginalsStore(new SSMClient({}), STACK_ID, INSTANCE_ID), OWNER, () => undefined);
    const live = (id: string) => ({ UserId: id, PhoneConfig: {}, Channels: {}, source: 'DescribeUser' }) as unknown as Parameters<typeof hooks.claim>[0];

    // Act
    await hooks.claim(live(ALICE));
    await hooks.claim(live(BOB));
    await hooks.claim(live(userId(3)));

    // Assess
    expect(saved()).toEqual([{ Name: `${PATH}/${ALICE}`, record: record(ALICE, OWNER, {}) }]);
  });
});

describe('Function: reconcile with the restore removal policy', () => {
  const PROPS = (users: Record<string, unknown>[]) => resourceProps(users, { RemovalPolicy: 'restore', WritesPerSecond: 100 });

  it('should save the original before the write that changes it', async () => {
    // Prepare
    const order: string[] = [];
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE, AutoAccept: true }) });
    connect.on(UpdateUserPhoneConfigCommand).callsFake(() => { order.push('UpdateUserPhoneConfig'); return {}; });
    ssm.on(GetParametersByPathCommand).callsFake(() => { order.push('GetParametersByPath'); return { Parameters: [] }; });
    ssm.on(PutParameterCommand).callsFake(() => { order.push('PutParameter'); return { Version: 1 }; });

    // Act
    const response = await onEvent(createEvent(PROPS([{ UserId: ALICE, PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false } }])), fakeContext());

    // Assess
    expect(order).toEqual(['GetParametersByPath', 'PutParameter', 'UpdateUserPhoneConfig']);
    expect(saved()).toEqual([{
      Name: `${PATH}/${ALICE}`,
      record: { ...record(ALICE, ownerOf(STACK_ID, response.PhysicalResourceId as string), { VOICE: { PhoneType: 'DESK_PHONE', AutoAccept: true } }), username: 'agent-0001' },
    }]);
  });

  it('should not write a user whose original cannot be saved', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
    ssm.on(PutParameterCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform ssm:PutParameter', 400));

    // Act & Assess
    await expect(onEvent(createEvent(PROPS([{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }])), fakeContext())).rejects.toThrow(/original settings could not be recorded/);
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
  });

  it('should claim an unchanged user for the new resource after a replacement, without writing it', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, AutoAccept: false }) });
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [parameter(ALICE, OTHER_OWNER, { VOICE: { AutoAccept: true } })] });
    ssm.on(PutParameterCommand).resolves({ Version: 2 });
    const users = [{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }];

    // Act
    const response = await onEvent(updateEvent(PROPS(users), PROPS([...users, { UserId: BOB, PhoneConfig: { AutoAccept: false } }]), `${INSTANCE_ID}/old`), fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Summary: '1 user: 0 changed, 1 unchanged' });
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
    expect(saved()).toEqual([{
      Name: `${PATH}/${ALICE}`,
      record: record(ALICE, ownerOf(STACK_ID, response.PhysicalResourceId as string), { VOICE: { AutoAccept: true } }),
    }]);
  });

  it('should neither save nor claim when planning (dryRun)', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    connect.on(DescribeUserCommand, { UserId: BOB }).resolves({ User: describedUser(BOB, { ...SOFT_PHONE_LIVE, AutoAccept: false }) });
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [parameter(BOB, OTHER_OWNER, {})] });
    const originals = await keepOriginals(new OriginalsStore(new SSMClient({}), STACK_ID, INSTANCE_ID), OWNER_A, () => undefined);
    const api = new ConnectApi(new ConnectClient({}), INSTANCE_ID, UNPACED_RATES);

    // Act
    const result = await reconcile(
      { instanceId: INSTANCE_ID, users: declared([{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }, { UserId: BOB, PhoneConfig: { AutoAccept: false } }]), perChannelWrites: false, skipMissingUsers: false, dryRun: true },
      { api, logger: createLogger({ sink: () => undefined }), deadline: Date.now() + 60_000, originals },
    );

    // Assess
    expect(result.outcomes.map((o) => o.status)).toEqual(['planned', 'unchanged']);
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
  });

  it('should record nothing with the retain policy, and go on when the records may not be read', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    connect.on(UpdateUserPhoneConfigCommand).resolves({});
    ssm.on(GetParametersByPathCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));

    // Act
    await onEvent(createEvent(resourceProps([{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }], { WritesPerSecond: 100 })), fakeContext());

    // Assess
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1);
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });

  it('should take over, with the retain policy, the record another resource would restore the user from', async () => {
    // Prepare: a replaced restore resource owns ALICE's record
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    connect.on(UpdateUserPhoneConfigCommand).resolves({});
    const previous = record(ALICE, ownerOf(STACK_ID, 'old-id'), { VOICE: { AutoAccept: true } });
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: `${PATH}/${ALICE}`, Value: JSON.stringify(previous) }] });
    ssm.on(PutParameterCommand).resolves({});

    // Act: a retain resource of the same stack (every resource reaches the stack's records)
    await onEvent(createEvent(resourceProps([{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }], { WritesPerSecond: 100 })), fakeContext());

    // Assess: the record now names this resource, whose Delete restores nothing
    const put = ssm.commandCalls(PutParameterCommand)[0]?.args[0].input;
    expect(JSON.parse(String(put?.Value)).owner).not.toBe(previous.owner);
    expect(JSON.parse(String(put?.Value)).settings).toEqual(previous.settings);
  });
});
