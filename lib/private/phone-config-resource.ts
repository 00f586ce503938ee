/**
 * What both constructs do: resolve the instance, validate every user with the one validator, catch
 * duplicates, grant the handler, and declare the custom resource (its users inline, or in an S3
 * asset when they would make the event too large).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, CustomResource, Stack, Token } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { CONTRACT_VERSION, DEPLOYMENT_NONCE_CONTEXT, INLINE_USERS_MAX_BYTES, RESOURCE_TYPE, ResourceSpec, SCHEDULE_INLINE_USERS_MAX_BYTES, SelectorSpec, UserSpec, userKey } from '../core/contract';
import { deployBound } from '../core/deploy-budget';
import { MAX_PARTS, partCapacity, splitIntoParts } from '../core/fleet-parts';
import { targetOf } from '../core/plan';
import { CONNECT_ID, LEGACY_TO_VOICE, ValidationIssue, validateResource } from '../core/validate';
import { ConnectInstanceReference, ReconcileOptions } from '../settings';
import { PhoneConfigProvider, SERVICE_TIMEOUT, instanceArnFromId } from './phone-config-provider';
import { registerUsers } from './user-registry';

export interface PhoneConfigResourceProps extends ConnectInstanceReference, ReconcileOptions {
  readonly users: readonly UserSpec[];
  /** Agent selectors (fleets only). */
  readonly selectors?: readonly SelectorSpec[];
  /** Labels for messages, one per user (e.g. `users[3] (alice)`); the construct path is prefixed. */
  readonly labels?: readonly string[];
}

/**
 * Whether some declared setting can only be written with UpdateUserConfig: anything but the VOICE
 * settings PhoneConfig holds, or another channel's ACW equal to VOICE's (UpdateUserPhoneConfig puts
 * one ACW on every channel).
 */
function needsUserConfig(user: Pick<UserSpec, 'PhoneConfig' | 'Channels'>): boolean {
  const target = targetOf(user as UserSpec);
  const voiceAcw = target.VOICE?.AfterContactWorkTimeLimit;
  return Object.entries(target).some(([channel, settings]) => Object.entries(settings ?? {}).some(([field, value]) => channel === 'VOICE'
    ? !(Object.values(LEGACY_TO_VOICE) as string[]).includes(field)
    : field !== 'AfterContactWorkTimeLimit' || voiceAcw === undefined || value !== voiceAcw));
}

/**
 * Declares the custom resource (a fleet too large for one resource's hour: its parts, chained), or,
 * when the props break a rule, nothing: every problem (of this
 * construct and of every other one) is then reported when the app synthesizes, all at once, before
 * any provider is created or handler bundled.
 */
