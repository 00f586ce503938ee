import {
  ConnectClient,
  DescribeUserCommand,
  SearchUsersCommand,
  SearchUsersCommandInput,
  UpdateUserConfigCommand,
  UpdateUserPhoneConfigCommand,
  UserSearchSummary,
} from '@aws-sdk/client-connect';
import { GetObjectCommand, GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_DATA_BYTES, MAX_RESPONSE_BYTES } from '../../lib/core/contract';
import { OnEventResponse, isComplete, onEvent } from '../../lambda/index';
import {
  DESK_PHONE,
  INSTANCE_ARN,
  ACCOUNT,
  INSTANCE_ID,
  LiveSettings,
  OTHER_DESK_PHONE,
  SOFT_PHONE_LIVE,
  createEvent,
  deleteEvent,
  describedUser,
  fakeContext,
  resourceProps,
  searchedUser,
  serviceError,
  updateEvent,
  userId,
} from '../fixtures/events';
import { SSMClient } from '@aws-sdk/client-ssm';
import { handlerEnv, noOriginals, strictConnect, strictS3 } from '../fixtures/handler-mocks';
import { captureStdout } from '../fixtures/logs';

const connect = mockClient(ConnectClient);
const s3 = mockClient(S3Client);
const ssm = mockClient(SSMClient);

// Retain resources look for restore records to take over; these tests have none.
beforeEach(() => noOriginals(ssm));

/** Every log line the handler writes during a test. */
let logLines: string[] = [];

const FAST = { WritesPerSecond: 100 };
const ID = userId(1);

function givenLive(id: string, phone: LiveSettings, options: Parameters<typeof describedUser>[2] = {}): void {
  connect.on(DescribeUserCommand, { InstanceId: INSTANCE_ID, UserId: id }).resolves({ User: describedUser(id, phone, { legacyView: options.channelAcw === undefined, ...options }) });
}

/** A SearchUsers that answers OR-ed exact conditions (or a scan) from `users`, like Connect. */
function givenSearchable(users: readonly UserSearchSummary[]): void {
  connect.on(SearchUsersCommand).callsFake((input: SearchUsersCommandInput) => {
    const criteria = input.SearchCriteria;
    const conditions = criteria === undefined ? undefined : (criteria.OrConditions ?? [criteria]).map((c) => c.StringCondition);
    const matches = conditions === undefined ? users : users.filter((u) => conditions.some((c) =>
      (c?.FieldName === 'resourceId' && c.Value === u.Id) || (c?.FieldName === 'Username' && c.Value === u.Username)));
    return { Users: [...matches] };
  });
}

function writesSucceed(): void {
  connect.on(UpdateUserPhoneConfigCommand).resolves({});
  connect.on(UpdateUserConfigCommand).resolves({});
}

function phoneConfigWrites(): { UserId?: string; PhoneConfig?: unknown }[] {
  return connect.commandCalls(UpdateUserPhoneConfigCommand).map((c) => c.args[0].input);
}

/** Runs a handler call under fake timers, advancing the clock until it settles. */
async function inFakeTime<T>(work: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  try {
    const promise = work();
    let settled = false;
    promise.then(() => { settled = true; }, () => { settled = true; });
    while (!settled) await jest.advanceTimersByTimeAsync(1000);
    return await promise;
  } finally {
    jest.useRealTimers();
  }
}

