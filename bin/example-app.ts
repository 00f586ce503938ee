#!/usr/bin/env node
/**
 * Example app: `npx cdk synth` works with no AWS account (placeholder account and region).
 *
 * Context values (cdk.json, or `-c key=value`):
 * - `connectInstanceId`: the Amazon Connect instance id (a UUID).
 * - `connectUserIds`: comma-separated user ids; the first gets a single-user construct, the rest a fleet.
 * - `account`, `region`: where the stack would deploy (placeholders by default).
 */
import { App, Duration } from 'aws-cdk-lib';
import { buildExampleStack } from './example-stack';

const app = new App();
buildExampleStack(app, 'ConnectPhoneConfigExample', {
  instanceId: app.node.tryGetContext('connectInstanceId') ?? '11111111-2222-3333-4444-555555555555',
  userIds: String(app.node.tryGetContext('connectUserIds') ?? 'aaaaaaaa-0000-0000-0000-000000000001').split(',').map((s) => s.trim()).filter(Boolean),
  env: {
    account: app.node.tryGetContext('account') ?? '123456789012',
    region: app.node.tryGetContext('region') ?? 'us-east-1',
  },
  afterContactWork: Duration.seconds(Number(app.node.tryGetContext('afterContactWorkSeconds') ?? 30)),
});
app.synth();
