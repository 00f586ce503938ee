import { App, CfnParameter, Duration, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ConnectChannel, FleetUser, PhoneType, UserPhoneConfig, UserPhoneConfigFleet } from '../../lib';
import { ENV, INSTANCE_ID, OTHER_INSTANCE_ARN, USER_ID, newApp, userId } from '../fixtures/stacks';

/** The stacks the nag tests check, one per way of declaring users. */
const SCENARIOS: Record<string, (stack: Stack) => void> = {
  SingleUserById: (stack) => {
    new UserPhoneConfig(stack, 'Alice', {
      instanceId: INSTANCE_ID,
      userId: USER_ID,
      phoneType: PhoneType.SOFT_PHONE,
      autoAccept: true,
      afterContactWorkTimeLimit: Duration.seconds(30),
    });
  },
  FleetByUsername: (stack) => {
    new UserPhoneConfigFleet(stack, 'Agents', {
      instanceId: INSTANCE_ID,
      defaults: { phoneType: PhoneType.SOFT_PHONE },
      users: [{ username: 'alice' }, { username: 'bob', autoAccept: true }],
    });
  },
  PerChannel: (stack) => {
    new UserPhoneConfig(stack, 'Alice', {
      instanceId: INSTANCE_ID,
      userId: USER_ID,
      channels: [
        { channel: ConnectChannel.VOICE, voiceEnhancementMode: undefined, autoAccept: true },
        { channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(60) },
      ],
    });
  },
  LargeFleetInS3: (stack) => {
    const users: FleetUser[] = Array.from({ length: 2000 }, (_, i) => ({ userId: userId(i + 1) }));
    new UserPhoneConfigFleet(stack, 'Agents', {
      instanceId: INSTANCE_ID,
      defaults: { phoneType: PhoneType.SOFT_PHONE, afterContactWorkTimeLimit: Duration.seconds(30) },
      users,
    });
  },
  Selectors: (stack) => {
    new UserPhoneConfigFleet(stack, 'Sales', {
      instanceId: INSTANCE_ID,
      selectors: [{ routingProfileId: 'rp-sales', tags: { site: 'dub' }, settings: { afterContactWorkTimeLimit: Duration.seconds(20) } }],
    });
  },
  SecondInstanceByArn: (stack) => {
    new UserPhoneConfig(stack, 'Alice', { instanceArn: OTHER_INSTANCE_ARN, username: 'alice', autoAccept: true });
  },
  InstanceFromParameter: (stack) => {
    const instanceId = new CfnParameter(stack, 'ConnectInstanceId').valueAsString;
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId, defaults: { autoAccept: true }, users: [{ username: 'alice' }] });
  },
};

function buildApp(names: readonly string[] = Object.keys(SCENARIOS)): App {
  const app = newApp();
  for (const name of names) SCENARIOS[name](new Stack(app, name, { env: ENV }));
  return app;
}

/** Every acknowledgment recorded in the construct tree, with where it was recorded. */
function acknowledgments(root: IConstruct): { path: string; id: string; reason: unknown }[] {
  return root.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, unknown>)
      .map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason }))));
}

/** The findings, one line each, so a failure shows the rule ids to fix. */
function describe_(report: PolicyValidationPluginReport): string[] {
  return report.violations.map((v) => `${v.ruleName} on ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

/** AwsSolutions with acknowledgments ignored: what nag would report without them. */
class UnacknowledgedChecks extends AwsSolutionsChecks {
  constructor() {
    super();
    // cdk-nag reads acknowledgments in one private method; disable it to see every finding.
    (this as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  }
}

describe('cdk-nag AwsSolutions', () => {
  it('should report no unacknowledged finding on any kind of stack', () => {
    // Prepare
    const app = buildApp();

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(describe_(report)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it.each(Object.keys(SCENARIOS))('should report no unacknowledged finding on %s alone', (name) => {
    // Prepare
    const app = buildApp([name]);

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(describe_(report)).toEqual([]);
  });

  it('should acknowledge only findings nag really reports, by their specific ids', () => {
    // Prepare
    const app = buildApp(['FleetByUsername']);
    const acknowledged = acknowledgments(app).map((a) => a.id).filter((id) => id.startsWith('AwsSolutions-'));

    // Act
    const findings = new UnacknowledgedChecks().validateScope(app).violations.map((v) => v.ruleName);

    // Assess
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(acknowledged)).toEqual(new Set(findings));
    // IAM4 and IAM5 findings are acknowledged one policy or resource at a time, never as a whole rule.
    expect(acknowledged.filter((id) => /^AwsSolutions-IAM[45]$/.test(id))).toEqual([]);
  });

  it('should acknowledge the agent/* wildcard on the Connect policy only', () => {
    // Prepare
    const app = buildApp(['FleetByUsername']);

    // Act
    const wildcard = acknowledgments(app).filter((a) => a.id.includes('/agent/*'));

    // Assess
    expect(wildcard).toEqual([{
      path: 'FleetByUsername/ConnectPhoneConfigProvider/ConnectAccess',
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:connect:us-east-1:123456789012:instance/${INSTANCE_ID}/agent/*]`,
      reason: expect.stringContaining('username'),
    }]);
  });

  it('should acknowledge no agent/* wildcard where only per-user ARNs are granted, so a regression to a wildcard shows', () => {
    // Prepare: a stack naming its one user by id
    const app = buildApp(['PerChannel']);

    // Act
    const wildcard = acknowledgments(app).filter((a) => a.id.includes('/agent/*'));
    const findings = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);

    // Assess
    expect(wildcard).toEqual([]);
    expect(findings).toEqual([]);
  });

  it('should give every acknowledgment in the synthesized tree a reason', () => {
    // Prepare
    const app = buildApp();
    app.synth();

    // Act
    const all = acknowledgments(app);

    // Assess
    expect(all.length).toBeGreaterThan(0);
    for (const ack of all) {
      expect({ id: ack.id, reasonType: typeof ack.reason }).toEqual({ id: ack.id, reasonType: 'string' });
      expect((ack.reason as string).trim().length).toBeGreaterThanOrEqual(40);
    }
  });
});