describe('Function: onEvent', () => {
  beforeEach(() => {
    handlerEnv();
    strictConnect(connect);
    strictS3(s3);
    logLines = captureStdout();
  });

  afterEach(() => jest.restoreAllMocks());

  it('should read the user and write the merged whole PhoneConfig when a declared setting drifted on Create', async () => {
    // Prepare
    givenLive(ID, { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE, AutoAccept: true, AfterContactWorkTimeLimit: 30, PersistentConnection: true });
    const merged = { PhoneType: 'DESK_PHONE' as const, DeskPhoneNumber: DESK_PHONE, AutoAccept: true, AfterContactWorkTimeLimit: 60, PersistentConnection: true };
    connect.on(UpdateUserPhoneConfigCommand, { InstanceId: INSTANCE_ID, UserId: ID, PhoneConfig: merged }).resolves({});

    // Act
    const response = await onEvent(createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 60 } }])), fakeContext());

    // Assess
    expect(connect.calls().map((c) => c.args[0].constructor.name)).toEqual(['DescribeUserCommand', 'UpdateUserPhoneConfigCommand']);
    expect(phoneConfigWrites()).toEqual([{ InstanceId: INSTANCE_ID, UserId: ID, PhoneConfig: merged }]);
    expect(response).toEqual({
      PhysicalResourceId: `${INSTANCE_ID}/id:${ID}`,
      Data: expect.objectContaining({ Summary: '1 user: 1 changed, 0 unchanged', ChangedUsers: ID, Changes: `agent-${ID.slice(-4)} (${ID}): VOICE.afterContactWorkTimeLimit: 30 -> 60`, Converged: 'true' }),
    });
  });

  it('should fail, calling nothing, when the instance is in another region or account than the handler', async () => {
    // Act
    const otherRegion = onEvent(createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AutoAccept: true } }], { InstanceArn: `arn:aws:connect:eu-west-1:${ACCOUNT}:instance/${INSTANCE_ID}` })), fakeContext());
    const otherAccount = onEvent(createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AutoAccept: true } }], { InstanceArn: `arn:aws:connect:us-east-1:999999999999:instance/${INSTANCE_ID}` })), fakeContext());

    // Assess
    await expect(otherRegion).rejects.toThrow('`instanceArn` is in region eu-west-1, but the stack (and its handler, which calls Connect in its own region) is in us-east-1.');
    await expect(otherAccount).rejects.toThrow(`\`instanceArn\` is in account 999999999999, but the stack is in ${ACCOUNT}`);
    expect(connect.calls()).toHaveLength(0);
  });

  it('should write nothing the second time when the same event is delivered twice', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { InstanceId: INSTANCE_ID, UserId: ID })
      .resolvesOnce({ User: describedUser(ID, SOFT_PHONE_LIVE) })
      .resolves({ User: describedUser(ID, { ...SOFT_PHONE_LIVE, AutoAccept: true }) });
    writesSucceed();
    const event = createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AutoAccept: true } }]));

    // Act
    const first = await onEvent(event, fakeContext());
    const second = await onEvent(event, fakeContext());

    // Assess
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1);
    expect(connect).toHaveReceivedCommandTimes(DescribeUserCommand, 2);
    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(second.Data).toMatchObject({ Summary: '1 user: 0 changed, 1 unchanged', ChangedUsers: '', Converged: 'true' });
  });

  it('should write typed 0 and false when the string-typed properties say "0" and "false"', async () => {
    // Prepare
    givenLive(ID, { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30, PersistentConnection: true });
    writesSucceed();
    const event = createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 0, AutoAccept: false, PersistentConnection: false } }], { WritesPerSecond: 50, SkipMissingUsers: false }));

    // Act
    await onEvent(event, fakeContext());

    // Assess
    expect(event.ResourceProperties.WritesPerSecond).toBe('50');
    expect(phoneConfigWrites()).toEqual([{
      InstanceId: INSTANCE_ID, UserId: ID, PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0, PersistentConnection: false },
    }]);
  });

  it('should write per-channel settings with UpdateUserConfig when perChannelWrites is "true"', async () => {
    // Prepare
    givenLive(ID, SOFT_PHONE_LIVE);
    connect.on(UpdateUserConfigCommand, { InstanceId: INSTANCE_ID, UserId: ID }).resolves({});

    // Act
    await onEvent(createEvent(resourceProps([{ UserId: ID, Channels: [{ Channel: 'CHAT', AfterContactWorkTimeLimit: 0 }] }], { PerChannelWrites: true })), fakeContext());

    // Assess
    expect(connect).toHaveReceivedCommandWith(UpdateUserConfigCommand, {
      InstanceId: INSTANCE_ID, UserId: ID, AfterContactWorkConfigs: [{ Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 0 } }],
    });
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
  });

  it('should return a new PhysicalResourceId when an Update changes the user id', async () => {
    // Prepare
    const NEW = userId(2);
    givenLive(NEW, SOFT_PHONE_LIVE);
    writesSucceed();
    const oldProps = resourceProps([{ UserId: ID, PhoneConfig: { AutoAccept: true } }]);

    // Act
    const response = await onEvent(updateEvent(resourceProps([{ UserId: NEW, PhoneConfig: { AutoAccept: true } }]), oldProps, `${INSTANCE_ID}/id:${ID}`), fakeContext());

    // Assess
    expect(response.PhysicalResourceId).toBe(`${INSTANCE_ID}/id:${NEW}`);
    expect(connect).toHaveReceivedCommandWith(UpdateUserPhoneConfigCommand, { UserId: NEW });
    expect(connect).not.toHaveReceivedCommandWith(DescribeUserCommand, { UserId: ID });
  });

  it('should keep the PhysicalResourceId when an Update keeps the same users', async () => {
    // Prepare
    givenLive(ID, SOFT_PHONE_LIVE);
    writesSucceed();
    const physicalId = `${INSTANCE_ID}/id:${ID}`;

    // Act
    const response = await onEvent(updateEvent(
      resourceProps([{ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 90 } }]),
      resourceProps([{ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 30 } }]),
      physicalId,
    ), fakeContext());

    // Assess
    expect(response.PhysicalResourceId).toBe(physicalId);
  });

  it('should write the old settings back when a rollback sends an Update with old and new swapped', async () => {
    // Prepare
    const applied = { UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 90, AutoAccept: true } };
    const previous = { UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 30, AutoAccept: false } };
    givenLive(ID, { ...SOFT_PHONE_LIVE, AfterContactWorkTimeLimit: 90, AutoAccept: true });
    writesSucceed();

    // Act
    await onEvent(updateEvent(resourceProps([previous]), resourceProps([applied]), `${INSTANCE_ID}/id:${ID}`), fakeContext());

    // Assess
    expect(phoneConfigWrites()).toEqual([{
      InstanceId: INSTANCE_ID, UserId: ID, PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30, PersistentConnection: false },
    }]);
  });

  it('should succeed without any Connect call when Delete carries garbage properties', async () => {
    // Prepare
    const event = deleteEvent({ ServiceToken: 'x', InstanceArn: 'not-an-arn', Users: 'garbage', Bogus: { a: 1 } }, `${INSTANCE_ID}/id:${ID}`);

    // Act
    const response = await onEvent(event, fakeContext());
    const poll = await isComplete({ ...event, ...response }, fakeContext());

    // Assess
    expect(response).toEqual({ PhysicalResourceId: `${INSTANCE_ID}/id:${ID}` });
    expect(poll).toEqual({ IsComplete: true });
    expect(connect).not.toHaveReceivedAnyCommand();
    expect(s3).not.toHaveReceivedAnyCommand();
  });

  it('should fail before any API call with a message naming the property when a property is bad', async () => {
    // Prepare
    const event = createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: '30s', PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+1 415 555 0123' } }]));

    // Act
    const act = onEvent(event, fakeContext());

    // Assess
    await expect(act).rejects.toThrow(/users\[0\] \(.*\): `afterContactWorkTimeLimit` is "30s" seconds/);
    await expect(act).rejects.toThrow(/`deskPhoneNumber` \(.*\) is not an E.164 number/);
    await expect(act).rejects.not.toThrow('415 555 0123');
    expect(connect).not.toHaveReceivedAnyCommand();
  });

  it('should fail with a message naming the instance and the user id when Create meets ResourceNotFoundException', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: ID }).rejects(serviceError('ResourceNotFoundException', 'User not found', 404));

    // Act
    const act = onEvent(createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AutoAccept: true } }])), fakeContext());

    // Assess
    await expect(act).rejects.toThrow(new RegExp(`user id ${ID} was not found in instance ${INSTANCE_ID}`));
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
  });

  it('should report a missing user instead of failing when skipMissingUsers is set', async () => {
    // Prepare
    const PRESENT = userId(2);
    connect.on(DescribeUserCommand, { UserId: ID }).rejects(serviceError('ResourceNotFoundException', 'User not found', 404));
    givenLive(PRESENT, SOFT_PHONE_LIVE);
    writesSucceed();

    // Act
    const response = await onEvent(createEvent(resourceProps([
      { UserId: ID, PhoneConfig: { AutoAccept: true } },
      { UserId: PRESENT, PhoneConfig: { AutoAccept: true } },
    ], { SkipMissingUsers: true, ...FAST })), fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Summary: '2 users: 1 changed, 0 unchanged, 1 skipped', SkippedUsers: `user id ${ID}`, ChangedUsers: PRESENT, Converged: 'true' });
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1);
  });

  it('should try a throttled write again through the rate limiter within the pass', async () => {
    // Prepare
    givenLive(ID, SOFT_PHONE_LIVE);
    connect.on(UpdateUserPhoneConfigCommand, { UserId: ID })
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded', 429))
      .rejectsOnce(serviceError('ThrottlingException', 'Rate exceeded', 429))
      .resolves({});
    const event = createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AutoAccept: true } }], FAST));

    // Act
    const response = await onEvent(event, fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ ChangedUsers: ID, Converged: 'true' });
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 3);
  });

  it('should converge over polls when a write is throttled on every attempt of a pass', async () => {
    // Prepare: 8 throttles (every attempt of the first pass), then success
    givenLive(ID, SOFT_PHONE_LIVE);
    let writes = 0;
    connect.on(UpdateUserPhoneConfigCommand, { UserId: ID }).callsFake(() => {
      writes++;
      if (writes <= 8) throw serviceError('ThrottlingException', 'Rate exceeded', 429);
      return {};
    });
    const event = createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AutoAccept: true } }], FAST));

    // Act
    const response = await onEvent(event, fakeContext());
    const poll = await isComplete({ ...event, ...response }, fakeContext());

    // Assess
    expect(response.Data).toMatchObject({ Converged: 'false' });
    expect(poll).toEqual({ IsComplete: true, Data: expect.objectContaining({ ChangedUsers: ID, Converged: 'true' }) });
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 9);
  });

  it('should search once with OR-ed ids and describe only the drifted users when 25 users are declared by id', async () => {
    // Prepare
    const ids = Array.from({ length: 25 }, (_, i) => userId(100 + i));
    const drifted = new Set([ids[3], ids[10], ids[24]]);
    givenSearchable(ids.map((id) => searchedUser(id, drifted.has(id) ? SOFT_PHONE_LIVE : { ...SOFT_PHONE_LIVE, AfterContactWorkTimeLimit: 45 })));
    for (const id of drifted) givenLive(id, SOFT_PHONE_LIVE);
    writesSucceed();

    // Act
    const response = await onEvent(createEvent(resourceProps(ids.map((id) => ({ UserId: id, PhoneConfig: { AfterContactWorkTimeLimit: 45 } })), FAST)), fakeContext());

    // Assess
    expect(connect).toHaveReceivedCommandTimes(SearchUsersCommand, 1);
    expect(connect).toHaveReceivedCommandWith(SearchUsersCommand, {
      SearchCriteria: { OrConditions: ids.map((id) => ({ StringCondition: { FieldName: 'resourceId', Value: id, ComparisonType: 'EXACT' } })) },
    });
    expect(connect.commandCalls(DescribeUserCommand).map((c) => c.args[0].input.UserId).sort()).toEqual([...drifted].sort());
    expect(phoneConfigWrites().map((w) => w.UserId).sort()).toEqual([...drifted].sort());
    expect(response.Data?.Summary).toBe('25 users: 3 changed, 22 unchanged');
  });

  it('should not write a user whose search result drifts only by the millisecond quirk when DescribeUser confirms it matches', async () => {
    // Prepare
    const ids = Array.from({ length: 11 }, (_, i) => userId(200 + i));
    givenSearchable(ids.map((id, i) => (i === 0
      ? { ...searchedUser(id, SOFT_PHONE_LIVE), PhoneConfig: { ...SOFT_PHONE_LIVE, AfterContactWorkTimeLimit: 45 } }
      : searchedUser(id, { ...SOFT_PHONE_LIVE, AfterContactWorkTimeLimit: 45 }))));
    givenLive(ids[0], { ...SOFT_PHONE_LIVE, AfterContactWorkTimeLimit: 45 });

    // Act
    const response = await onEvent(createEvent(resourceProps(ids.map((id) => ({ UserId: id, PhoneConfig: { AfterContactWorkTimeLimit: 45 } })))), fakeContext());

    // Assess
    expect(connect).toHaveReceivedCommandTimes(DescribeUserCommand, 1);
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
    expect(response.Data?.Summary).toBe('11 users: 0 changed, 11 unchanged');
  });

  it('should find users by exact Username and fail naming an unknown username', async () => {
    // Prepare
    givenSearchable([searchedUser(userId(1), SOFT_PHONE_LIVE, { username: 'alice' }), searchedUser(userId(2), SOFT_PHONE_LIVE, { username: 'bob' })]);
    givenLive(userId(1), SOFT_PHONE_LIVE, { username: 'alice' });
    writesSucceed();

    // Act
    const act = onEvent(createEvent(resourceProps([
      { Username: 'alice', PhoneConfig: { AutoAccept: true } },
      { Username: 'bob', PhoneConfig: { AutoAccept: false } },
      { Username: 'Carol', PhoneConfig: { AutoAccept: true } },
    ], FAST)), fakeContext());

    // Assess
    await expect(act).rejects.toThrow(new RegExp(`username Carol was not found in instance ${INSTANCE_ID}`));
    expect(connect).toHaveReceivedCommandWith(SearchUsersCommand, {
      SearchCriteria: { OrConditions: ['alice', 'bob', 'Carol'].map((Value) => ({ StringCondition: { FieldName: 'Username', Value, ComparisonType: 'EXACT' } })) },
    });
    expect(phoneConfigWrites().map((w) => w.UserId)).toEqual([userId(1)]);
  });

  it('should leave users pending instead of failing when SearchUsers is throttled', async () => {
    // Prepare
    connect.on(SearchUsersCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded', 429));
    const event = createEvent(resourceProps([{ Username: 'alice', PhoneConfig: { AutoAccept: true } }]));

    // Act
    const response = await onEvent(event, fakeContext());

    // Assess
    // Only what isComplete needs: the framework copies this Data into the final (even FAILED) response.
    expect(response.Data).toEqual({ Converged: 'false', Deadline: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), FirstPassChanged: '0' });
    expect(connect).not.toHaveReceivedCommand(UpdateUserPhoneConfigCommand);
  });

  it('should return Converged "false" at the deadline and let isComplete continue and finish', async () => {
    // Prepare
    givenLive(ID, SOFT_PHONE_LIVE);
    writesSucceed();
    const event = createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AutoAccept: true } }]));

    // Act
    const response = await onEvent(event, fakeContext(500));
    const stillOutOfTime = await isComplete({ ...event, ...response }, fakeContext(0));
    const finished = await isComplete({ ...event, ...response }, fakeContext());

    // Assess
    // Only what isComplete needs: the framework copies this Data into the final (even FAILED) response.
    expect(response.Data).toEqual({ Converged: 'false', Deadline: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), FirstPassChanged: '0' });
    expect(stillOutOfTime).toEqual({ IsComplete: false });
    expect(finished).toEqual({ IsComplete: true, Data: expect.objectContaining({ ChangedUsers: ID, Converged: 'true' }) });
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1);
  });

  it('should complete at once without any call when onEvent already converged', async () => {
    // Prepare
    const event = createEvent(resourceProps([{ UserId: ID, PhoneConfig: { AutoAccept: true } }]));
    const response: OnEventResponse = { PhysicalResourceId: `${INSTANCE_ID}/id:${ID}`, Data: { Converged: 'true' } };

    // Act
    const poll = await isComplete({ ...event, ...response }, fakeContext());

    // Assess
    expect(poll).toEqual({ IsComplete: true });
    expect(connect).not.toHaveReceivedAnyCommand();
  });

  it('should write the other users and fail naming the one user that Connect rejected', async () => {
    // Prepare
    const ids = [userId(1), userId(2), userId(3)];
    for (const id of ids) givenLive(id, SOFT_PHONE_LIVE);
    writesSucceed();
    connect.on(UpdateUserPhoneConfigCommand, { UserId: ids[1] }).rejects(serviceError('InvalidParameterException', 'PhoneConfig is not valid', 400));

    // Act
    const act = onEvent(createEvent(resourceProps(ids.map((id) => ({ UserId: id, PhoneConfig: { AutoAccept: true } })), FAST)), fakeContext());

    // Assess
    await expect(act).rejects.toThrow(`1 of 3 users failed. agent-${ids[1].slice(-4)} (${ids[1]}): InvalidParameterException: PhoneConfig is not valid 2 users were changed and stay changed: CloudFormation does not roll back a failed Create`);
    expect(phoneConfigWrites().map((w) => w.UserId).sort()).toEqual(ids);
  });

  it('should fail within the response limit, naming the first failures, when 1,000 users are rejected', async () => {
    // Prepare
    const ids = Array.from({ length: 1000 }, (_, i) => userId(1000 + i));
    givenSearchable(ids.map((id) => searchedUser(id, SOFT_PHONE_LIVE)));
    connect.on(DescribeUserCommand).callsFake((input: { UserId: string }) => ({ User: describedUser(input.UserId, SOFT_PHONE_LIVE) }));
    connect.on(UpdateUserPhoneConfigCommand).rejects(serviceError('InvalidParameterException', `DeskPhoneNumber ${DESK_PHONE} is not valid for this instance`, 400));
    const event = createEvent(resourceProps(ids.map((id) => ({ UserId: id, PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE } })), FAST));

    // Act
    const error = await inFakeTime(() => onEvent(event, fakeContext(900_000)).then(() => undefined, (e: Error) => e));

    // Assess
    expect(error?.message).toMatch(/^1000 of 1000 users failed/);
    expect(error?.message).toContain(`agent-${ids[0].slice(-4)} (${ids[0]}): InvalidParameterException: DeskPhoneNumber +*********23 is not valid`);
    expect(Buffer.byteLength(error?.message ?? '')).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(error?.message).not.toContain(DESK_PHONE);
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1000);
  });

  it('should keep Data within its budget when 1,000 users changed', async () => {
    // Prepare
    const ids = Array.from({ length: 1000 }, (_, i) => userId(3000 + i));
    givenSearchable(ids.map((id) => searchedUser(id, SOFT_PHONE_LIVE)));
    connect.on(DescribeUserCommand).callsFake((input: { UserId: string }) => ({ User: describedUser(input.UserId, SOFT_PHONE_LIVE) }));
    writesSucceed();
    const event = createEvent(resourceProps(ids.map((id) => ({ UserId: id, PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE } })), FAST));

    // Act
    const response = await inFakeTime(() => onEvent(event, fakeContext(900_000)));

    // Assess
    expect(Buffer.byteLength(JSON.stringify(response.Data))).toBeLessThanOrEqual(MAX_DATA_BYTES);
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThan(MAX_RESPONSE_BYTES);
    expect(response.Data).toMatchObject({ Summary: '1000 users: 1000 changed, 0 unchanged', Converged: 'true' });
    expect(response.Data?.ChangedUsers).toMatch(/\(\+\d+ more\)$/);
    expect(JSON.stringify(response.Data)).not.toContain(DESK_PHONE);
    expect(connect).toHaveReceivedCommandTimes(SearchUsersCommand, 1);
    expect(connect).toHaveReceivedCommandTimes(UpdateUserPhoneConfigCommand, 1000);
  });

  it('should read the users from the desired-state object when the event names one', async () => {
    // Prepare
    const body = JSON.stringify({ Users: [{ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: '0' } }] });
    s3.on(GetObjectCommand, { Bucket: 'assets-bucket', Key: 'users/abc.json' })
      .resolves({ Body: { transformToString: async () => body } } as unknown as GetObjectCommandOutput);
    givenLive(ID, SOFT_PHONE_LIVE);
    writesSucceed();

    // Act
    const response = await onEvent(createEvent({ Version: '1', InstanceArn: INSTANCE_ARN, DesiredStateObject: { Bucket: 'assets-bucket', Key: 'users/abc.json' } }), fakeContext());

    // Assess
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'assets-bucket', Key: 'users/abc.json' });
    expect(phoneConfigWrites()).toEqual([{ InstanceId: INSTANCE_ID, UserId: ID, PhoneConfig: { ...SOFT_PHONE_LIVE, AfterContactWorkTimeLimit: 0 } }]);
    expect(response.PhysicalResourceId).toBe(`${INSTANCE_ID}/id:${ID}`);
  });

  it('should fail naming the object when the desired-state object holds a bad user', async () => {
    // Prepare
    const body = JSON.stringify({ Users: [{ UserId: 'not-a-uuid', PhoneConfig: { AutoAccept: 'true' } }] });
    s3.on(GetObjectCommand).resolves({ Body: { transformToString: async () => body } } as unknown as GetObjectCommandOutput);

    // Act
    const act = onEvent(createEvent({ Version: '1', InstanceArn: INSTANCE_ARN, DesiredStateObject: { Bucket: 'b', Key: 'k' } }), fakeContext());

    // Assess
    await expect(act).rejects.toThrow(/`userId` is "not-a-uuid"/);
    expect(connect).not.toHaveReceivedAnyCommand();
  });

  it('should never show a raw desk phone number in a log line, an error message or Data', async () => {
    // Prepare
    process.env.LOG_LEVEL = 'DEBUG';
    const ok = userId(1);
    const bad = userId(2);
    givenLive(ok, { PhoneType: 'DESK_PHONE', DeskPhoneNumber: OTHER_DESK_PHONE, AutoAccept: false, AfterContactWorkTimeLimit: 30, PersistentConnection: false });
    givenLive(bad, SOFT_PHONE_LIVE);
    connect.on(UpdateUserPhoneConfigCommand, { UserId: ok }).resolves({});
    connect.on(UpdateUserPhoneConfigCommand, { UserId: bad }).rejects(serviceError('InvalidParameterException', `Invalid DeskPhoneNumber: ${DESK_PHONE}; digits ${DESK_PHONE.slice(1)}`, 400));
    const users = [ok, bad].map((id) => ({ UserId: id, PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE } }));

    // Act
    const failure = await onEvent(createEvent(resourceProps(users, FAST)), fakeContext()).then(() => undefined, (e: Error) => e);
    const success = await onEvent(createEvent(resourceProps([users[0]], FAST)), fakeContext());

    // Assess
    const secrets = [DESK_PHONE, DESK_PHONE.slice(1), OTHER_DESK_PHONE, OTHER_DESK_PHONE.slice(1)];
    expect(logLines.length).toBeGreaterThan(3);
    expect(logLines.join('')).toContain('+*********23');
    for (const secret of secrets) {
      expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
      expect(failure?.message).not.toContain(secret);
      expect(JSON.stringify(success)).not.toContain(secret);
    }
    expect(failure?.message).toContain(`agent-${bad.slice(-4)} (${bad}): InvalidParameterException: Invalid DeskPhoneNumber: +*********23`);
    expect(logLines.every((line) => /"timestamp":"\d{4}-\d{2}-\d{2}T/.test(line))).toBe(true);
    expect(logLines.join('')).toContain(ok);
  });
});
