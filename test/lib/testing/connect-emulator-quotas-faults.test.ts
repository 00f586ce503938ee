import { ConnectClient, DescribeUserCommand, UpdateUserPhoneConfigCommand } from '@aws-sdk/client-connect';
import { ConnectEmulator } from '../../../lib/testing';
import { SdkError, captureError, connectClient, startEmulator, startWithClient, stopWithClient } from '../../fixtures/emulator-clients';

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as SdkError).name;
  }
}

describe('ConnectEmulator quotas', () => {
  let emulator: ConnectEmulator;
  let client: ConnectClient;

  afterEach(() => stopWithClient(emulator, client));

  it('should throttle the sixth rapid UpdateUserPhoneConfig and keep its change out when using the default quota', async () => {
    // Prepare: a frozen clock makes the 2/s refill invisible, so exactly the burst of 5 passes.
    let clock = 0;
    emulator = await ConnectEmulator.start({ clock: () => clock });
    client = connectClient(emulator);
    const instanceId = emulator.createInstance();
    const userId = emulator.createUser(instanceId, { username: 'busy' });

    // Act
    const results: string[] = [];
    for (let acw = 1; acw <= 6; acw++) {
      results.push(await outcome(client.send(new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: acw },
      }))));
    }

    // Assess
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ThrottlingException']);
    expect(emulator.getUser(instanceId, userId)?.PhoneConfig?.AfterContactWorkTimeLimit).toBe(5);
    expect(emulator.callCounts().UpdateUserPhoneConfig).toEqual({ total: 6, ok: 5, throttled: 1, failed: 0 });

    // Half a second later one token has been refilled at 2/s.
    clock += 500;
    const afterRefill = await outcome(client.send(new UpdateUserPhoneConfigCommand({
      InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 7 },
    })));
    expect(afterRefill).toBe('ok');
  });

  it('should answer 429 ThrottlingException through the SDK when rapid calls exceed the real-time quota', async () => {
    // Prepare
    emulator = await ConnectEmulator.start();
    client = connectClient(emulator);
    const instanceId = emulator.createInstance();
    const userId = emulator.createUser(instanceId, { username: 'rapid' });

    // Act
    const errors: SdkError[] = [];
    for (let acw = 1; acw <= 6; acw++) {
      try {
        await client.send(new UpdateUserPhoneConfigCommand({
          InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: acw },
        }));
      } catch (err) {
        errors.push(err as SdkError);
      }
    }

    // Assess
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0].name).toBe('ThrottlingException');
    expect(errors[0].$metadata.httpStatusCode).toBe(429);
    expect(emulator.calls().filter((c) => c.status === 429).every((c) => c.errorType === 'ThrottlingException')).toBe(true);
  });

  it('should apply quotaScale and per-operation overrides when configured', async () => {
    // Prepare
    emulator = await ConnectEmulator.start({
      clock: () => 0,
      quotaScale: 2,
      quotas: { DescribeUser: { rate: 1, burst: 2 }, SearchUsers: false, UpdateUserConfig: Infinity },
    });
    client = connectClient(emulator);
    const instanceId = emulator.createInstance();
    const userId = emulator.createUser(instanceId, { username: 'scaled' });

    // Act
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      results.push(await outcome(client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }))));
    }

    // Assess
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ThrottlingException']);
    expect(emulator.quotas).toEqual({
      DescribeUser: { rate: 2, burst: 4 },
      ListUsers: { rate: 20, burst: 20 },
      UpdateUserPhoneConfig: { rate: 4, burst: 10 },
    });
  });

  it('should never throttle when quotas are disabled', async () => {
    // Prepare
    emulator = await ConnectEmulator.start({ quotas: false, clock: () => 0 });
    client = connectClient(emulator);
    const instanceId = emulator.createInstance();
    const userId = emulator.createUser(instanceId, { username: 'free' });

    // Act
    const results = await Promise.all(Array.from({ length: 40 }, () =>
      outcome(client.send(new UpdateUserPhoneConfigCommand({ InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE' } })))));

    // Assess
    expect(results.every((r) => r === 'ok')).toBe(true);
  });
});

describe('ConnectEmulator fault injection', () => {
  let emulator: ConnectEmulator;
  let client: ConnectClient;
  let instanceId: string;
  let userId: string;

  beforeEach(async () => {
    ({ emulator, client } = await startWithClient(connectClient));
    instanceId = emulator.createInstance();
    userId = emulator.createUser(instanceId, { username: 'victim' });
  });

  afterEach(() => stopWithClient(emulator, client));

  const describeMany = async (n: number): Promise<string[]> => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await outcome(client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }))));
    return out;
  };

  it('should produce the same fault sequence when reseeded with the same seed', async () => {
    // Prepare
    const faults = { seed: 42, throttleProbability: 0.3, serverErrorProbability: 0.2 };
    emulator.setFaults(faults);

    // Act
    const first = await describeMany(30);
    emulator.setFaults(faults);
    const second = await describeMany(30);
    emulator.setFaults({ ...faults, seed: 43 });
    const other = await describeMany(30);

    // Assess
    expect(second).toEqual(first);
    expect(first).toContain('ThrottlingException');
    expect(first).toContain('InternalServiceException');
    expect(first).toContain('ok');
    expect(other).not.toEqual(first);
  });

  it('should produce the same fault sequence in two emulators when started with the same seed', async () => {
    // Prepare
    const faults = { seed: 7, throttleProbability: 0.25, serverErrorProbability: 0.25 };
    emulator.setFaults(faults);
    const twin = await startEmulator({ faults });
    const twinClient = connectClient(twin);
    twin.createInstance(instanceId);
    twin.createUser(instanceId, { username: 'victim', id: userId });

    try {
      // Act
      const mine = await describeMany(20);
      const theirs: string[] = [];
      for (let i = 0; i < 20; i++) theirs.push(await outcome(twinClient.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }))));

      // Assess
      expect(theirs).toEqual(mine);
    } finally {
      twinClient.destroy();
      await twin.stop();
    }
  });

  it('should answer InternalServiceException 500 and change nothing when a server error is injected', async () => {
    // Prepare
    emulator.setFaults({ serverErrorProbability: 1, operations: ['UpdateUserPhoneConfig'] });

    // Act
    const err = await captureError(client.send(new UpdateUserPhoneConfigCommand({
      InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 50 },
    })));
    const describe = await outcome(client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId })));

    // Assess
    expect(err.name).toBe('InternalServiceException');
    expect(err.$metadata.httpStatusCode).toBe(500);
    expect(emulator.getUser(instanceId, userId)?.PhoneConfig?.AfterContactWorkTimeLimit).toBe(0);
    // DescribeUser is outside the listed operations, so it is unaffected.
    expect(describe).toBe('ok');
  });

  it('should delay answers when latency is configured', async () => {
    // Prepare
    emulator.setFaults({ latencyMs: { min: 40, max: 60 } });

    // Act
    const started = performance.now();
    await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }));
    const elapsed = performance.now() - started;

    // Assess
    expect(elapsed).toBeGreaterThanOrEqual(35);
    expect(emulator.faults.latencyMs).toEqual({ min: 40, max: 60 });
  });

  it('should let the SDK retry through injected throttles when maxAttempts allows it', async () => {
    // Prepare
    emulator.setFaults({ seed: 1, throttleProbability: 0.5 });
    const retrying = connectClient(emulator, 10);

    try {
      // Act
      const out = await retrying.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }));

      // Assess
      expect(out.User?.Username).toBe('victim');
      expect(out.$metadata.attempts).toBe(emulator.callCounts().DescribeUser?.total);
    } finally {
      retrying.destroy();
    }
  }, 20_000);
});

