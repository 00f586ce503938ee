import { ConnectClient, DescribeUserCommand, UpdateUserPhoneConfigCommand } from '@aws-sdk/client-connect';
import { GetObjectCommand, GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { ScheduledRun, onSchedule } from '../../../lambda/index';
import { METRIC_NAMESPACE, emfLine } from '../../../lib/engine/metrics';
import { DESK_PHONE, INSTANCE_ARN, INSTANCE_ID, OTHER_DESK_PHONE, SOFT_PHONE_LIVE, describedUser, fakeContext, serviceError, userId } from '../../fixtures/events';
import { handlerEnv, strictConnect, strictS3, strictSsm } from '../../fixtures/handler-mocks';
import { captureStdout, jsonEntries } from '../../fixtures/logs';

const connect = mockClient(ConnectClient);
const s3 = mockClient(S3Client);
const ssm = mockClient(SSMClient);

const ALICE = userId(1);
const BOB = userId(2);
const RESOURCE_PATH = 'Stack/Agents';

let logLines: string[] = [];

/** The rule's input: properties as the construct resolved them (typed, not string-typed), no nonce. */
function scheduledRun(users: Record<string, unknown>[], extra: Record<string, unknown> = {}): ScheduledRun {
  return { ResourceProperties: { Version: '1', InstanceArn: INSTANCE_ARN, Users: users, PerChannelWrites: false, WritesPerSecond: 100, ...extra }, ResourcePath: RESOURCE_PATH };
}

function entries(): Record<string, unknown>[] {
  return jsonEntries(logLines);
}

function emf(): Record<string, unknown>[] {
  return entries().filter((e) => e._aws !== undefined);
}

describe('Function: onSchedule', () => {
  beforeEach(() => {
    handlerEnv();
    strictConnect(connect);
    strictS3(s3);
    strictSsm(ssm);
    logLines = captureStdout();
  });

  afterEach(() => jest.restoreAllMocks());

  it('should write only the drifted user, log it once and report CorrectedUsers 1 as EMF', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE, AutoAccept: true }) });
    connect.on(DescribeUserCommand, { UserId: BOB }).resolves({ User: describedUser(BOB, SOFT_PHONE_LIVE) });
    connect.on(UpdateUserPhoneConfigCommand, { UserId: ALICE }).resolves({});

    // Act
    const result = await onSchedule(scheduledRun([
      { UserId: ALICE, PhoneConfig: { DeskPhoneNumber: OTHER_DESK_PHONE, AutoAccept: false } },
      { UserId: BOB, PhoneConfig: { AutoAccept: false } },
    ]), fakeContext());

    // Assess
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1);
    expect(connect).toHaveReceivedCommandWith(UpdateUserPhoneConfigCommand, { InstanceId: INSTANCE_ID, UserId: ALICE });
    expect(result).toEqual({ summary: '2 users: 1 changed, 1 unchanged' });
    expect(entries().filter((e) => e.message === 'drift corrected')).toEqual([expect.objectContaining({ userId: ALICE, resource: RESOURCE_PATH, level: 'INFO' })]);
    expect(emf()).toEqual([{
      _aws: { Timestamp: expect.any(Number), CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [['Resource']], Metrics: [
        { Name: 'CorrectedUsers', Unit: 'Count' }, { Name: 'FailedUsers', Unit: 'Count' }, { Name: 'PendingUsers', Unit: 'Count' }, { Name: 'GoneUsers', Unit: 'Count' },
      ] }] },
      Resource: RESOURCE_PATH,
      CorrectedUsers: 1,
      FailedUsers: 0,
      GoneUsers: 0,
      PendingUsers: 0,
    }]);
    const all = logLines.join('');
    for (const number of [DESK_PHONE, OTHER_DESK_PHONE]) {
      expect(all).not.toContain(number);
      expect(all).not.toContain(number.slice(1));
    }
  });

  it('should write nothing and report CorrectedUsers 0 when nobody drifted', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: BOB }).resolves({ User: describedUser(BOB, SOFT_PHONE_LIVE) });

    // Act
    await onSchedule(scheduledRun([{ UserId: BOB, PhoneConfig: { AutoAccept: false } }]), fakeContext());

    // Assess
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
    expect(entries().filter((e) => e.message === 'drift corrected')).toEqual([]);
    expect(emf()).toEqual([expect.objectContaining({ CorrectedUsers: 0, FailedUsers: 0, PendingUsers: 0, Resource: RESOURCE_PATH })]);
  });

  it('should accept the string-typed properties of a custom resource too', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: BOB }).resolves({ User: describedUser(BOB, { ...SOFT_PHONE_LIVE, AfterContactWorkTimeLimit: 30 }, { legacyView: true }) });
    connect.on(UpdateUserPhoneConfigCommand).resolves({});

    // Act
    await onSchedule(scheduledRun([{ UserId: BOB, PhoneConfig: { AfterContactWorkTimeLimit: '0' } }], { PerChannelWrites: 'false', WritesPerSecond: '100' }), fakeContext());

    // Assess
    expect(connect).toHaveReceivedCommandWith(UpdateUserPhoneConfigCommand, { PhoneConfig: expect.objectContaining({ AfterContactWorkTimeLimit: 0 }) });
  });

  it('should log and report the failed user as EMF, then throw', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    connect.on(DescribeUserCommand, { UserId: BOB }).resolves({ User: describedUser(BOB, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    connect.on(UpdateUserPhoneConfigCommand, { UserId: ALICE }).rejects(serviceError('InvalidParameterException', `rejected ${DESK_PHONE}`, 400));
    connect.on(UpdateUserPhoneConfigCommand, { UserId: BOB }).resolves({});

    // Act
    const run = onSchedule(scheduledRun([{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }, { UserId: BOB, PhoneConfig: { AutoAccept: false } }]), fakeContext());

    // Assess
    await expect(run).rejects.toMatchObject({ name: 'ReconcileFailedError', message: expect.stringContaining(ALICE) });
    expect(emf()).toEqual([expect.objectContaining({ CorrectedUsers: 1, FailedUsers: 1, PendingUsers: 0 })]);
    expect(entries()).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'user failed', userId: ALICE }));
    expect(entries().filter((e) => e.message === 'drift corrected').map((e) => e.userId)).toEqual([BOB]);
    expect(logLines.join('')).not.toContain(DESK_PHONE.slice(1));
  });

  it('should report a throttled user as pending, not failed, and not throw', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: ALICE }).resolves({ User: describedUser(ALICE, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    connect.on(UpdateUserPhoneConfigCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded', 429));

    // Act
    const result = await onSchedule(scheduledRun([{ UserId: ALICE, PhoneConfig: { AutoAccept: false } }]), fakeContext());

    // Assess
    expect(result.summary).toContain('pending');
    expect(emf()).toEqual([expect.objectContaining({ CorrectedUsers: 0, FailedUsers: 0, PendingUsers: 1 })]);
    expect(entries()).toContainEqual(expect.objectContaining({ level: 'WARN', message: expect.stringContaining('next scheduled run') }));
  });

  it('should read the users from the S3 desired-state object', async () => {
    // Prepare
    const body = JSON.stringify({ Users: [{ UserId: BOB, PhoneConfig: { AutoAccept: false } }] });
    s3.on(GetObjectCommand, { Bucket: 'assets', Key: 'desired.json' }).resolves({ Body: { transformToString: async () => body } } as unknown as GetObjectCommandOutput);
    connect.on(DescribeUserCommand, { UserId: BOB }).resolves({ User: describedUser(BOB, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    connect.on(UpdateUserPhoneConfigCommand).resolves({});

    // Act
    const properties = Object.fromEntries(Object.entries(scheduledRun([]).ResourceProperties).filter(([key]) => key !== 'Users'));
    await onSchedule({ ResourceProperties: { ...properties, DesiredStateObject: { Bucket: 'assets', Key: 'desired.json' } }, ResourcePath: RESOURCE_PATH }, fakeContext());

    // Assess
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 1);
    expect(connect).toHaveReceivedCommandWith(UpdateUserPhoneConfigCommand, { UserId: BOB });
    expect(emf()).toEqual([expect.objectContaining({ CorrectedUsers: 1 })]);
  });

  it('should throw on invalid properties before calling Connect', async () => {
    // Act & Assess
    await expect(onSchedule({ ResourceProperties: { Version: '1', InstanceArn: 'nope', Users: [] } }, fakeContext())).rejects.toThrow();
    expect(connect.calls()).toHaveLength(0);
  });
});

describe('Function: emfLine', () => {
  it('should name every metric with its unit under the dimension keys', () => {
    expect(JSON.parse(emfLine({ CorrectedUsers: 2 }, { Resource: 'S/A' }, 1_700_000_000_000))).toEqual({
      _aws: { Timestamp: 1_700_000_000_000, CloudWatchMetrics: [{ Namespace: 'ConnectPhoneConfig', Dimensions: [['Resource']], Metrics: [{ Name: 'CorrectedUsers', Unit: 'Count' }] }] },
      Resource: 'S/A',
      CorrectedUsers: 2,
    });
  });
});
