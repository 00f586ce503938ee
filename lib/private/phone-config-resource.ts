/**
 * What both constructs do: resolve the instance, validate every user with the one validator, catch
 * duplicates, grant the handler, and declare the custom resource (its users inline, or in an S3
 * asset when they would make the event too large).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, CustomResource, Lazy, Token } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { CONTRACT_VERSION, INLINE_USERS_MAX_BYTES, RESOURCE_TYPE, ResourceSpec, SCHEDULE_INLINE_USERS_MAX_BYTES, UserSpec } from '../core/contract';
import { deployBound } from '../core/deploy-budget';
import { targetOf } from '../core/plan';
import { CONNECT_ID, LEGACY_TO_VOICE, formatIssues, validateResource } from '../core/validate';
import { ConnectInstanceReference, ReconcileOptions, UserRemovalPolicy } from '../settings';
import { PhoneConfigProvider, SERVICE_TIMEOUT, instanceArnFromId } from './phone-config-provider';
import { registerUsers } from './user-registry';

export interface PhoneConfigResourceProps extends ConnectInstanceReference, ReconcileOptions {
  readonly users: readonly UserSpec[];
  /** Labels for messages, one per user (e.g. `users[3] (alice)`); the construct path is prefixed. */
  readonly labels?: readonly string[];
}

/**
 * Whether some declared setting can only be written with UpdateUserConfig: anything but the VOICE
 * settings PhoneConfig holds, or another channel's ACW equal to VOICE's (UpdateUserPhoneConfig puts
 * one ACW on every channel).
 */
function needsUserConfig(user: UserSpec): boolean {
  const target = targetOf(user);
  const voiceAcw = target.VOICE?.AfterContactWorkTimeLimit;
  return Object.entries(target).some(([channel, settings]) => Object.entries(settings ?? {}).some(([field, value]) => channel === 'VOICE'
    ? !(Object.values(LEGACY_TO_VOICE) as string[]).includes(field)
    : field !== 'AfterContactWorkTimeLimit' || voiceAcw === undefined || value !== voiceAcw));
}

export function declarePhoneConfigResource(scope: Construct, props: PhoneConfigResourceProps): CustomResource {
  const instanceArn = resolveInstanceArn(scope, props);
  if (props.perChannelWrites === false && props.users.some(needsUserConfig)) {
    throw new Error(`${scope.node.path}: \`perChannelWrites\` is false but per-channel settings (\`channels\`) are declared that only UpdateUserConfig can write. Remove \`perChannelWrites: false\` or the \`channels\`.`);
  }
  // On by default: without UpdateUserConfig a legacy setting of a user whose ACW differs by channel
  // cannot be written without changing the other channels (README, "Which API call").
  const wantsPerChannel = props.perChannelWrites ?? true;
  const provider = PhoneConfigProvider.of(scope);
  // The construct's own choice: an opt-out holds even where another construct has the grant.
  const perChannelWrites = wantsPerChannel;
  const spec: ResourceSpec = {
    Version: CONTRACT_VERSION,
    InstanceArn: instanceArn,
    Users: props.users,
    WritesPerSecond: props.writesPerSecond,
    DescribeUsersPerSecond: props.describeUsersPerSecond,
    SearchUsersPerSecond: props.searchUsersPerSecond,
    SkipMissingUsers: props.skipMissingUsers,
    PerChannelWrites: perChannelWrites,
    // Rendered only when true, so stacks without the `restore` policy keep their properties.
    OriginalsAccess: Lazy.any({ produce: () => provider.originalsFor(instanceArn) || undefined }) as unknown as boolean,
    DeploymentNonce: props.reconcileOnEveryDeploy === false ? undefined : deploymentNonce(scope),
    RemovalPolicy: props.removalPolicy,
  };
  const result = validateResource(spec, { isUnresolved: (v) => Token.isUnresolved(v) });
  if (result.errors.length > 0) {
    throw new Error(`Invalid phone configuration in ${scope.node.path}:\n${formatIssues(result.errors)}`);
  }
  const bound = deployBound(props.users.length, props);
  if (!bound.fits && !Token.isUnresolved(props.writesPerSecond)) {
    throw new Error(`${scope.node.path}: \`users\` declares ${props.users.length.toLocaleString('en-US')} users; writing them all (a first deploy, or drift on every agent) needs at least ${Math.ceil(bound.neededSeconds).toLocaleString('en-US')} s at ${bound.usersPerSecond} users/s, but one deployment can write for ${bound.writableSeconds.toLocaleString('en-US')} s (CloudFormation's one-hour limit for a custom resource, less the handler's margins): at most ${bound.maxUsers.toLocaleString('en-US')} users at this rate. Split the users into fleets of at most ${bound.maxUsers.toLocaleString('en-US')} in separate stacks deployed one after another, or raise the UpdateUserPhoneConfig/UpdateUserConfig quota in Service Quotas and set \`writesPerSecond\` to match.`);
  }
  for (const warning of result.warnings) {
    Annotations.of(scope).addWarningV2('cdk-connect-phone-config:settings', `${warning.where}: ${warning.message}`);
  }
  registerUsers(scope, instanceArn, props.users);
  provider.grantUsers(instanceArn, props.users, wantsPerChannel);
  if (props.removalPolicy === UserRemovalPolicy.RESTORE) provider.grantOriginals(instanceArn);
  // A schedule's input is limited to 8 KB, so with drift correction large user lists go to S3 sooner.
  const inlineLimit = props.driftCorrection ? SCHEDULE_INLINE_USERS_MAX_BYTES : INLINE_USERS_MAX_BYTES;
  const properties = withoutUndefined({ ...spec, ...usersOrObject(scope, provider, props.users, inlineLimit) });
  const resource = new CustomResource(scope, 'Resource', {
    serviceToken: provider.serviceToken,
    resourceType: RESOURCE_TYPE,
    properties,
    serviceTimeout: SERVICE_TIMEOUT,
  });
  if (props.driftCorrection) scheduleDriftCorrection(scope, provider, props, properties);
  return resource;
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

function resolveInstanceArn(scope: Construct, props: ConnectInstanceReference): string {
  if ((props.instanceId === undefined) === (props.instanceArn === undefined)) {
    throw new Error(`${scope.node.path}: declare exactly one of \`instanceId\` and \`instanceArn\` (got ${props.instanceId === undefined ? 'neither' : 'both'}).`);
  }
  if (props.instanceArn !== undefined) return props.instanceArn;
  const id = props.instanceId as string;
  if (!Token.isUnresolved(id) && !CONNECT_ID.test(id)) {
    throw new Error(`${scope.node.path}: \`instanceId\` is "${id}"; an Amazon Connect instance id is a UUID such as 11111111-2222-3333-4444-555555555555 (the last part of the instance ARN, shown in the Connect console's instance overview).`);
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

export const DEPLOYMENT_NONCE_CONTEXT = 'cdk-connect-phone-config:deploymentNonce';

function deploymentNonce(scope: Construct): string {
  return String(scope.node.tryGetContext(DEPLOYMENT_NONCE_CONTEXT) ?? new Date().toISOString());
}

function withoutUndefined<T extends object>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
