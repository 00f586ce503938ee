/**
 * The network guard installed by test/setup.ts: a connection to anything but the loopback interface
 * is refused and recorded, and the emulator on 127.0.0.1 stays reachable.
 */
import * as http from 'http';
import { ConnectClient, DescribeUserCommand } from '@aws-sdk/client-connect';
import { ConnectEmulator } from '../../lib/testing';
import { blockedConnections, clearBlockedConnections, isLoopbackHost } from '../network-guard';
import { SYNTH_INSTANCE_ID } from '../fixtures/instances';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('network guard', () => {
  let emulator: ConnectEmulator;

  beforeAll(async () => {
    emulator = await ConnectEmulator.start({ quotas: false });
  });
  afterAll(() => emulator.stop());
  // The file's own afterAll (test/setup.ts) fails on any record: these tests clear what they caused.
  afterEach(() => clearBlockedConnections());

  it('should refuse and records a real ConnectClient call to AWS', async () => {
    // No endpoint override: the SDK resolves https://connect.us-east-1.amazonaws.com.
    const client = new ConnectClient({ region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
    clearBlockedConnections();

    await expect(client.send(new DescribeUserCommand({ InstanceId: SYNTH_INSTANCE_ID, UserId: 'u' })))
      .rejects.toThrow(/network guard: connection to connect\.us-east-1\.amazonaws\.com:443 blocked/);

    expect(blockedConnections()).toEqual([expect.objectContaining({ host: 'connect.us-east-1.amazonaws.com', port: 443, via: 'net.Socket.connect' })]);
    client.destroy();
  });

  it('should refuse plain http to another address and name resolution of another host', async () => {
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      http.get('http://10.0.0.1:8080/', () => resolve(new Error('connected') as NodeJS.ErrnoException)).on('error', resolve);
    });
    const dns = await import('dns');
    const lookup = await dns.promises.lookup('example.com').then(() => 'resolved', (e: Error) => e.message);

    expect(error.code).toBe('ERR_NETWORK_GUARD');
    expect(lookup).toMatch(/network guard/);
    expect(blockedConnections().map((b) => `${b.via} ${b.host}`)).toEqual(['net.Socket.connect 10.0.0.1', 'dns.promises.lookup example.com']);
  });

  it('should let a call to the emulator on 127.0.0.1 through', async () => {
    const instanceId = emulator.createInstance();
    const userId = emulator.createUser(instanceId, { username: 'alice' });
    const client = new ConnectClient({ region: emulator.region, endpoint: emulator.endpoint, credentials: CREDENTIALS, maxAttempts: 1 });

    const out = await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }));

    expect(out.User?.Username).toBe('alice');
    expect(blockedConnections()).toEqual([]);
    client.destroy();
  });

  it.each(['127.0.0.1', '::1', 'localhost', 'LOCALHOST'])('should treat %s as loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['10.0.0.1', '169.254.169.254', 'connect.us-east-1.amazonaws.com', '127.0.0.2'])('should treat %s as remote', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
