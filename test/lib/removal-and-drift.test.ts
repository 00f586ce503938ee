import { App, CfnParameter, Duration, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FleetUser, PhoneType, UserPhoneConfig, UserPhoneConfigFleet, UserRemovalPolicy } from '../../lib';
import { RESOURCE_TYPE } from '../../lib/core/contract';
import {
  ACCOUNT,
  ENV,
  INSTANCE_ID,
  OTHER_INSTANCE_ARN,
  OTHER_INSTANCE_ID,
  OTHER_USER_ID,
  REGION,
  USER_ID,
  actionsOf,
  accessPolicy,
  newApp,
  newStack,
  userId,
  synthesized,
} from '../fixtures/stacks';

const HOURLY = Schedule.rate(Duration.hours(1));

/** The SSM parameter ARN (path) of an instance's originals, as the sample-environment stack renders it. */
function parameterArnJoin(suffix: string, instanceId = INSTANCE_ID): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:${REGION}:${ACCOUNT}:parameter/cdk-connect-phone-config/TestStack/${instanceId}${suffix}`]] };
}

function ssmStatements(template: Template): Record<string, unknown>[] {
  return accessPolicy(template).properties.PolicyDocument.Statement.filter((s) => actionsOf([s]).some((a) => a.startsWith('ssm:')));
}

/** Every IAM statement of the stack that names an `ssm:` action. */
function allSsmStatements(template: Template): Record<string, unknown>[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }[];
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => actionsOf([s]).some((a) => a.startsWith('ssm:')));
}

function findings(report: PolicyValidationPluginReport): string[] {
  return report.violations.map((v) => `${v.ruleName} on ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

describe('removalPolicy', () => {
  it('should grant exactly the SSM statements with RESTORE, scoped to the instance\'s parameter path', () => {
    // Prepare
    const stack = newStack();

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, removalPolicy: UserRemovalPolicy.RESTORE });

    // Assess
    const template = Template.fromStack(stack);
    expect(allSsmStatements(template)).toEqual([
      { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: parameterArnJoin('') },
      { Effect: 'Allow', Action: ['ssm:PutParameter', 'ssm:DeleteParameter'], Resource: parameterArnJoin('/*') },
    ]);
    for (const statement of allSsmStatements(template)) {
      expect([statement.Resource].flat()).not.toContain('*');
    }
    template.hasResourceProperties(RESOURCE_TYPE, { RemovalPolicy: 'restore' });
  });

  it('should grant the SSM statements once for two RESTORE constructs of one instance', () => {
    // Prepare
    const stack = newStack();

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, removalPolicy: UserRemovalPolicy.RESTORE });
    new UserPhoneConfig(stack, 'Bob', { instanceId: INSTANCE_ID, userId: OTHER_USER_ID, autoAccept: true, removalPolicy: UserRemovalPolicy.RESTORE });

    // Assess
    expect(ssmStatements(Template.fromStack(stack))).toHaveLength(2);
  });

  it('should scope each RESTORE instance to its own path, in the stack\'s account and region', () => {
    // Prepare
    const stack = newStack();

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, removalPolicy: UserRemovalPolicy.RESTORE });
    new UserPhoneConfig(stack, 'Remote', { instanceArn: OTHER_INSTANCE_ARN, userId: OTHER_USER_ID, autoAccept: true, removalPolicy: UserRemovalPolicy.RESTORE });

    // Assess
    const resources = ssmStatements(Template.fromStack(stack)).map((s) => s.Resource);
    expect(resources).toEqual([
      parameterArnJoin(''), parameterArnJoin('/*'),
      parameterArnJoin('', OTHER_INSTANCE_ID), parameterArnJoin('/*', OTHER_INSTANCE_ID),
    ]);
  });

  it('should let RETAIN (the default) read and take over the stack\'s own records only, declaring no removal policy', () => {
    // Prepare
    const stack = newStack();

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, users: [{ username: 'bob', autoAccept: true }], removalPolicy: UserRemovalPolicy.RETAIN });

    // Assess
    const template = Template.fromStack(stack);
    expect(allSsmStatements(template)).toEqual([
      { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: parameterArnJoin('') },
      { Effect: 'Allow', Action: ['ssm:PutParameter', 'ssm:DeleteParameter'], Resource: parameterArnJoin('/*') },
    ]);
    template.hasResourceProperties(RESOURCE_TYPE, { Users: [Match.objectLike({ UserId: USER_ID })], RemovalPolicy: Match.absent() });
    template.hasResourceProperties(RESOURCE_TYPE, { Users: [Match.objectLike({ Username: 'bob' })], RemovalPolicy: 'retain' });
  });
});

