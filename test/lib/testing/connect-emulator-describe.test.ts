import {
  ConnectClient,
  DescribeUserCommand,
  ListUsersCommand,
  UpdateUserPhoneConfigCommand,
} from '@aws-sdk/client-connect';
import { ConnectEmulator } from '../../../lib/testing';
import { captureError, connectClient, startEmulator, startWithClient, stopWithClient } from '../../fixtures/emulator-clients';

describe('ConnectEmulator DescribeUser and console helpers', () => {
  let emulator: ConnectEmulator;
  let client: ConnectClient;
  let instanceId: string;

  beforeAll(async () => {
    ({ emulator, client } = await startWithClient(connectClient, { accountId: '111122223333', region: 'eu-west-2' }));
  });

  afterAll(() => stopWithClient(emulator, client));

  beforeEach(() => {
    instanceId = emulator.createInstance();
  });

  it('should return the legacy and per-channel views when describing a user', async () => {
    // Prepare
    const userId = emulator.createUser(instanceId, {
      username: 'jdoe',
      firstName: 'Jane',
      lastName: 'Doe',
      phoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+442071234567', AutoAccept: true, AfterContactWorkTimeLimit: 45 },
      channels: { CHAT: { afterContactWorkTimeLimit: 10 }, VOICE: { voiceEnhancementMode: 'NOISE_SUPPRESSION' } },
    });

    // Act
    const { User: user } = await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }));

    // Assess
    expect(user?.Id).toBe(userId);
    expect(user?.Arn).toBe(`arn:aws:connect:eu-west-2:111122223333:instance/${instanceId}/agent/${userId}`);
    expect(user?.Username).toBe('jdoe');
    expect(user?.IdentityInfo).toEqual({ FirstName: 'Jane', LastName: 'Doe' });
    expect(user?.LastModifiedTime).toBeInstanceOf(Date);
    expect(user?.LastModifiedRegion).toBe('eu-west-2');
    expect(user?.PhoneConfig).toEqual({
      PhoneType: 'DESK_PHONE',
      AutoAccept: true,
      AfterContactWorkTimeLimit: 45,
      DeskPhoneNumber: '+442071234567',
      PersistentConnection: false,
    });
    expect(user?.AutoAcceptConfigs).toEqual([
      { Channel: 'VOICE', AutoAccept: true, AgentFirstCallbackAutoAccept: false },
      { Channel: 'CHAT', AutoAccept: false },
      { Channel: 'TASK', AutoAccept: false },
      { Channel: 'EMAIL', AutoAccept: false },
    ]);
    expect(user?.AfterContactWorkConfigs).toEqual([
      {
        Channel: 'VOICE',
        AfterContactWorkConfig: { AfterContactWorkTimeLimit: 45 },
        AgentFirstCallbackAfterContactWorkConfig: { AfterContactWorkTimeLimit: 0 },
      },
      { Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 10 } },
      { Channel: 'TASK', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 45 } },
      { Channel: 'EMAIL', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 45 } },
    ]);
    expect(user?.PhoneNumberConfigs).toEqual([{ Channel: 'VOICE', PhoneType: 'DESK_PHONE', PhoneNumber: '+442071234567' }]);
    expect(user?.PersistentConnectionConfigs).toEqual([{ Channel: 'VOICE', PersistentConnection: false }]);
    expect(user?.VoiceEnhancementConfigs).toEqual([{ Channel: 'VOICE', VoiceEnhancementMode: 'NOISE_SUPPRESSION' }]);
  });

  it('should omit DeskPhoneNumber when the user has no desk phone number', async () => {
    // Prepare
    const userId = emulator.createUser(instanceId, { username: 'soft' });

    // Act
    const { User: user } = await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }));

    // Assess
    expect(user?.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0, PersistentConnection: false });
    expect(user?.PhoneNumberConfigs).toEqual([{ Channel: 'VOICE', PhoneType: 'SOFT_PHONE' }]);
  });

  it('should match getUser with what DescribeUser returns when reading the same user', async () => {
    // Prepare
    const userId = emulator.createUser(instanceId, { username: 'same', tags: { team: 'blue' }, securityProfileIds: ['sp-1'] });

    // Act
    const { User: viaApi } = await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }));
    const direct = emulator.getUser(instanceId, userId);

    // Assess
    expect(direct).toEqual(viaApi);
    expect(emulator.getUser(instanceId, 'missing')).toBeUndefined();
  });

  it('should hand out copies when getUser results are mutated', () => {
    // Prepare
    const userId = emulator.createUser(instanceId, { username: 'copy' });

    // Act
    const copy = emulator.getUser(instanceId, userId);
    copy!.PhoneConfig!.AfterContactWorkTimeLimit = 999;
    copy!.AutoAcceptConfigs![0].AutoAccept = true;

    // Assess
    expect(emulator.getUser(instanceId, userId)?.PhoneConfig?.AfterContactWorkTimeLimit).toBe(0);
    expect(emulator.getUser(instanceId, userId)?.AutoAcceptConfigs?.[0].AutoAccept).toBe(false);
  });

  it('should answer ResourceNotFoundException 404 when the instance is unknown', async () => {
    // Act
    const err = await captureError(client.send(new DescribeUserCommand({ InstanceId: 'no-such-instance', UserId: 'u' })));

    // Assess
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.message).toContain('no-such-instance');
  });

  it('should answer ResourceNotFoundException 404 when the user is unknown or deleted', async () => {
    // Prepare
    const userId = emulator.createUser(instanceId, { username: 'gone' });
    expect(emulator.deleteUser(instanceId, userId)).toBe(true);

    // Act
    const describeErr = await captureError(client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId })));
    const updateErr = await captureError(client.send(new UpdateUserPhoneConfigCommand({
      InstanceId: instanceId, UserId: 'unknown', PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    })));

    // Assess
    expect(describeErr.name).toBe('ResourceNotFoundException');
    expect(updateErr.name).toBe('ResourceNotFoundException');
    expect(updateErr.$metadata.httpStatusCode).toBe(404);
  });

  it('should change state without logging a call when a console edit is made', async () => {
    // Prepare
    const userId = emulator.createUser(instanceId, {
      username: 'edited',
      phoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 20 },
    });
    emulator.resetCalls();

    // Act
    emulator.consoleEdit(instanceId, userId, {
      phoneConfig: { AfterContactWorkTimeLimit: 60, AutoAccept: true },
      channels: { TASK: { autoAccept: true } },
    });

    // Assess
    expect(emulator.calls()).toEqual([]);
    expect(emulator.callCounts()).toEqual({});
    const user = emulator.getUser(instanceId, userId);
    expect(user?.PhoneConfig?.AfterContactWorkTimeLimit).toBe(60);
    expect(user?.PhoneConfig?.AutoAccept).toBe(true);
    // A console edit of the legacy ACW touches VOICE only.
    expect(user?.AfterContactWorkConfigs?.map((c) => c.AfterContactWorkConfig?.AfterContactWorkTimeLimit)).toEqual([60, 20, 20, 20]);
    expect(user?.AutoAcceptConfigs?.map((c) => c.AutoAccept)).toEqual([true, false, true, false]);
  });

  it('should reject a console edit that would store an invalid state when the number is removed from a desk phone', () => {
    // Prepare
    const userId = emulator.createUser(instanceId, {
      username: 'desk',
      phoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+15550001111' },
    });

    // Act
    const act = (): void => emulator.consoleEdit(instanceId, userId, { phoneConfig: { DeskPhoneNumber: '' } });

    // Assess
    expect(act).toThrow(/phoneNumber is required/);
    expect(emulator.getUser(instanceId, userId)?.PhoneConfig?.DeskPhoneNumber).toBe('+15550001111');
  });

  it('should refuse a duplicate username when creating users', () => {
    // Prepare
    emulator.createUser(instanceId, { username: 'dup' });

    // Act
    const act = (): string => emulator.createUser(instanceId, { username: 'dup' });

    // Assess
    expect(act).toThrow(/already exists/);
    expect(emulator.userCount(instanceId)).toBe(1);
  });

  it('should list ids sorted by username and find users by name when several exist', () => {
    // Prepare
    const b = emulator.createUser(instanceId, { username: 'bob', id: 'id-b' });
    const a = emulator.createUser(instanceId, { username: 'alice', id: 'id-a' });

    // Act
    const ids = emulator.listUserIds(instanceId);

    // Assess
    expect(ids).toEqual([a, b]);
    expect(emulator.findUserIdByUsername(instanceId, 'bob')).toBe('id-b');
    expect(emulator.userCount(instanceId)).toBe(2);
  });

  it('should page ListUsers with the SDK query parameters when there are more users than maxResults', async () => {
    // Prepare
    for (let i = 0; i < 7; i++) emulator.createUser(instanceId, { username: `user-${i}` });

    // Act
    const first = await client.send(new ListUsersCommand({ InstanceId: instanceId, MaxResults: 5 }));
    const second = await client.send(new ListUsersCommand({ InstanceId: instanceId, MaxResults: 5, NextToken: first.NextToken }));

    // Assess
    expect(first.UserSummaryList?.map((u) => u.Username)).toEqual(['user-0', 'user-1', 'user-2', 'user-3', 'user-4']);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(second.UserSummaryList?.map((u) => u.Username)).toEqual(['user-5', 'user-6']);
    expect(second.NextToken).toBeUndefined();
    expect(first.UserSummaryList?.[0].Arn).toBe(emulator.userArn(instanceId, first.UserSummaryList?.[0].Id ?? ''));
  });
});

