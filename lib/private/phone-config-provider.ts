/**
 * One provider per stack: every UserPhoneConfig and UserPhoneConfigFleet in a stack shares one
 * handler (two entry points of one bundle), one role and one log group.
 *
 * The role's Connect permissions grow as constructs register their users and are rendered at
 * synth: each user's own ARN (`instance/<id>/agent/<userId>`), or the instance's agents
 * (`instance/<id>/agent/*`) when users are named by username (their ids are unknown until run
 * time) or so many that the policy would outgrow IAM's 10,240-character limit for inline policies.
 */
import * as path from 'path';
import { ArnFormat, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ENV, HANDLERS, UserSpec } from '../core/contract';
import { usesSearch } from '../core/read-strategy';
import { packageRoot } from './package-root';

/** Above this many user ARNs in a stack, the role names the instance's agents instead. */
export const MAX_USER_ARNS = 40;
export const HANDLER_TIMEOUT = Duration.minutes(14);
/** Under CloudFormation's one-hour custom resource limit, leaving time to report. */
export const TOTAL_TIMEOUT = Duration.minutes(55);
export const QUERY_INTERVAL = Duration.seconds(10);

interface InstanceGrant {
  readonly instanceArn: string;
  readonly userIds: Set<string>;
  allAgents: boolean;
  perChannel: boolean;
  search: boolean;
}

export class PhoneConfigProvider extends Construct {
  /** The stack's provider, created on first use. */
  static of(scope: Construct): PhoneConfigProvider {
    const stack = Stack.of(scope);
    const id = 'ConnectPhoneConfigProvider';
    return (stack.node.tryFindChild(id) as PhoneConfigProvider | undefined) ?? new PhoneConfigProvider(stack, id);
  }

