/**
 * The demo's stack: the example stack's shape (bin/example-stack.ts), with the fleet declared by
 * username, as people know their agents (the console shows no user ids).
 */
import { Duration, Environment, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConnectChannel, PhoneType, UserPhoneConfig, UserPhoneConfigFleet } from '../lib';
import { DESK_PHONE_NUMBER } from './agents';

export interface DemoStackProps {
  readonly instanceId: string;
  /** The supervisor, declared by user id with a construct of its own. */
  readonly supervisorId: string;
  readonly env: Environment;
}

export const DEMO_STACK_NAME = 'ConnectPhoneConfigDemo';

export function buildDemoStack(scope: Construct, props: DemoStackProps): Stack {
  const stack = new Stack(scope, DEMO_STACK_NAME, { env: props.env });
  new UserPhoneConfig(stack, 'Supervisor', {
    instanceId: props.instanceId,
    userId: props.supervisorId,
    phoneType: PhoneType.SOFT_PHONE,
    autoAccept: true,
    afterContactWorkTimeLimit: Duration.seconds(30),
    persistentConnection: true,
  });
  new UserPhoneConfigFleet(stack, 'Agents', {
    instanceId: props.instanceId,
    defaults: {
      phoneType: PhoneType.SOFT_PHONE,
      autoAccept: false,
      afterContactWorkTimeLimit: Duration.seconds(30),
    },
    users: [
      { username: 'bruno.silva' },
      { username: 'chen.wei', phoneType: PhoneType.DESK_PHONE, deskPhoneNumber: DESK_PHONE_NUMBER },
      { username: 'dana.kowalski', channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(60) }] },
      { username: 'emeka.obi' },
      { username: 'farah.haddad' },
    ],
  });
  return stack;
}
