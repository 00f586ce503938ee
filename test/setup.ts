import 'aws-sdk-client-mock-jest';
// This machine's Node 20 is one the SDK will stop supporting; its notice is known, not a test result.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

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
