/**
 * One provider per stack: every UserPhoneConfig and UserPhoneConfigFleet in a stack shares one
 * handler (entry points of one bundle) and one role.
 *
 * The role's permissions for Connect, the `restore` policy's SSM records and the desired-state
 * objects are rendered at synth from every registered construct into **one IAM policy whose name
 * and logical id are a digest of its content**. A change of what is granted therefore makes
 * CloudFormation create a new policy before the custom resources update and delete the old one
 * only in the cleanup phase, after the replaced resources' Deletes; a rollback deletes the new
 * one after the custom resources rolled back. So the previous declaration's grants stay in force
 * for everything that still acts on it: the rollback Update, and the cleanup Delete of a replaced
 * resource. Users are granted by ARN (`instance/<id>/agent/<userId>`), or as the instance's agents
 * (`instance/<id>/agent/*`) when named by username (their ids are known only at run time) or too
 * many for two versions of the policy to fit IAM's 10,240-character limit side by side.
 */
import { createHash } from 'crypto';
import * as cdk from 'aws-cdk-lib';
import { Arn, ArnFormat, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ENV, EVENT_BUDGET_SECONDS, HANDLERS, HandlerName, HANDLER_TIMEOUT_SECONDS, INVOCATION_SAFETY_MARGIN_SECONDS, SERVICE_TIMEOUT_SECONDS, UserSpec, originalsParameterPath } from '../core/contract';
import { usesSearch } from '../core/read-strategy';
import { handlerCode, handlerOf } from './handler-asset';

/** Above this many user ARNs in a stack, the role names the instance's agents instead (two versions must fit IAM's limit together). */
export const MAX_USER_ARNS = 30;
export const HANDLER_TIMEOUT = Duration.seconds(HANDLER_TIMEOUT_SECONDS);
/** The custom resource's ServiceTimeout. */
export const SERVICE_TIMEOUT = Duration.seconds(SERVICE_TIMEOUT_SECONDS);
/**
 * The waiter polls as long as CloudFormation waits: the handler fails the event itself at its
 * event budget (55 minutes), so the framework's "Operation timed out", which names nobody, is
 * never the answer.
 */
export const TOTAL_TIMEOUT = SERVICE_TIMEOUT;
export const QUERY_INTERVAL = Duration.seconds(10);

