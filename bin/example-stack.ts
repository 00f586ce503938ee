import { Duration, Environment, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConnectChannel, PhoneType, UserPhoneConfig, UserPhoneConfigFleet } from '../lib';

export interface ExampleStackProps {
  readonly instanceId: string;
  /** The first user gets its own construct; the others form a fleet. */
  readonly userIds: string[];
  readonly afterContactWork: Duration;
  readonly env?: Environment;
}

/** The example stack, shared by `bin/example-app.ts`, the demo and the end-to-end tests. */
export function buildExampleStack(scope: Construct, id: string, props: ExampleStackProps): Stack {
  const stack = new Stack(scope, id, { env: props.env });
  const [first, ...rest] = props.userIds;
  new UserPhoneConfig(stack, 'Supervisor', {
    instanceId: props.instanceId,
    userId: first,
    phoneType: PhoneType.SOFT_PHONE,
    autoAccept: true,
    afterContactWorkTimeLimit: props.afterContactWork,
    persistentConnection: true,
  });
  if (rest.length > 0) {
    new UserPhoneConfigFleet(stack, 'Agents', {
      instanceId: props.instanceId,
      defaults: {
        phoneType: PhoneType.SOFT_PHONE,
        autoAccept: false,
        afterContactWorkTimeLimit: props.afterContactWork,
      },
      users: rest.map((userId, i) => (i === 0
        ? { userId, channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(60) }] }
        : { userId })),
    });
  }
  return stack;
}
