/**
 * SDK clients, created once per Lambda container and reused across invocations. Their retry
 * strategy reads the current invocation's deadline so no retry outlives the invocation.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { s3Sdk, ssmSdk } from './lazy-sdk';
import { ConnectRetryStrategy, DEFAULT_RETRY } from './retry-strategy';

let invocationDeadline = Number.POSITIVE_INFINITY;
let connect: ConnectClient | undefined;
let s3: S3Client | undefined;
let ssm: SSMClient | undefined;

/** Sets the epoch ms after which the SDK starts no retry. */
export function setInvocationDeadline(deadline: number): void {
  invocationDeadline = deadline;
}

export function connectClient(): ConnectClient {
  connect ??= new ConnectClient({
    // Throttling is retried by ConnectApi, through its rate limiter (connect-api.ts).
    retryStrategy: new ConnectRetryStrategy({ ...DEFAULT_RETRY, retryThrottling: false, deadline: () => invocationDeadline }),
    // A stuck connection must not eat the invocation: fail the call and let the retry decide.
    requestHandler: { requestTimeout: 15_000, connectionTimeout: 5_000 },
  });
  return connect;
}

export function s3Client(): S3Client {
  // Custom endpoints (the local emulator, S3-compatible stores) need path-style addressing.
  s3 ??= new (s3Sdk().S3Client)({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL) });
  return s3;
}

export function ssmClient(): SSMClient {
  ssm ??= new (ssmSdk().SSMClient)({ retryStrategy: new ConnectRetryStrategy({ ...DEFAULT_RETRY, deadline: () => invocationDeadline }) });
  return ssm;
}
