import {
  ConnectClient,
  DescribeUserCommand,
  UpdateUserPhoneConfigCommand,
} from '@aws-sdk/client-connect';
import { DeleteParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../../lambda/index';
import { ownerOf } from '../../../lib/engine/originals-store';
import {
  DESK_PHONE,
  INSTANCE_ID,
  SOFT_PHONE_LIVE,
  createEvent,
  deleteEvent,
  describedUser,
  fakeContext,
  resourceProps,
  serviceError,
  userId,
} from '../../fixtures/events';
import { handlerEnv, strictConnect, strictSsm } from '../../fixtures/handler-mocks';
import { captureStdout, jsonEntries } from '../../fixtures/logs';

const connect = mockClient(ConnectClient);
const ssm = mockClient(SSMClient);

const ALICE = userId(1);
const BOB = userId(2);
const PHYSICAL_ID = `${INSTANCE_ID}/users-2-0123456789abcdef0123`;
const STACK_ID = createEvent(resourceProps([])).StackId;
const OWNER = ownerOf(STACK_ID, PHYSICAL_ID);
const PATH = `/cdk-connect-phone-config/test-stack/${INSTANCE_ID}`;

/** What ALICE had before the stack: a desk phone with auto-accept on. */
const ALICE_ORIGINAL = { VOICE: { PhoneType: 'DESK_PHONE', PhoneNumber: DESK_PHONE, AutoAccept: true } };
/** What the stack gave her. */
const ALICE_DECLARED = { ...SOFT_PHONE_LIVE, PhoneType: 'SOFT_PHONE' as const, DeskPhoneNumber: DESK_PHONE, AutoAccept: false };

let logLines: string[] = [];

function restoreProps(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return resourceProps([{ UserId: ALICE, PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false } }], { RemovalPolicy: 'restore', WritesPerSecond: 100, ...extra });
}

function parameter(user: string, owner: string, settings: unknown): { Name: string; Value: string; Type: 'SecureString' } {
  return { Name: `${PATH}/${user}`, Value: JSON.stringify({ schema: 2, owner, userId: user, settings }), Type: 'SecureString' };
}

function givenRecords(...parameters: ReturnType<typeof parameter>[]): void {
  ssm.on(GetParametersByPathCommand, { Path: PATH }).resolves({ Parameters: parameters });
}

function logged(): Record<string, unknown>[] {
  return jsonEntries(logLines);
}

