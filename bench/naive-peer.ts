/**
 * The naive peer the benchmark compares the handler with: what a hand-written custom resource
 * typically does. For every declared user, one DescribeUser (to keep the settings it does not
 * declare, since UpdateUserPhoneConfig replaces the whole PhoneConfig) and one
 * UpdateUserPhoneConfig, whether or not anything differs. No pacing: at most `concurrency` users
 * in flight, a ConnectClient with the SDK's defaults (standard retry mode, 3 attempts).
 */
import { ConnectClient, DescribeUserCommand, UpdateUserPhoneConfigCommand, UserPhoneConfig } from '@aws-sdk/client-connect';

export interface NaivePeerOptions {
  /** The emulator's endpoint (or any Connect endpoint). */
  readonly endpoint: string;
  readonly region: string;
  readonly instanceId: string;
  readonly userIds: readonly string[];
  /** The declared settings, overlaid on each user's live PhoneConfig. */
  readonly phoneConfig: Partial<UserPhoneConfig>;
  /** Users in flight at once. @default 10 */
  readonly concurrency?: number;
}

export interface NaivePeerResult {
  /** Users whose DescribeUser or UpdateUserPhoneConfig failed after the SDK's retries. */
  readonly failedUsers: number;
  /** Final errors by name (ThrottlingException, ...). */
  readonly errors: Record<string, number>;
}

export async function runNaivePeer(options: NaivePeerOptions): Promise<NaivePeerResult> {
  const client = new ConnectClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const errors: Record<string, number> = {};
  let failedUsers = 0;
  const reconcileUser = async (userId: string): Promise<void> => {
    try {
      const { User } = await client.send(new DescribeUserCommand({ InstanceId: options.instanceId, UserId: userId }));
      const phoneConfig = { ...User?.PhoneConfig, ...options.phoneConfig } as UserPhoneConfig;
      await client.send(new UpdateUserPhoneConfigCommand({ InstanceId: options.instanceId, UserId: userId, PhoneConfig: phoneConfig }));
    } catch (error) {
      failedUsers++;
      const name = (error as Error).name ?? 'Error';
      errors[name] = (errors[name] ?? 0) + 1;
    }
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.userIds.length) await reconcileUser(options.userIds[next++]);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 10, options.userIds.length) }, worker));
  } finally {
    client.destroy();
  }
  return { failedUsers, errors };
}