describe('driftCorrection', () => {
  it('should add an EventBridge rule on the schedule, targeting index.onSchedule', () => {
    // Prepare
    const stack = newStack();

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, driftCorrection: HOURLY });

    // Assess
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('OnSchedule'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.onSchedule' });
  });

  it('should carry the deployed properties and the construct path in the rule input, without DeploymentNonce', () => {
    // Prepare
    const stack = newStack();

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, removalPolicy: UserRemovalPolicy.RESTORE, driftCorrection: HOURLY });

    // Assess
    const template = Template.fromStack(stack);
    const [rule] = Object.values(template.findResources('AWS::Events::Rule')) as { Properties: { Targets: { Input: unknown }[] } }[];
    const input = JSON.parse(resolveJoin(rule.Properties.Targets[0].Input));
    expect(input).toEqual({
      ResourceProperties: {
        Version: '1',
        InstanceArn: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${INSTANCE_ID}`,
        Users: [{ UserId: USER_ID, PhoneConfig: { AutoAccept: true } }],
        PerChannelWrites: true,
        RemovalPolicy: 'restore',
      },
      ResourcePath: 'TestStack/Alice',
    });
    // The custom resource itself still has its nonce: deploys reconcile, the rule does not change.
    template.hasResourceProperties(RESOURCE_TYPE, { DeploymentNonce: 'test-nonce' });
  });

  it('should take the nonce from the context key the constructs publish', () => {
    // Prepare
    const app = new App({ context: { [UserPhoneConfigFleet.DEPLOYMENT_NONCE_CONTEXT]: 'fixed' } });
    const stack = new Stack(app, 'Nonce', { env: ENV });

    // Act
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, users: [{ userId: USER_ID, autoAccept: true }] });

    // Assess
    expect(UserPhoneConfig.DEPLOYMENT_NONCE_CONTEXT).toBe(UserPhoneConfigFleet.DEPLOYMENT_NONCE_CONTEXT);
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { DeploymentNonce: 'fixed' });
  });

  it('should create one index.onSchedule function per stack, even with two constructs', () => {
    // Prepare
    const stack = newStack();

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, driftCorrection: HOURLY });
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, users: [{ userId: OTHER_USER_ID, autoAccept: true }], driftCorrection: Schedule.cron({ minute: '0', hour: '6' }) });

    // Assess
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.onSchedule' } }))).toHaveLength(1);
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 * * ? *)' });
    // The same role as the other entry points.
    const roles = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: Match.stringLikeRegexp('^index\\.') } }))
      .map((f) => JSON.stringify((f as { Properties: { Role: unknown } }).Properties.Role));
    expect(new Set(roles).size).toBe(1);
    expect(roles).toHaveLength(3);
  });

  it('should let events.amazonaws.com invoke the function, from each rule only', () => {
    // Prepare
    const stack = newStack();

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, driftCorrection: HOURLY });

    // Assess
    const template = Template.fromStack(stack);
    const [ruleId] = Object.keys(template.findResources('AWS::Events::Rule'));
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('OnSchedule'), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  it('should not let Lambda retry scheduled runs, and send a failed one to the destination given', () => {
    // Prepare
    const stack = newStack();
    const queue = new Queue(stack, 'FailedRuns');

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, driftCorrection: HOURLY, driftCorrectionFailureDestination: new SqsDestination(queue) });

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FailedRuns'), 'Arn'] } } },
    });
  });

  it('should fail at synth, naming the property, when two constructs give different failure destinations', () => {
    const stack = newStack();
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, driftCorrection: HOURLY });
    const queue = new Queue(stack, 'FailedRuns');
    expect(() => synthesized(new UserPhoneConfig(stack, 'Bob', { instanceId: INSTANCE_ID, userId: OTHER_USER_ID, autoAccept: true, driftCorrection: HOURLY, driftCorrectionFailureDestination: new SqsDestination(queue) })))
      .toThrow(/must give the same `driftCorrectionFailureDestination`/);
  });

  it('should create no rule and no onSchedule function without driftCorrection', () => {
    // Prepare
    const stack = newStack();

    // Act
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });

    // Assess
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.onSchedule' } })).toEqual({});
  });

  it('should put users above 6 KB in the S3 desired-state object, named by the rule input', () => {
    // Prepare
    const stack = newStack();
    const users: FleetUser[] = Array.from({ length: 150 }, (_, i) => ({ userId: userId(i + 1) }));
    expect(Buffer.byteLength(JSON.stringify({ Users: users.map((u) => ({ UserId: u.userId, PhoneConfig: { AutoAccept: true } })) }))).toBeGreaterThan(6 * 1024);
    expect(Buffer.byteLength(JSON.stringify({ Users: users.map((u) => ({ UserId: u.userId, PhoneConfig: { AutoAccept: true } })) }))).toBeLessThan(48 * 1024);

    // Act
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users, driftCorrection: HOURLY });

    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties(RESOURCE_TYPE, { Users: Match.absent(), DesiredStateObject: { Bucket: Match.anyValue(), Key: Match.stringLikeRegexp('\\.json$') } });
    const [rule] = Object.values(template.findResources('AWS::Events::Rule')) as { Properties: { Targets: { Input: unknown }[] } }[];
    const input = resolveJoin(rule.Properties.Targets[0].Input);
    expect(input).toContain('"DesiredStateObject"');
    expect(input).not.toContain('"Users"');
    expect(Buffer.byteLength(input)).toBeLessThan(8 * 1024);
  });

  it('should keep the same fleet inline without driftCorrection (48 KB limit)', () => {
    // Prepare
    const stack = newStack();
    const users: FleetUser[] = Array.from({ length: 150 }, (_, i) => ({ userId: userId(i + 1) }));

    // Act
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users });

    // Assess
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { Users: Match.arrayWith([{ UserId: userId(1), PhoneConfig: { AutoAccept: true } }]), DesiredStateObject: Match.absent() });
  });
});

describe('cdk-nag AwsSolutions with both features', () => {
  const BOTH = { removalPolicy: UserRemovalPolicy.RESTORE, driftCorrection: HOURLY };

  it('should report no unacknowledged finding', () => {
    // Prepare
    const app = newApp();
    const stack = new Stack(app, 'Both', { env: ENV });
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, phoneType: PhoneType.SOFT_PHONE, autoAccept: true, ...BOTH });
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users: [{ username: 'bob' }], ...BOTH });
    new UserPhoneConfig(stack, 'Remote', { instanceArn: OTHER_INSTANCE_ARN, username: 'carol', autoAccept: true, ...BOTH });

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(findings(report)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('should acknowledge the SSM path wildcard on the Connect policy only, with a reason', () => {
    // Prepare
    const app = newApp();
    const stack = new Stack(app, 'Both', { env: ENV });
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, ...BOTH });

    // Act
    const acknowledged = stack.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, unknown>).map(([ruleId, reason]) => ({ path: c.node.path, id: ruleId.replace(/^annotation::/i, ''), reason }))))
      .filter((a) => a.id.includes(':ssm:'));

    // Assess
    expect(acknowledged).toEqual([{
      path: 'Both/ConnectPhoneConfigProvider/ConnectAccess',
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:${REGION}:${ACCOUNT}:parameter/cdk-connect-phone-config/Both/${INSTANCE_ID}/*]`,
      reason: expect.stringContaining('/cdk-connect-phone-config/'),
    }]);
  });

  it('should report no unacknowledged finding for a large fleet in S3', () => {
    // Prepare
    const app = newApp();
    const stack = new Stack(app, 'LargeBoth', { env: ENV });
    const users: FleetUser[] = Array.from({ length: 300 }, (_, i) => ({ userId: userId(i + 1) }));
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users, ...BOTH });

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(findings(report)).toEqual([]);
  });

  it('should report no unacknowledged finding when the instance id is a parameter', () => {
    // Prepare
    const app = newApp();
    const stack = new Stack(app, 'FromParameter', { env: ENV });
    const instanceId = new CfnParameter(stack, 'ConnectInstanceId').valueAsString;
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId, defaults: { autoAccept: true }, users: [{ username: 'alice' }], ...BOTH });

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(findings(report)).toEqual([]);
  });
});

/** A target input as CloudFormation resolves it in the sample environment (partition `aws`). */
function resolveJoin(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return join[1].map((part) => (typeof part === 'string' ? part : (part as { Ref: string }).Ref === 'AWS::Partition' ? 'aws' : JSON.stringify(part))).join(join[0]);
}