describe('Function: onDelete (restore removal policy)', () => {
  beforeEach(() => {
    handlerEnv();
    strictConnect(connect);
    strictSsm(ssm);
    logLines = captureStdout();
  });

  afterEach(() => jest.restoreAllMocks());

  it('should restore the users this resource owns, drop their records and leave other owners\' records alone', async () => {
    // Prepare
    givenRecords(parameter(ALICE, OWNER, ALICE_ORIGINAL), parameter(BOB, ownerOf(STACK_ID, `${INSTANCE_ID}/id:${BOB}`), { VOICE: { AutoAccept: true } }));
    connect.on(DescribeUserCommand, { InstanceId: INSTANCE_ID, UserId: ALICE }).resolves({ User: describedUser(ALICE, ALICE_DECLARED) });
    connect.on(UpdateUserPhoneConfigCommand, { InstanceId: INSTANCE_ID, UserId: ALICE }).resolves({});
    ssm.on(DeleteParameterCommand, { Name: `${PATH}/${ALICE}` }).resolves({});

    // Act
    const response = await onEvent(deleteEvent(restoreProps(), PHYSICAL_ID), fakeContext());

    // Assess
    expect(connect).toHaveReceivedCommandWith(UpdateUserPhoneConfigCommand, {
      InstanceId: INSTANCE_ID, UserId: ALICE, PhoneConfig: { ...ALICE_DECLARED, PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE, AutoAccept: true },
    });
    expect(connect).not.toHaveReceivedCommandWith(DescribeUserCommand, { UserId: BOB });
    expect(ssm).toHaveReceivedCommandTimes(DeleteParameterCommand, 1);
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { Summary: '1 user: 1 changed, 0 unchanged', Converged: 'true' } });
    expect(logLines.join('')).not.toContain(DESK_PHONE);
  });

  it('should drop the record of a user that no longer exists and succeed with a note', async () => {
    // Prepare
    givenRecords(parameter(ALICE, OWNER, ALICE_ORIGINAL));
    connect.on(DescribeUserCommand, { UserId: ALICE }).rejects(serviceError('ResourceNotFoundException', 'User not found', 404));
    ssm.on(DeleteParameterCommand, { Name: `${PATH}/${ALICE}` }).resolves({});

    // Act
    const response = await onEvent(deleteEvent(restoreProps(), PHYSICAL_ID), fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Summary: '1 user: 0 changed, 0 unchanged, 1 gone', Converged: 'true' });
    expect(ssm).toHaveReceivedCommandWith(DeleteParameterCommand, { Name: `${PATH}/${ALICE}` });
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
    expect(logged()).toContainEqual(expect.objectContaining({ message: 'user gone', userId: ALICE, status: 'gone' }));
  });

  it('should drop the record without a write when the user already has its original settings', async () => {
    // Prepare
    givenRecords(parameter(ALICE, OWNER, ALICE_ORIGINAL));
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...ALICE_DECLARED, PhoneType: 'DESK_PHONE', AutoAccept: true }) });
    ssm.on(DeleteParameterCommand).resolves({});

    // Act
    const response = await onEvent(deleteEvent(restoreProps(), PHYSICAL_ID), fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Summary: '1 user: 0 changed, 1 unchanged', Converged: 'true' });
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
    expect(ssm).toHaveReceivedCommandTimes(DeleteParameterCommand, 1);
  });

  it('should report Converged "false" when throttled, and isComplete should continue until restored', async () => {
    // Prepare
    givenRecords(parameter(ALICE, OWNER, ALICE_ORIGINAL));
    // Throttled on every attempt of the first pass (8), then answered.
    let reads = 0;
    connect.on(DescribeUserCommand, { UserId: ALICE }).callsFake(() => {
      reads++;
      if (reads <= 8) throw serviceError('ThrottlingException', 'Rate exceeded', 429);
      return { User: describedUser(ALICE, ALICE_DECLARED) };
    });
    connect.on(UpdateUserPhoneConfigCommand, { UserId: ALICE }).resolves({});
    ssm.on(DeleteParameterCommand).resolves({});
    const event = deleteEvent(restoreProps(), PHYSICAL_ID);

    // Act
    const response = await onEvent(event, fakeContext());
    const poll = await isComplete({ ...event, ...response }, fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Converged: 'false' });
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1);
    expect(poll).toEqual({ IsComplete: true, Data: expect.objectContaining({ Converged: 'true', Summary: '1 user: 1 changed, 0 unchanged' }) });
    expect(ssm).toHaveReceivedCommandTimes(DeleteParameterCommand, 1);
  });

  it('should report Converged "false" when the records cannot be read for throttling', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded', 400));

    // Act
    const response = await onEvent(deleteEvent(restoreProps(), PHYSICAL_ID), fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Converged: 'false' });
    expect(connect.calls()).toHaveLength(0);
  });

  it('should keep the record and succeed when the service refuses the restore', async () => {
    // Prepare
    givenRecords(parameter(ALICE, OWNER, ALICE_ORIGINAL));
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, ALICE_DECLARED) });
    connect.on(UpdateUserPhoneConfigCommand).rejects(serviceError('InvalidParameterException', `bad number ${DESK_PHONE}`, 400));

    // Act
    const response = await onEvent(deleteEvent(restoreProps(), PHYSICAL_ID), fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Summary: '1 user: 0 changed, 0 unchanged, 1 failed', Converged: 'true' });
    expect(ssm).not.toHaveReceivedCommand(DeleteParameterCommand);
    expect(logLines.join('')).not.toContain(DESK_PHONE);
  });

  it('should succeed without any call when the properties cannot be parsed', async () => {
    // Act
    const response = await onEvent(deleteEvent({ ServiceToken: 'x', RemovalPolicy: 'restore', InstanceArn: 'not-an-arn', Users: 'garbage' }, PHYSICAL_ID), fakeContext());

    // Assess
    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(connect.calls()).toHaveLength(0);
    expect(ssm.calls()).toHaveLength(0);
  });

  it('should succeed without any call when the removal policy is retain (the default)', async () => {
    // Act
    const response = await onEvent(deleteEvent(resourceProps([{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }]), PHYSICAL_ID), fakeContext());

    // Assess
    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(connect.calls()).toHaveLength(0);
    expect(ssm.calls()).toHaveLength(0);
  });

  it('should succeed, leaving users as they are, when reading the records fails for good', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand).rejects(serviceError('AccessDeniedException', 'not authorized', 400));

    // Act
    const response = await onEvent(deleteEvent(restoreProps(), PHYSICAL_ID), fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Converged: 'true' });
    expect(connect.calls()).toHaveLength(0);
  });

  it('should succeed when dropping a record fails after the user was restored', async () => {
    // Prepare
    givenRecords(parameter(ALICE, OWNER, ALICE_ORIGINAL));
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, ALICE_DECLARED) });
    connect.on(UpdateUserPhoneConfigCommand).resolves({});
    ssm.on(DeleteParameterCommand).rejects(serviceError('AccessDeniedException', 'not authorized', 400));

    // Act
    const response = await onEvent(deleteEvent(restoreProps(), PHYSICAL_ID), fakeContext());

    // Assess
    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { Summary: '1 user: 1 changed, 0 unchanged', Converged: 'true' } });
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1);
    expect(logged()).toContainEqual(expect.objectContaining({ level: 'WARN', userId: ALICE, message: expect.stringContaining('could not be deleted') }));
  });

  it('should leave the user pending when dropping its record is throttled, and drop it on the next poll', async () => {
    // Prepare
    givenRecords(parameter(ALICE, OWNER, ALICE_ORIGINAL));
    connect.on(DescribeUserCommand, { UserId: ALICE })
      .resolvesOnce({ User: describedUser(ALICE, ALICE_DECLARED) })
      .resolves({ User: describedUser(ALICE, { ...ALICE_DECLARED, PhoneType: 'DESK_PHONE', AutoAccept: true }) });
    connect.on(UpdateUserPhoneConfigCommand).resolves({});
    ssm.on(DeleteParameterCommand).rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded', 400)).resolves({});
    const event = deleteEvent(restoreProps(), PHYSICAL_ID);

    // Act
    const response = await onEvent(event, fakeContext());
    const poll = await isComplete({ ...event, ...response }, fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Converged: 'false' });
    expect(poll).toEqual({ IsComplete: true, Data: expect.objectContaining({ Converged: 'true', Summary: '1 user: 0 changed, 1 unchanged' }) });
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1);
    expect(ssm).toHaveReceivedCommandTimes(DeleteParameterCommand, 2);
  });

  it('should read the records of the resource\'s instance, decrypted, and call nothing else when there are none', async () => {
    // Prepare
    givenRecords();

    // Act
    const response = await onEvent(deleteEvent(restoreProps(), PHYSICAL_ID), fakeContext());

    // Assess
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: PATH, Recursive: false, WithDecryption: true });
    expect(connect.calls()).toHaveLength(0);
    expect(response.Data).toMatchObject({ Converged: 'true', Summary: '0 users: 0 changed, 0 unchanged' });
  });

  it('should read each owned user with DescribeUser, never SearchUsers, however many it restores', async () => {
    // Prepare: more users than one DescribeUser each would serve a declaration (the Delete's
    // policy may be a newer one that grants no SearchUsers).
    const ids = Array.from({ length: 12 }, (_, i) => userId(i + 1));
    givenRecords(...ids.map((id) => parameter(id, OWNER, { VOICE: { AutoAccept: true } })));
    for (const id of ids) connect.on(DescribeUserCommand, { UserId: id }).resolves({ User: describedUser(id, { ...SOFT_PHONE_LIVE, AutoAccept: false }) });
    connect.on(UpdateUserPhoneConfigCommand).resolves({});
    ssm.on(DeleteParameterCommand).resolves({});

    // Act
    const response = await onEvent(deleteEvent(restoreProps(), PHYSICAL_ID), fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Converged: 'true', Summary: '12 users: 12 changed, 0 unchanged' });
    expect(connect).toHaveReceivedCommandTimes(DescribeUserCommand, 12);
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 12);
    expect(ssm).toHaveReceivedCommandTimes(DeleteParameterCommand, 12);
  });
});