describe('ConnectEmulator call log', () => {
  it('should record every request and count outcomes per operation when calls succeed and fail', async () => {
    // Prepare
    const emulator = await startEmulator({ now: () => 1_700_000_000_000 });
    const client = connectClient(emulator);
    const instanceId = emulator.createInstance('inst');
    const userId = emulator.createUser(instanceId, { username: 'logged', id: 'user-1' });

    try {
      // Act
      await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }));
      await outcome(client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: 'nobody' })));
      await outcome(client.send(new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'DESK_PHONE' },
      })));

      // Assess
      expect(emulator.calls()).toEqual([
        { operation: 'DescribeUser', status: 200, instanceId: 'inst', userId: 'user-1', at: 1_700_000_000_000 },
        { operation: 'DescribeUser', status: 404, errorType: 'ResourceNotFoundException', instanceId: 'inst', userId: 'nobody', at: 1_700_000_000_000 },
        { operation: 'UpdateUserPhoneConfig', status: 400, errorType: 'InvalidParameterException', instanceId: 'inst', userId: 'user-1', at: 1_700_000_000_000 },
      ]);
      expect(emulator.callCounts()).toEqual({
        DescribeUser: { total: 2, ok: 1, throttled: 0, failed: 1 },
        UpdateUserPhoneConfig: { total: 1, ok: 0, throttled: 0, failed: 1 },
      });

      emulator.resetCalls();
      expect(emulator.calls()).toEqual([]);
      expect(emulator.callCounts()).toEqual({});
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });
});
