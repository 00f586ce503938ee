import { ConnectClient, UpdateUserPhoneConfigCommand } from '@aws-sdk/client-connect';
import type { RetryErrorInfo, RetryErrorType } from '@smithy/types';
import { connectClient } from '../../../lib/engine/clients';
import { ConnectRetryStrategy, DEFAULT_RETRY } from '../../../lib/engine/retry-strategy';
import { INSTANCE_ID, userId } from '../../fixtures/events';

const FAST = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 };

function info(errorType: RetryErrorType, retryAfterHint?: Date): RetryErrorInfo {
  return { errorType, retryAfterHint };
}

describe('Function: ConnectRetryStrategy.refreshRetryTokenForRetry', () => {
  it.each<RetryErrorType>(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR'])('should retry %s with a backoff within the ceiling', async (errorType) => {
    // Prepare
    const strategy = new ConnectRetryStrategy({ ...FAST, random: () => 0.999 });
    const first = await strategy.acquireInitialRetryToken();

    // Act
    const second = await strategy.refreshRetryTokenForRetry(first, info(errorType));
    const third = await strategy.refreshRetryTokenForRetry(second, info(errorType));

    // Assess
    expect(second.getRetryCount()).toBe(1);
    expect(second.getRetryDelay()).toBe(99 + 50);
    expect(third.getRetryCount()).toBe(2);
    expect(third.getRetryDelay()).toBe(199 + 50);
    expect(strategy.retries).toEqual({ [errorType]: 2 });
  });

  it('should leave throttling to the caller when retryThrottling is false, and still retry server errors', async () => {
    // Prepare
    const strategy = new ConnectRetryStrategy({ ...FAST, retryThrottling: false });
    const first = await strategy.acquireInitialRetryToken();

    // Act
    const throttled = strategy.refreshRetryTokenForRetry(first, info('THROTTLING'));
    const serverError = await strategy.refreshRetryTokenForRetry(first, info('SERVER_ERROR'));

    // Assess
    await expect(throttled).rejects.toThrow('throttling is retried by the caller');
    expect(serverError.getRetryCount()).toBe(1);
  });

  it('should cap the delay at maxDelayMs when the backoff grows', async () => {
    // Prepare
    const strategy = new ConnectRetryStrategy({ maxAttempts: 20, baseDelayMs: 500, maxDelayMs: 2000, random: () => 0.999 });
    let token = await strategy.acquireInitialRetryToken();

    // Act
    for (let i = 0; i < 10; i++) token = await strategy.refreshRetryTokenForRetry(token, info('THROTTLING'));

    // Assess
    expect(token.getRetryDelay()).toBe(1998 + 50);
  });

  it('should not retry a client error', async () => {
    // Prepare
    const strategy = new ConnectRetryStrategy(FAST);

    // Act
    const act = strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), info('CLIENT_ERROR'));

    // Assess
    await expect(act).rejects.toThrow('no retry');
  });

  it('should retry a 409 ConditionalOperationFailedException (a write racing another), though the SDK calls it a client error', async () => {
    // Prepare
    const strategy = new ConnectRetryStrategy(FAST);
    const conflict = { ...info('CLIENT_ERROR'), error: Object.assign(new Error('conflict'), { name: 'ConditionalOperationFailedException', $metadata: {} }) };

    // Act
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), conflict as never);

    // Assess
    expect(token.getRetryCount()).toBe(1);
  });

  it('should stop after maxAttempts when every attempt is throttled', async () => {
    // Prepare
    const strategy = new ConnectRetryStrategy(FAST);
    let token = await strategy.acquireInitialRetryToken();

    // Act
    for (let i = 1; i < FAST.maxAttempts; i++) token = await strategy.refreshRetryTokenForRetry(token, info('THROTTLING'));
    const act = strategy.refreshRetryTokenForRetry(token, info('THROTTLING'));

    // Assess
    await expect(act).rejects.toThrow('no retry');
    expect(strategy.retries.THROTTLING).toBe(FAST.maxAttempts - 1);
  });

  it('should not start a retry that would end after the deadline', async () => {
    // Prepare
    const strategy = new ConnectRetryStrategy({ ...FAST, deadline: () => Date.now() + 10 });

    // Act
    const act = strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), info('THROTTLING'));

    // Assess
    await expect(act).rejects.toThrow('deadline');
    expect(strategy.retries).toEqual({});
  });

  it('should wait at least the Retry-After hint when the service sends one', async () => {
    // Prepare
    const strategy = new ConnectRetryStrategy(FAST);

    // Act
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), info('THROTTLING', new Date(Date.now() + 5000)));

    // Assess
    expect(token.getRetryDelay()).toBeGreaterThan(4000);
  });
});

describe('Function: ConnectRetryStrategy with the SDK', () => {
  function fakeHttp(statuses: number[]) {
    const calls: number[] = [];
    return {
      calls,
      handler: {
        handle: async () => {
          const status = statuses[Math.min(calls.length, statuses.length - 1)];
          calls.push(status);
          const body = status === 200 ? '{}' : JSON.stringify({ message: 'Rate exceeded' });
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (status !== 200) headers['x-amzn-errortype'] = 'ThrottlingException';
          return { response: { statusCode: status, reason: '', headers, body: new TextEncoder().encode(body) } };
        },
        updateHttpClientConfig: () => undefined,
        httpHandlerConfigs: () => ({}),
      },
    };
  }

  function client(http: ReturnType<typeof fakeHttp>, strategy: ConnectRetryStrategy): ConnectClient {
    return new ConnectClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      retryStrategy: strategy,
      requestHandler: http.handler as never,
    });
  }

  const write = new UpdateUserPhoneConfigCommand({ InstanceId: INSTANCE_ID, UserId: userId(1), PhoneConfig: { PhoneType: 'SOFT_PHONE' } });

  it('should succeed when ThrottlingException comes twice and then the call succeeds', async () => {
    // Prepare
    const http = fakeHttp([429, 429, 200]);
    const strategy = new ConnectRetryStrategy({ ...DEFAULT_RETRY, random: () => 0 });

    // Act
    const out = await client(http, strategy).send(write);

    // Assess
    expect(http.calls).toEqual([429, 429, 200]);
    expect(out.$metadata.attempts).toBe(3);
    expect(strategy.retries).toEqual({ THROTTLING: 2 });
  });

  it('should give up with the ThrottlingException after maxAttempts', async () => {
    // Prepare
    const http = fakeHttp([429]);
    const strategy = new ConnectRetryStrategy({ ...FAST, maxAttempts: 3 });

    // Act
    const act = client(http, strategy).send(write);

    // Assess
    await expect(act).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429, attempts: 3 } });
    expect(http.calls).toHaveLength(3);
  });

  it('should be the strategy of the handler client', async () => {
    // Act
    const strategy = await connectClient().config.retryStrategy();

    // Assess
    expect(strategy).toBeInstanceOf(ConnectRetryStrategy);
  });
});