  readonly serviceToken: string;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly onEventFunction: lambda.Function;
  readonly isCompleteFunction: lambda.Function;
  private readonly grants = new Map<string, InstanceGrant>();
  private readonly connectPolicy: iam.CfnPolicy;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Reconciles the phone configuration of the Amazon Connect users declared in this stack',
    });
    // Logs only to its own group (instead of the AWSLambdaBasicExecutionRole managed policy's `*`).
    this.logGroup.grantWrite(this.role);

    this.connectPolicy = new iam.CfnPolicy(this, 'ConnectAccess', {
      policyName: 'ConnectUserPhoneConfig',
      roles: [this.role.roleName],
      policyDocument: Lazy.any({ produce: () => this.renderConnectPolicy() }),
    });

    this.onEventFunction = this.handler('OnEvent', HANDLERS.onEvent);
    this.isCompleteFunction = this.handler('IsComplete', HANDLERS.isComplete);
    // The handler must not run before its Connect permissions exist.
    this.onEventFunction.node.addDependency(this.connectPolicy);
    this.isCompleteFunction.node.addDependency(this.connectPolicy);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEventFunction,
      isCompleteHandler: this.isCompleteFunction,
      queryInterval: QUERY_INTERVAL,
      totalTimeout: TOTAL_TIMEOUT,
      logGroup: this.logGroup,
    });
    this.serviceToken = provider.serviceToken;
    suppressFrameworkFindings(provider);
  }

  /** Grants the handler what reconciling `users` of the instance needs, and nothing more. */
  grantUsers(instanceArn: string, users: readonly UserSpec[], perChannelWrites: boolean): void {
    const grant = this.grantFor(instanceArn);
    for (const user of users) {
      if (user.UserId !== undefined) grant.userIds.add(user.UserId);
      else grant.allAgents = true;
    }
    grant.perChannel ||= perChannelWrites;
    grant.search ||= usesSearch(users);
  }

  /** Lets the handler read one desired-state object (a large fleet's users). */
  grantReadObject(objectArn: string): void {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objectArn] }));
  }

  private handler(id: string, handler: string): NodejsFunction {
    return new NodejsFunction(this, id, {
      entry: path.join(packageRoot(), 'lambda', 'index.ts'),
      handler,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // At or under 14 minutes: the handler stops starting calls a minute before, then reports.
      timeout: HANDLER_TIMEOUT,
      role: this.role,
      logGroup: this.logGroup,
      environment: { [ENV.safetyMarginSeconds]: '60', [ENV.logLevel]: 'INFO' },
      description: 'cdk-connect-phone-config: reconciles Amazon Connect user phone settings',
      bundling: {
        // The Connect client goes into the bundle: its version is the one this package was tested with.
        bundleAwsSDK: true,
        minify: true,
        format: OutputFormat.CJS,
        target: 'node22',
      },
    });
  }

  private grantFor(instanceArn: string): InstanceGrant {
    const existing = this.grants.get(instanceArn);
    if (existing) return existing;
    const grant: InstanceGrant = { instanceArn, userIds: new Set(), allAgents: false, perChannel: false, search: false };
    this.grants.set(instanceArn, grant);
    acknowledge(this.connectPolicy, [{
      id: `AwsSolutions-IAM5[Resource::${flatten(Stack.of(this).resolve(`${instanceArn}/agent/*`))}]`,
      reason: 'instance/<id>/agent/* is used only when users are named by username (their ids are known only at run time) or when the stack declares more users than an inline policy can list; it is scoped to the agents of this one Connect instance.',
    }]);
    return grant;
  }

  /** The Connect statements, rendered at synth from every registered construct's users. */
  private renderConnectPolicy(): unknown {
    const statements = [...this.grants.values()].flatMap((grant) => {
      const agents = this.agentResources(grant);
      const writes = ['connect:DescribeUser', 'connect:UpdateUserPhoneConfig', ...(grant.perChannel ? ['connect:UpdateUserConfig'] : [])];
      return [
        { Effect: 'Allow', Action: writes, Resource: agents.length === 1 ? agents[0] : agents },
        // SearchUsers authorizes on the instance; granted only to stacks whose handler searches.
        ...(grant.search ? [{ Effect: 'Allow', Action: 'connect:SearchUsers', Resource: [grant.instanceArn, `${grant.instanceArn}/agent/*`] }] : []),
      ];
    });
    return { Version: '2012-10-17', Statement: statements };
  }

  private agentResources(grant: InstanceGrant): string[] {
    const arnCount = [...this.grants.values()].reduce((n, g) => n + g.userIds.size, 0);
    if (grant.allAgents || arnCount > MAX_USER_ARNS) return [`${grant.instanceArn}/agent/*`];
    return [...grant.userIds].sort().map((id) => `${grant.instanceArn}/agent/${id}`);
  }
}

/** Findings on the CDK Provider framework's own functions, role and state machine, with reasons. */
function suppressFrameworkFindings(provider: cr.Provider): void {
  acknowledge(provider, [
    { id: 'AwsSolutions-L1', reason: 'The CDK Provider framework chooses the runtime of its own functions; the handler itself runs on the latest Node.js runtime.' },
    { id: 'AwsSolutions-SF1', reason: 'The waiter state machine only polls isComplete; the handler logs every step to its own log group.' },
    { id: 'AwsSolutions-SF2', reason: 'X-Ray tracing of the CDK Provider framework waiter adds cost and no insight into the Connect calls.' },
  ]);
}

/** Records reviewed rule findings (cdk-nag reads them) with the reason each is acceptable. */
function acknowledge(scope: Construct, rules: { id: string; reason: string }[]): void {
  Validations.of(scope).acknowledge(...rules);
}

/** A resolved CloudFormation value as cdk-nag names it in finding ids (`<AWS::Partition>`, `<Res.Arn>`). */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flatten).join('');
  const v = value as Record<string, unknown>;
  if (v?.Ref !== undefined) return `<${String(v.Ref)}>`;
  if (v?.['Fn::GetAtt'] !== undefined) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if (v?.['Fn::Join'] !== undefined) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(sep);
  }
  return JSON.stringify(value);
}

export function instanceArnFromId(scope: Construct, instanceId: string): string {
  return Stack.of(scope).formatArn({ service: 'connect', resource: 'instance', resourceName: instanceId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}