export function declarePhoneConfigResource(scope: Construct, props: PhoneConfigResourceProps, conversionIssues: readonly ValidationIssue[] = []): CustomResource[] | undefined {
  const problems: string[] = conversionIssues.map((i) => `${i.where}: ${i.message}`);
  const instanceArn = resolveInstanceArn(scope, props, problems);
  if (props.perChannelWrites === false && [...props.users, ...(props.selectors ?? [])].some(needsUserConfig)) {
    problems.push('`perChannelWrites` is false but per-channel settings (`channels`) are declared that only UpdateUserConfig can write. Remove `perChannelWrites: false` or the `channels`.');
  }
  // On by default: without UpdateUserConfig a legacy setting of a user whose ACW differs by channel
  // cannot be written without changing the other channels (README, "Which API call").
  const perChannelWrites = props.perChannelWrites ?? true;
  const spec: ResourceSpec = {
    Version: CONTRACT_VERSION,
    InstanceArn: instanceArn ?? '',
    Users: props.users,
    Selectors: props.selectors !== undefined && props.selectors.length > 0 ? props.selectors : undefined,
    WritesPerSecond: props.writesPerSecond,
    DescribeUsersPerSecond: props.describeUsersPerSecond,
    SearchUsersPerSecond: props.searchUsersPerSecond,
    WritesBurst: props.writesBurst,
    DescribeUsersBurst: props.describeUsersBurst,
    SearchUsersBurst: props.searchUsersBurst,
    SkipMissingUsers: props.skipMissingUsers,
    PerChannelWrites: perChannelWrites,
    DeploymentNonce: props.reconcileOnEveryDeploy === false ? undefined : deploymentNonce(scope),
    RemovalPolicy: props.removalPolicy,
  };
  const stack = Stack.of(scope);
  const result = validateResource(instanceArn === undefined ? { ...spec, InstanceArn: 'arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-0000-0000-000000000000' } : spec, {
    isUnresolved: (v) => Token.isUnresolved(v),
    home: instanceArn === undefined ? undefined : { account: stack.account, region: stack.region },
  });
  problems.push(...result.errors.map((e) => `${e.where}: ${e.message}`));
  const parts = Token.isUnresolved(props.writesPerSecond) || Token.isUnresolved(props.describeUsersPerSecond)
    ? [[...props.users]]
    : splitFleet(props.users, spec.Selectors !== undefined, props, problems);
  if (problems.length > 0) {
    reportAtSynth(scope, problems);
    return undefined;
  }
  for (const warning of result.warnings) {
    Annotations.of(scope).addWarningV2('cdk-connect-phone-config:settings', `${warning.where}: ${warning.message}`);
  }
  const arn = instanceArn as string;
  const provider = PhoneConfigProvider.of(scope);
  registerUsers(scope, arn, props.users);
  provider.grantUsers(arn, props.users, perChannelWrites);
  if (spec.Selectors !== undefined) provider.grantSelectors(arn, perChannelWrites);
  // Every resource reaches the stack's own records: a `retain` one takes over the users it now
  // declares, so a replaced `restore` resource's cleanup Delete does not undo its declaration.
  provider.grantOriginals(arn);
  // A schedule's input is limited to 8 KB, so with drift correction large user lists go to S3 sooner.
  const inlineLimit = props.driftCorrection ? SCHEDULE_INLINE_USERS_MAX_BYTES : INLINE_USERS_MAX_BYTES;
  return parts.map((users, i) => {
    // The first part keeps the id a fleet of one part has, so a fleet that grows keeps its resource.
    const partScope = i === 0 ? scope : new Construct(scope, `Part${i + 1}`);
    const properties = withoutUndefined({ ...spec, ...usersOrObject(partScope, provider, users, inlineLimit) });
    const resource = new CustomResource(partScope, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties,
      serviceTimeout: SERVICE_TIMEOUT,
    });
    // One instance's quota is shared: its resources in this stack run one after another.
    provider.chainOnInstance(arn, resource);
    if (props.driftCorrection) scheduleDriftCorrection(partScope, provider, props, properties);
    return resource;
  });
}

/**
 * The users in parts that each fit one custom resource's hour when every user needs a write
 * (fleet-parts.ts), or, with a problem reported, nothing. Selectors are evaluated with all of the
 * fleet's own users (a user's own setting beats a selector's), so a fleet with selectors is one part.
 */
function splitFleet(users: readonly UserSpec[], hasSelectors: boolean, rates: ReconcileOptions, problems: string[]): UserSpec[][] {
  const bound = deployBound(users.length, rates);
  const capacity = partCapacity(bound.maxUsers);
  const count = (n: number) => n.toLocaleString('en-US');
  const facts = `writing them all (a first deploy, or drift on every agent) needs at least ${count(Math.ceil(bound.neededSeconds))} s at ${bound.usersPerSecond} users/s, and one custom resource can write for ${count(bound.writableSeconds)} s (CloudFormation's one-hour limit, less the handler's margins): ${count(bound.maxUsers)} users at this rate`;
  if (hasSelectors) {
    if (bound.fits) return [[...users]];
    problems.push(`\`users\` declares ${count(users.length)} users; ${facts}. A fleet with \`selectors\` is one resource (each user's own settings take precedence over the selectors' at run time), so it cannot be split: move the users beyond ${count(bound.maxUsers)} to a second UserPhoneConfigFleet without selectors, or raise the UpdateUserPhoneConfig/UpdateUserConfig quota in Service Quotas and set \`writesPerSecond\` to match.`);
    return [];
  }
  const parts = splitIntoParts(users, userKey, capacity);
  if (parts === undefined) {
    problems.push(`\`users\` declares ${count(users.length)} users; ${facts}, so this fleet would need more than ${MAX_PARTS} chained resources of ${count(capacity)} users. Raise \`writesPerSecond\` (after raising the UpdateUserPhoneConfig/UpdateUserConfig quota in Service Quotas), or split the users into fleets in separate stacks.`);
    return [];
  }
  return parts;
}

