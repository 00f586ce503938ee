import { ConnectClient, DescribeUserCommand, UpdateUserPhoneConfigCommand } from '@aws-sdk/client-connect';
import { DeleteParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectApi } from '../../lambda/connect-api';
import { onEvent } from '../../lambda/index';
import { createLogger } from '../../lambda/logger';
import { keepOriginals } from '../../lambda/originals-keeper';
import { OriginalsStore, mergeOriginal, ownerOf } from '../../lambda/originals-store';
import { reconcile } from '../../lambda/reconcile';
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
} from '../fixtures/events';
import { handlerEnv, strictConnect, strictSsm } from '../fixtures/handler-mocks';
import { captureStdout } from '../fixtures/logs';

const connect = mockClient(ConnectClient);
const ssm = mockClient(SSMClient);

const ALICE = userId(1);
const BOB = userId(2);
const PATH = `/cdk-connect-phone-config/${INSTANCE_ID}`;
const STACK_ID = createEvent(resourceProps([])).StackId;
const OTHER_OWNER = ownerOf(STACK_ID, `${INSTANCE_ID}/id:old`);
const FAST = { DescribeUser: 100, SearchUsers: 100, UpdateUserPhoneConfig: 100, UpdateUserConfig: 100 };

function parameter(user: string, owner: string, original: unknown): { Name: string; Value: string; Type: 'SecureString' } {
  return { Name: `${PATH}/${user}`, Value: JSON.stringify({ owner, original }), Type: 'SecureString' };
}

function saved(): { Name?: string; record: { owner: string; original: unknown } }[] {
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
  const store = () => new OriginalsStore(new SSMClient({}), INSTANCE_ID);

  it('should load every page of the instance\'s path, decrypted, by user id', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand, { Path: PATH, NextToken: undefined }).resolves({ Parameters: [parameter(ALICE, 'a', { UserId: ALICE })], NextToken: 'page2' });
    ssm.on(GetParametersByPathCommand, { Path: PATH, NextToken: 'page2' }).resolves({ Parameters: [parameter(BOB, 'b', { UserId: BOB })] });

    // Act
    const records = await store().load();

    // Assess
    expect([...records]).toEqual([[ALICE, { owner: 'a', original: { UserId: ALICE } }], [BOB, { owner: 'b', original: { UserId: BOB } }]]);
    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 2);
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: PATH, Recursive: false, WithDecryption: true });
  });

  it('should save a record as an overwritable SecureString named by instance and user', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const record = { owner: 'o', original: { UserId: ALICE, PhoneConfig: { DeskPhoneNumber: DESK_PHONE } } };

    // Act
    await store().save(ALICE, record);

    // Assess
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: `${PATH}/${ALICE}`, Type: 'SecureString', Overwrite: true, Value: JSON.stringify(record) });
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

describe('Function: mergeOriginal', () => {
  it('should start a record from what was captured when there is none', () => {
    expect(mergeOriginal(undefined, { UserId: ALICE, PhoneConfig: { AutoAccept: true } }, 'me')).toEqual({ owner: 'me', original: { UserId: ALICE, PhoneConfig: { AutoAccept: true } } });
  });

  it('should keep what is on record and add only settings it did not capture, under the new owner', () => {
    // Prepare
    const existing = { owner: 'old', original: { UserId: ALICE, PhoneConfig: { AutoAccept: true }, Channels: [{ Channel: 'CHAT' as const, AfterContactWorkTimeLimit: 90 }] } };
    const captured = { UserId: ALICE, PhoneConfig: { AutoAccept: false, AfterContactWorkTimeLimit: 30 }, Channels: [{ Channel: 'CHAT' as const, AfterContactWorkTimeLimit: 60, AutoAccept: false }, { Channel: 'TASK' as const, AutoAccept: true }] };

    // Act
    const merged = mergeOriginal(existing, captured, 'new');

    // Assess
    expect(merged).toEqual({
      owner: 'new',
      original: {
        UserId: ALICE,
        PhoneConfig: { AutoAccept: true, AfterContactWorkTimeLimit: 30 },
        Channels: [{ Channel: 'CHAT', AfterContactWorkTimeLimit: 90, AutoAccept: false }, { Channel: 'TASK', AutoAccept: true }],
      },
    });
  });
});

