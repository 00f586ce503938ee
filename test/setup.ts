import 'aws-sdk-client-mock-jest';
import { blockedConnections, clearBlockedConnections, formatBlocked, installNetworkGuard } from './network-guard';

// No test may reach anything but 127.0.0.1: a connection elsewhere is refused and fails the file.
installNetworkGuard();
beforeAll(() => clearBlockedConnections());
afterAll(() => {
  const blocked = blockedConnections();
  clearBlockedConnections();
  if (blocked.length > 0) {
    throw new Error(`network guard: this test file tried to reach ${blocked.length} non-loopback host(s):\n${formatBlocked(blocked)}`);
  }
});