describe('ConnectEmulator lifecycle', () => {
  it('should refuse to bind when asked for an address other than 127.0.0.1', async () => {
    // Act
    const act = ConnectEmulator.start({ host: '0.0.0.0' });

    // Assess
    await expect(act).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('should be reachable through AWS_ENDPOINT_URL_CONNECT when the client has no endpoint configured', async () => {
    // Prepare
    const emulator = await startEmulator();
    const instanceId = emulator.createInstance('env-instance');
    const userId = emulator.createUser(instanceId, { username: 'env' });
    const saved = { ...process.env };
    Object.assign(process.env, emulator.clientEnv());
    delete process.env.AWS_PROFILE;
    const client = new ConnectClient({ maxAttempts: 1 });

    try {
      // Act
      const out = await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }));

      // Assess
      expect(out.User?.Username).toBe('env');
      expect(emulator.clientEnv()).toEqual({
        AWS_ENDPOINT_URL_CONNECT: emulator.endpoint,
        AWS_ENDPOINT_URL_S3: emulator.endpoint,
        AWS_ENDPOINT_URL_SSM: emulator.endpoint,
        AWS_ENDPOINT_URL_STS: emulator.endpoint,
        AWS_ENDPOINT_URL_CLOUDFORMATION: emulator.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      });
      expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      process.env = saved;
      client.destroy();
      await emulator.stop();
    }
  });
});
