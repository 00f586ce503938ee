/**
 * The usage example of the README: one agent on its own, and a fleet with defaults and a
 * per-channel override. `test/readme-example.test.ts` compiles and synthesizes this file.
 */
import { App, Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConnectChannel, PhoneType, UserPhoneConfig, UserPhoneConfigFleet } from '../lib';

const instanceId = '11111111-2222-3333-4444-555555555555';

export class ContactCenterAgentsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // One agent, named by user id.
    new UserPhoneConfig(this, 'Alice', {
      instanceId,
      userId: 'aaaaaaaa-0000-0000-0000-000000000001',
      phoneType: PhoneType.SOFT_PHONE,
      autoAccept: true,
      afterContactWorkTimeLimit: Duration.seconds(30),
    });

    // Many agents, named by username: defaults for all, overrides where one differs.
    new UserPhoneConfigFleet(this, 'Agents', {
      instanceId,
      defaults: {
        phoneType: PhoneType.SOFT_PHONE,
        autoAccept: false,
        afterContactWorkTimeLimit: Duration.seconds(60),
      },
      users: [
        { username: 'bob' },
        { username: 'carol', autoAccept: true },
        // Chat contacts get more wrap-up time than the default; other channels stay as they are.
        { username: 'dave', channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(120) }] },
      ],
    });
  }
}

/** Runs as an app with `npx ts-node examples/usage.ts`; imported by tests without synthesizing. */
if (require.main === module) {
  const app = new App();
  new ContactCenterAgentsStack(app, 'ContactCenterAgents');
  app.synth();
}
