import { ConnectClient } from '@aws-sdk/client-connect';
import { S3Client } from '@aws-sdk/client-s3';
import { ConnectEmulator, ConnectEmulatorOptions } from '../../lib/testing';

export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Quotas off by default so functional tests never trip over the rate limits. */
export function startEmulator(options: ConnectEmulatorOptions = {}): Promise<ConnectEmulator> {
  return ConnectEmulator.start({ quotas: false, ...options });
}

export function connectClient(emulator: ConnectEmulator, maxAttempts = 1): ConnectClient {
  return new ConnectClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: CREDENTIALS, maxAttempts });
}

export function s3Client(emulator: ConnectEmulator): S3Client {
  return new S3Client({ endpoint: emulator.endpoint, region: emulator.region, credentials: CREDENTIALS, forcePathStyle: true, maxAttempts: 1 });
}

export interface SdkError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
}

/** Awaits a call expected to fail and returns the SDK error for assertions. */
export async function captureError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