describe('Function: keepOriginals', () => {
  const OWNER = 'stack|resource';

  it('should save a record before the first write only, and not again when nothing new is captured', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const hooks = await keepOriginals(new OriginalsStore(new SSMClient({}), INSTANCE_ID), OWNER);
    const live = { UserId: ALICE, PhoneConfig: { AutoAccept: true }, Channels: {}, source: 'DescribeUser' } as unknown as Parameters<typeof hooks.beforeWrite>[1];

    // Act
    await hooks.beforeWrite({ UserId: ALICE, PhoneConfig: { AutoAccept: false } }, live);
    await hooks.beforeWrite({ UserId: ALICE, PhoneConfig: { AutoAccept: false } }, { ...live, PhoneConfig: { AutoAccept: false } });

    // Assess
    expect(saved()).toEqual([{ Name: `${PATH}/${ALICE}`, record: { owner: OWNER, original: { UserId: ALICE, PhoneConfig: { AutoAccept: true } } } }]);
  });

  it('should claim only records another resource owns, and create none for users without one', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [parameter(ALICE, OTHER_OWNER, { UserId: ALICE }), parameter(BOB, OWNER, { UserId: BOB })] });
    ssm.on(PutParameterCommand).resolves({ Version: 2 });
    const hooks = await keepOriginals(new OriginalsStore(new SSMClient({}), INSTANCE_ID), OWNER);
    const live = (id: string) => ({ UserId: id, PhoneConfig: {}, Channels: {}, source: 'DescribeUser' }) as unknown as Parameters<typeof hooks.claim>[0];

    // Act
    await hooks.claim(live(ALICE));
    await hooks.claim(live(BOB));
    await hooks.claim(live(userId(3)));

    // Assess
    expect(saved()).toEqual([{ Name: `${PATH}/${ALICE}`, record: { owner: OWNER, original: { UserId: ALICE } } }]);
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
      record: { owner: ownerOf(STACK_ID, response.PhysicalResourceId as string), original: { UserId: ALICE, PhoneConfig: { PhoneType: 'DESK_PHONE', AutoAccept: true } } },
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
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [parameter(ALICE, OTHER_OWNER, { UserId: ALICE, PhoneConfig: { AutoAccept: true } })] });
    ssm.on(PutParameterCommand).resolves({ Version: 2 });
    const users = [{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }];

    // Act
    const response = await onEvent(updateEvent(PROPS(users), PROPS([...users, { UserId: BOB, PhoneConfig: { AutoAccept: false } }]), `${INSTANCE_ID}/old`), fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Summary: '1 user: 0 changed, 1 unchanged' });
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
    expect(saved()).toEqual([{
      Name: `${PATH}/${ALICE}`,
      record: { owner: ownerOf(STACK_ID, response.PhysicalResourceId as string), original: { UserId: ALICE, PhoneConfig: { AutoAccept: true } } },
    }]);
  });

  it('should neither save nor claim when planning (dryRun)', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    connect.on(DescribeUserCommand, { UserId: BOB }).resolves({ User: describedUser(BOB, { ...SOFT_PHONE_LIVE, AutoAccept: false }) });
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [parameter(BOB, OTHER_OWNER, { UserId: BOB })] });
    const originals = await keepOriginals(new OriginalsStore(new SSMClient({}), INSTANCE_ID), 'me');
    const api = new ConnectApi(new ConnectClient({}), INSTANCE_ID, FAST);

    // Act
    const result = await reconcile(
      { instanceId: INSTANCE_ID, users: [{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }, { UserId: BOB, PhoneConfig: { AutoAccept: false } }], perChannelWrites: false, skipMissingUsers: false, dryRun: true },
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
    const record = { owner: 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/1|old-id', original: { UserId: ALICE, PhoneConfig: { AutoAccept: true } } };
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: `/cdk-connect-phone-config/${INSTANCE_ID}/${ALICE}`, Value: JSON.stringify(record) }] });
    ssm.on(PutParameterCommand).resolves({});

    // Act: a retain resource in a stack that has the restore policy on the instance
    await onEvent(createEvent(resourceProps([{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }], { WritesPerSecond: 100, OriginalsAccess: true })), fakeContext());

    // Assess: the record now names this resource, whose Delete restores nothing
    const put = ssm.commandCalls(PutParameterCommand)[0]?.args[0].input;
    expect(JSON.parse(String(put?.Value)).owner).not.toBe(record.owner);
    expect(JSON.parse(String(put?.Value)).original).toEqual(record.original);
  });
});