interface InstanceGrant {
  readonly instanceArn: string;
  readonly userIds: Set<string>;
  allAgents: boolean;
  perChannel: boolean;
  search: boolean;
  /** The `restore` removal policy keeps originals in SSM parameters under the instance's path. */
  originals: boolean;
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
  readonly onEventFunction: lambda.Function;
  readonly isCompleteFunction: lambda.Function;
  private readonly grants = new Map<string, InstanceGrant>();
  private readonly agentWildcardAcknowledged = new Set<string>();
  /** SSM parameters that hold desk numbers (`deskPhoneNumberParameterName`): read, decrypted, at run time. */
  private readonly numberParameters = new Set<string>();
  private readonly objectArns = new Set<string>();
  private readonly accessPolicy: iam.CfnPolicy;
  private scheduleFunction?: lambda.Function;
  /** The last resource declared per instance: the next one waits for it (chainOnInstance). */
  private readonly lastOnInstance = new Map<string, Construct>();
  private failureDestination?: lambda.IDestination;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Reconciles the phone configuration of the Amazon Connect users declared in this stack',
    });

    this.accessPolicy = new iam.CfnPolicy(this, 'ConnectAccess', {
      policyName: Lazy.string({ produce: () => `cdk-connect-phone-config-${this.policyDigest()}` }),
      roles: [this.role.roleName],
      policyDocument: Lazy.any({ produce: () => this.renderAccessPolicy() }),
    });
    // The digest names the resource too, so a change of grants is a new policy (see above).
    this.node.addValidation({ validate: () => {
      this.accessPolicy.overrideLogicalId(`ConnectAccess${this.policyDigest()}`);
      return [];
    } });

    this.onEventFunction = this.handler('OnEvent', HANDLERS.onEvent);
    this.isCompleteFunction = this.handler('IsComplete', HANDLERS.isComplete);
    // The framework's own functions log only at FATAL (their default), to a group with a retention,
    // under roles of their own that may write to it and nothing else (no AWSLambdaBasicExecutionRole);
    // the Provider adds what they invoke.
    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const frameworkRole = (roleId: string) => {
      const role = new iam.Role(this, roleId, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: 'CDK Provider framework functions of cdk-connect-phone-config' });
      frameworkLogs.grantWrite(role);
      return role;
    };
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEventFunction,
      isCompleteHandler: this.isCompleteFunction,
      queryInterval: QUERY_INTERVAL,
      totalTimeout: TOTAL_TIMEOUT,
      logGroup: frameworkLogs,
      frameworkOnEventRole: frameworkRole('FrameworkOnEventRole'),
      frameworkCompleteAndTimeoutRole: frameworkRole('FrameworkWaiterRole'),
    });
    this.serviceToken = provider.serviceToken;
    acknowledgeFrameworkFindings(provider, [this.onEventFunction, this.isCompleteFunction]);
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
    for (const user of users) if (user.DeskPhoneNumberParameter !== undefined) this.numberParameters.add(user.DeskPhoneNumberParameter);
    this.acknowledgeAgentWildcards();
  }

  /**
   * Grants what agent selectors need: SearchUsers to find the agents, and the writes on every agent
   * of the instance (who matches is known only at run time). Nothing beyond this one instance.
   */
  grantSelectors(instanceArn: string, perChannelWrites: boolean): void {
    const grant = this.grantFor(instanceArn);
    grant.allAgents = true;
    grant.search = true;
    grant.perChannel ||= perChannelWrites;
    this.acknowledgeAgentWildcards();
  }

  /**
   * Acknowledges `instance/<id>/agent/*` only for instances whose statements now contain it (grants
   * only grow, so once there it stays): a stack granting per-user ARNs has no acknowledgement that
   * could hide a regression.
   */
  private acknowledgeAgentWildcards(): void {
    for (const grant of this.grants.values()) {
      if (this.agentWildcardAcknowledged.has(grant.instanceArn)) continue;
      const wildcard = grant.search || this.agentResources(grant)[0] === `${grant.instanceArn}/agent/*`;
      if (!wildcard) continue;
      this.agentWildcardAcknowledged.add(grant.instanceArn);
      acknowledge(this.accessPolicy, [{
        id: `AwsSolutions-IAM5[Resource::${flatten(Stack.of(this).resolve(`${grant.instanceArn}/agent/*`))}]`,
        reason: grant.search
          ? 'SearchUsers authorizes on the instance and its agents (instance/<id>/agent/*): the handler searches when users are named by username, more than 10 are declared, or agent selectors are declared. UpdateUserPhoneConfig and UpdateUserConfig are granted on the same wildcard only when users are named by username or chosen by agent selectors (ids known only at run time) or there are more than 30; all within this one Connect instance.'
          : 'More users are declared than an inline policy can list (over 30 ARNs), so the agents of this one Connect instance (instance/<id>/agent/*) are granted instead.',
      }]);
    }
  }

  /**
   * Makes `resource` wait for the previous resource of the same instance in this stack, so that
   * CloudFormation runs them one after another (in declaration order; a rollback in reverse) and
   * together they never ask Connect for more than one resource's rate. Parallel resources would
   * each pace to the full quota and be throttled. Serializing costs no throughput (the quota is
   * the limit either way) and each resource starts with the quota's full burst.
   */
  chainOnInstance(instanceArn: string, resource: Construct): void {
    const key = JSON.stringify(Stack.of(this).resolve(instanceArn));
    const previous = this.lastOnInstance.get(key);
    if (previous !== undefined) resource.node.addDependency(previous);
    this.lastOnInstance.set(key, resource);
  }

  /** Whether the role may call UpdateUserConfig on the instance's users (known once all constructs registered). */
  perChannelWritesFor(instanceArn: string): boolean {
    return this.grants.get(instanceArn)?.perChannel ?? false;
  }

  /** Whether the role may use the instance's restore records (known once all constructs registered). */
  originalsFor(instanceArn: string): boolean {
    return this.grants.get(instanceArn)?.originals ?? false;
  }

  /** Lets the handler keep and read the original settings of the instance's users (`restore` policy). */
  grantOriginals(instanceArn: string): void {
    const grant = this.grantFor(instanceArn);
    if (grant.originals) return;
    grant.originals = true;
    acknowledge(this.accessPolicy, [{
      id: `AwsSolutions-IAM5[Resource::${flatten(Stack.of(this).resolve(originalsArn(this, instanceArn, '/*')))}]`,
      reason: 'The restore removal policy keeps one SSM parameter per user under the stack\'s own path, /cdk-connect-phone-config/<stack name>/<instance id>/, and every resource of the stack reads it (a retain resource takes over the users it declares); the user ids are known only as users are first changed, so the grant names that one path of this stack.',
    }]);
  }

  /**
   * The function that re-runs the reconcile on a schedule (drift correction between deploys),
   * created when the first construct of the stack asks for it. Lambda does not retry its
   * asynchronous events (the next scheduled run corrects anyway); a failed run goes to the
   * destination, when one is given.
   */
  driftCorrectionFunction(failureDestination: lambda.IDestination | undefined): lambda.Function {
    if (this.scheduleFunction) {
      if (failureDestination !== this.failureDestination) {
        throw new Error(`${this.node.path}: every construct of a stack with \`driftCorrection\` must give the same \`driftCorrectionFailureDestination\` (the stack has one scheduled handler, and one destination for its failed runs); give them all the same destination, or none.`);
      }
      return this.scheduleFunction;
    }
    this.failureDestination = failureDestination;
    this.scheduleFunction = this.handler('OnSchedule', HANDLERS.onSchedule);
    this.scheduleFunction.configureAsyncInvoke({ retryAttempts: 0, onFailure: failureDestination });
    return this.scheduleFunction;
  }

  /** Lets the handler read one desired-state object (a large fleet's users). */
  grantReadObject(objectArn: string): void {
    this.objectArns.add(objectArn);
  }

  private handler(id: string, handler: HandlerName): lambda.Function {
    // Named, so that its log group can be named `/aws/lambda/<name>` at synth: where Lambda,
    // the Provider framework's "Logs:" pointer and this library's failure reasons all look.
    const functionName = functionNameFor(this, id);
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const fn = new lambda.Function(this, id, {
      functionName,
      code: handlerCode(),
      handler: handlerOf(handler),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // At or under 14 minutes: the handler stops starting calls a minute before, then reports.
      timeout: HANDLER_TIMEOUT,
      role: this.role,
      logGroup,
      environment: {
        [ENV.safetyMarginSeconds]: String(INVOCATION_SAFETY_MARGIN_SECONDS),
        [ENV.eventBudgetSeconds]: String(EVENT_BUDGET_SECONDS),
        [ENV.logLevel]: 'INFO',
      },
      description: 'cdk-connect-phone-config: reconciles Amazon Connect user phone settings',
    });
    // Logs only to its own group (instead of the AWSLambdaBasicExecutionRole managed policy's `*`).
    logGroup.grantWrite(this.role);
    // The handler must not run before its permissions exist.
    fn.node.addDependency(this.accessPolicy);
    return fn;
  }

  private grantFor(instanceArn: string): InstanceGrant {
    const existing = this.grants.get(instanceArn);
    if (existing) return existing;
    const grant: InstanceGrant = { instanceArn, userIds: new Set(), allAgents: false, perChannel: false, search: false, originals: false };
    this.grants.set(instanceArn, grant);
    return grant;
  }

  /** A digest of the rendered policy: its name and logical id change exactly when what it grants changes. */
  private policyDigest(): string {
    const rendered = JSON.stringify(Stack.of(this).resolve(this.renderAccessPolicy()));
    return createHash('sha256').update(rendered).digest('hex').slice(0, 10).toUpperCase();
  }

  /** The Connect, SSM and S3 statements, rendered at synth from every registered construct. */
  private renderAccessPolicy(): unknown {
    const statements: unknown[] = [...this.grants.values()].flatMap((grant) => {
      const agents = this.agentResources(grant);
      const writes = ['connect:DescribeUser', 'connect:UpdateUserPhoneConfig', ...(grant.perChannel ? ['connect:UpdateUserConfig'] : [])];
      return [
        { Effect: 'Allow', Action: writes, Resource: agents.length === 1 ? agents[0] : agents },
        // SearchUsers authorizes on the instance; granted only to stacks whose handler searches.
        ...(grant.search ? [{ Effect: 'Allow', Action: 'connect:SearchUsers', Resource: [grant.instanceArn, `${grant.instanceArn}/agent/*`] }] : []),
        ...(grant.originals ? [
          { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: originalsArn(this, grant.instanceArn, '') },
          { Effect: 'Allow', Action: ['ssm:PutParameter', 'ssm:DeleteParameter'], Resource: originalsArn(this, grant.instanceArn, '/*') },
        ] : []),
      ];
    });
    if (this.numberParameters.size > 0) {
      // Each named parameter only; SecureStrings under the account's aws/ssm key need no KMS grant.
      const arns = [...this.numberParameters].sort().map((name) => Stack.of(this).formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, ''), arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
      statements.push({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: arns.length === 1 ? arns[0] : arns });
    }
    if (this.objectArns.size > 0) {
      const objects = [...this.objectArns];
      statements.push({ Effect: 'Allow', Action: 's3:GetObject', Resource: objects.length === 1 ? objects[0] : objects });
    }
    return { Version: '2012-10-17', Statement: statements };
  }

  private agentResources(grant: InstanceGrant): string[] {
    const arnCount = [...this.grants.values()].reduce((n, g) => n + g.userIds.size, 0);
    if (grant.allAgents || arnCount > MAX_USER_ARNS) return [`${grant.instanceArn}/agent/*`];
    return [...grant.userIds].sort().map((id) => `${grant.instanceArn}/agent/${id}`);
  }
}

/**
 * `<stack>-<digest>-<id>`, within Lambda's 64 characters: unique in the account and region
 * (stack names are) and stable across deploys.
 */
function functionNameFor(scope: Construct, id: string): string {
  const stack = Stack.of(scope);
  const digest = createHash('sha256').update(`${stack.stackName}/${scope.node.path}`).digest('hex').slice(0, 8);
  const suffix = `-cpc${digest}-${id}`;
  return `${stack.stackName.replace(/[^a-zA-Z0-9-_]/g, '-').slice(0, 64 - suffix.length)}${suffix}`;
}

/** The SSM parameter path (`suffix` '' for the folder itself, '/*' for its parameters) of an instance's originals. */
function originalsArn(scope: Construct, instanceArn: string, suffix: string): string {
  const instanceId = Arn.split(instanceArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName as string;
  const stack = Stack.of(scope);
  // The handler derives the same path from the event's StackId: the records are the stack's own.
  const path = originalsParameterPath(stack.stackName, instanceId).slice(1);
  return stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: `${path}${suffix}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/**
 * Findings on the CDK Provider framework's own resources (its three functions, their roles and the
 * waiter state machine), each with the reason it is acceptable. The ids are the ones cdk-nag's
 * AwsSolutions pack reports, so a finding that changes shape shows up again instead of staying hidden.
 */
function acknowledgeFrameworkFindings(provider: cr.Provider, handlers: lambda.IFunction[]): void {
  const stack = Stack.of(provider);
  // The version/alias wildcard `<function arn>:*` that `grantInvoke` adds next to a function's ARN.
  const versionsOf = (fn: lambda.IFunction) => `AwsSolutions-IAM5[Resource::${flatten(stack.resolve(fn.functionArn))}:*]`;
  const frameworkFunctions = ['framework-isComplete', 'framework-onTimeout']
    .map((id) => provider.node.tryFindChild(id))
    .filter((fn): fn is lambda.Function => fn instanceof lambda.Function);
  acknowledge(provider.node.scope as Construct, [
    ...handlers.map((fn) => ({
      id: versionsOf(fn),
      reason: "The CDK Provider framework invokes this stack's handler function and any of its versions (`<function arn>:*`); the wildcard covers versions of that one function only.",
    })),
    ...frameworkFunctions.map((fn) => ({
      id: versionsOf(fn),
      reason: "The Provider framework's waiter state machine invokes the framework's own isComplete/onTimeout function and any of its versions (`<function arn>:*`); the wildcard covers versions of that one function only.",
    })),
    { id: 'AwsSolutions-SF1', reason: "The Provider framework's waiter state machine is left without logging on purpose: its execution data is the whole event (the declared settings and the pre-signed response URL), and Step Functions log delivery needs logs:* on '*'. It only polls isComplete; the handler logs every step to its own log group." },
    { id: 'AwsSolutions-SF2', reason: "The CDK Provider framework's waiter state machine offers no X-Ray option; it only polls isComplete, and the handler logs each Connect call." },
  ]);
}

/** The metadata key `Validations.acknowledge` writes and cdk-nag 3 reads (on the resource or an ancestor). */
const ACKNOWLEDGED_RULES_METADATA_KEY = 'aws:cdk:acknowledged-rules';

/**
 * Records reviewed rule findings (cdk-nag reads them) with the reason each is acceptable. aws-cdk-lib
 * before 2.262 has no `Validations`: there the same metadata is written directly, as it would.
 */
function acknowledge(scope: Construct, rules: { id: string; reason: string }[]): void {
  const validations = (cdk as { Validations?: typeof Validations }).Validations;
  if (validations !== undefined) {
    validations.of(scope).acknowledge(...rules);
    return;
  }
  for (const rule of rules) scope.node.addMetadata(ACKNOWLEDGED_RULES_METADATA_KEY, { [rule.id]: rule.reason });
}

/**
 * A resolved CloudFormation value as cdk-nag names it in finding ids (`<AWS::Partition>`, `<Res.Arn>`):
 * the same rules as cdk-nag's `flattenCfnReference`, which this package cannot import at run time.
 */
export function flatten(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const v = value as Record<string, unknown>;
  if (v?.['Fn::Join']) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(sep);
  }
  if (v?.['Fn::Sub']) return flatten(v['Fn::Sub']);
  if (v?.['Fn::GetAtt']) {
    const [resource, attribute] = v['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (v?.['Fn::ImportValue']) return flatten(v['Fn::ImportValue']);
  if (v?.Ref) return `<${flatten(v.Ref)}>`;
  return JSON.stringify(value);
}

export function instanceArnFromId(scope: Construct, instanceId: string): string {
  return Stack.of(scope).formatArn({ service: 'connect', resource: 'instance', resourceName: instanceId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}