/** The construct's resources (one, or a large fleet's parts); an invalid construct has none (its errors are reported at synth). */
export function declaredResources(scope: Construct, resources: CustomResource[] | undefined): CustomResource[] {
  if (resources === undefined) throw new Error(`${scope.node.path} has invalid properties, so it declares no resource; \`cdk synth\` lists what to fix.`);
  return resources;
}

/**
 * The construct's problems, as errors of the app's synthesis: CDK collects those of every
 * construct and reports them together, each under its construct path.
 */
function reportAtSynth(scope: Construct, problems: readonly string[]): void {
  const message = `Invalid phone configuration in ${scope.node.path}:\n${problems.join('\n')}`;
  scope.node.addValidation({ validate: () => [message] });
}

/**
 * An EventBridge rule that hands the handler the deployed desired state on a schedule. The
 * deployment nonce stays out of the input, so the rule does not change on every deploy.
 */
function scheduleDriftCorrection(scope: Construct, provider: PhoneConfigProvider, props: ReconcileOptions, properties: Record<string, unknown>): void {
  const desired = Object.fromEntries(Object.entries(properties).filter(([key]) => key !== 'DeploymentNonce'));
  new Rule(scope, 'DriftCorrection', {
    schedule: props.driftCorrection as Schedule,
    description: `Corrects console drift of the phone settings declared by ${scope.node.path}`,
    targets: [new LambdaFunction(provider.driftCorrectionFunction(props.driftCorrectionFailureDestination), {
      event: RuleTargetInput.fromObject({ ResourceProperties: desired, ResourcePath: scope.node.path }),
      retryAttempts: 0,
    })],
  });
}

function resolveInstanceArn(scope: Construct, props: ConnectInstanceReference, problems: string[]): string | undefined {
  if ((props.instanceId === undefined) === (props.instanceArn === undefined)) {
    problems.push(`declare exactly one of \`instanceId\` and \`instanceArn\` (got ${props.instanceId === undefined ? 'neither' : 'both'}).`);
    return undefined;
  }
  if (props.instanceArn !== undefined) return props.instanceArn;
  const id = props.instanceId as string;
  if (!Token.isUnresolved(id) && !(typeof id === 'string' && CONNECT_ID.test(id))) {
    problems.push(`\`instanceId\` is ${JSON.stringify(id)}; an Amazon Connect instance id is a UUID such as 11111111-2222-3333-4444-555555555555 (the last part of the instance ARN, shown in the Connect console's instance overview).`);
    return undefined;
  }
  return instanceArnFromId(scope, id);
}

/**
 * Users travel in the event unless they would make it too large: the Provider's waiter carries
 * old and new properties in a 256 KB Step Functions input. Then they go to an S3 asset, which
 * only this handler may read.
 */
function usersOrObject(scope: Construct, provider: PhoneConfigProvider, users: readonly UserSpec[], inlineLimit: number): Partial<ResourceSpec> {
  const json = JSON.stringify({ Users: users });
  if (Buffer.byteLength(json) <= inlineLimit) return { Users: users };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connect-phone-config-'));
  const file = path.join(dir, 'desired-state.json');
  fs.writeFileSync(file, json);
  const asset = new Asset(scope, 'DesiredState', { path: file });
  provider.grantReadObject(asset.bucket.arnForObjects(asset.s3ObjectKey));
  return { Users: undefined, DesiredStateObject: { Bucket: asset.s3BucketName, Key: asset.s3ObjectKey } };
}


function deploymentNonce(scope: Construct): string {
  return String(scope.node.tryGetContext(DEPLOYMENT_NONCE_CONTEXT) ?? new Date().toISOString());
}

function withoutUndefined<T extends object>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
