/**
 * The contract between the constructs (synth time) and the handler (run time).
 *
 * Both sides compile this one file, so a renamed property or handler breaks the build instead
 * of a deployment. The same shapes travel in the custom resource's `ResourceProperties`,
 * except that CloudFormation delivers every scalar as a string: `parse.ts` turns the wire form
 * back into these types and `validate.ts` checks them on both sides.
 *
 * Field names follow the Connect API (`PhoneConfig`, `AfterContactWorkTimeLimit`, ...), so a
 * reviewer reading the synthesized template sees the words of the Connect documentation.
 */

/** The CloudFormation type of the custom resource (shows in templates and `cdk diff`). */
export const RESOURCE_TYPE = 'Custom::ConnectUserPhoneConfig';

/** Version of the property shape, so a future handler can read what an older construct wrote. */
export const CONTRACT_VERSION = '1';

/** Names of the handler exports in `lambda/index.ts` (the asset's `index.js`). */
export const HANDLERS = {
  onEvent: 'onEvent',
  isComplete: 'isComplete',
  onSchedule: 'onSchedule',
} as const;
export type HandlerName = (typeof HANDLERS)[keyof typeof HANDLERS];

/** Environment variables the construct sets on the handler. */
export const ENV = {
  /** Seconds the handler keeps free before its Lambda timeout to report instead of being killed. */
  safetyMarginSeconds: 'SAFETY_MARGIN_SECONDS',
  logLevel: 'LOG_LEVEL',
  /**
   * Seconds from an event's first invocation after which the handler starts no write and fails
   * the event, naming the users not reached: CloudFormation's limit less the time to report.
   */
  eventBudgetSeconds: 'EVENT_BUDGET_SECONDS',
} as const;

/**
 * Connect's default quotas, per second and account: the rates a resource uses when it declares
 * none (the construct's budget check at synth and the handler's pacing both read these).
 */
export const DEFAULT_RATES = {
  /** UpdateUserPhoneConfig and UpdateUserConfig together. */
  writesPerSecond: 2,
  describeUsersPerSecond: 10,
  searchUsersPerSecond: 2,
} as const;

/**
 * Calls Connect lets through at once before its per-second rate applies (the quota's bucket). Not
 * published: older Connect documentation gives 5 for the 2-per-second APIs; DescribeUser's is
 * taken as one second of its rate. The handler starts each pass with this burst.
 */
export const DEFAULT_BURSTS = {
  writes: 5,
  describeUsers: 10,
  searchUsers: 5,
} as const;

/**
 * The context key whose value, when set, is the deployment nonce instead of the synth time: a
 * deterministic template for snapshot tests (README, "The deployment nonce").
 */
export const DEPLOYMENT_NONCE_CONTEXT = 'cdk-connect-phone-config:deploymentNonce';

/** The custom resource's `ServiceTimeout`: CloudFormation's maximum, one hour. */
export const SERVICE_TIMEOUT_SECONDS = 3600;
/** Kept free at the end of the service timeout for the last pass to finish its calls and report. */
export const EVENT_REPORT_MARGIN_SECONDS = 300;
/** How long an event may write: the service timeout less the report margin. */
export const EVENT_BUDGET_SECONDS = SERVICE_TIMEOUT_SECONDS - EVENT_REPORT_MARGIN_SECONDS;
/** The handler Lambda's timeout (at or under Lambda's 15-minute maximum). */
export const HANDLER_TIMEOUT_SECONDS = 14 * 60;
/** Kept free before each invocation's timeout to report instead of being killed. */
export const INVOCATION_SAFETY_MARGIN_SECONDS = 60;

export const CHANNELS = ['VOICE', 'CHAT', 'TASK', 'EMAIL'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PHONE_TYPES = ['SOFT_PHONE', 'DESK_PHONE'] as const;
export type PhoneTypeValue = (typeof PHONE_TYPES)[number];

export const VOICE_ENHANCEMENT_MODES = ['VOICE_ISOLATION', 'NOISE_SUPPRESSION', 'NONE'] as const;
export type VoiceEnhancementModeValue = (typeof VOICE_ENHANCEMENT_MODES)[number];

export const REMOVAL_POLICIES = ['retain', 'restore'] as const;
export type RemovalPolicyValue = (typeof REMOVAL_POLICIES)[number];

/** The legacy, single-channel settings written by UpdateUserPhoneConfig. */
export interface PhoneConfigSpec {
  readonly PhoneType?: PhoneTypeValue;
  readonly AutoAccept?: boolean;
  /** Seconds, 0..2,000,000; 0 means unlimited. */
  readonly AfterContactWorkTimeLimit?: number;
  readonly DeskPhoneNumber?: string;
  readonly PersistentConnection?: boolean;
}

/** Settings of one channel, written by UpdateUserConfig. */
export interface ChannelSpec {
  readonly Channel: Channel;
  readonly AutoAccept?: boolean;
  /** VOICE only. */
  readonly AgentFirstCallbackAutoAccept?: boolean;
  /** Seconds, 0..2,000,000; 0 means unlimited. */
  readonly AfterContactWorkTimeLimit?: number;
  /** VOICE only. Seconds. */
  readonly AgentFirstCallbackAfterContactWorkTimeLimit?: number;
  /** VOICE only. */
  readonly PhoneType?: PhoneTypeValue;
  /** VOICE only. */
  readonly PhoneNumber?: string;
  /** VOICE only. */
  readonly PersistentConnection?: boolean;
  /** VOICE only. */
  readonly VoiceEnhancementMode?: VoiceEnhancementModeValue;
}

/**
 * The legacy PhoneConfig fields and the VOICE channel fields Connect keeps them in. Declaring both
 * with different values would make the stack contradict itself.
 */
export const LEGACY_TO_VOICE = {
  PhoneType: 'PhoneType',
  AutoAccept: 'AutoAccept',
  AfterContactWorkTimeLimit: 'AfterContactWorkTimeLimit',
  DeskPhoneNumber: 'PhoneNumber',
  PersistentConnection: 'PersistentConnection',
} as const satisfies Record<keyof PhoneConfigSpec, keyof ChannelSpec>;

/** The desired configuration of one user: exactly one of `UserId` and `Username`. */
export interface UserSpec {
  readonly UserId?: string;
  readonly Username?: string;
  /**
   * The name of an SSM SecureString parameter that holds the desk number (VOICE): the handler reads
   * it at run time, so the number is in no template, asset, waiter input or rule input.
   */
  readonly DeskPhoneNumberParameter?: string;
  readonly PhoneConfig?: PhoneConfigSpec;
  readonly Channels?: readonly ChannelSpec[];
}

/**
 * How a declared user is keyed across declarations, parts and stacks: its id (case-insensitive)
 * or its username.
 */
export function userKey(user: Pick<UserSpec, 'UserId' | 'Username'>): string {
  return user.UserId !== undefined ? `id:${user.UserId.toLowerCase()}` : `username:${user.Username}`;
}

/**
 * Settings for every agent that matches (core/selectors.ts): evaluated by the handler at each
 * deploy and scheduled run. Every criterion given must match; at least one is given.
 */
export interface SelectorSpec {
  readonly RoutingProfileId?: string;
  readonly HierarchyGroupId?: string;
  /** With `HierarchyGroupId`: the groups below it too. */
  readonly IncludeChildGroups?: boolean;
  /** Every tag must match. */
  readonly Tags?: Readonly<Record<string, string>>;
  readonly UsernamePrefix?: string;
  readonly PhoneConfig?: PhoneConfigSpec;
  readonly Channels?: readonly ChannelSpec[];
}

/** Where a large desired state is stored instead of the event (an S3 asset). */
export interface DesiredStateObject {
  readonly Bucket: string;
  readonly Key: string;
}

/** The custom resource's properties, as the construct declares them. */
export interface ResourceSpec {
  readonly Version: string;
  readonly InstanceArn: string;
  /** Absent when `DesiredStateObject` holds the users. */
  readonly Users?: readonly UserSpec[];
  readonly DesiredStateObject?: DesiredStateObject;
  /** Agent selectors, in declaration order (their index names them in messages). */
  readonly Selectors?: readonly SelectorSpec[];
  /** Writes per second across UpdateUserPhoneConfig and UpdateUserConfig. @default 2 */
  readonly WritesPerSecond?: number;
  /** DescribeUser calls per second. @default 10 */
  readonly DescribeUsersPerSecond?: number;
  /** SearchUsers calls per second. @default 2 */
  readonly SearchUsersPerSecond?: number;
  /** Writes let through at once before `WritesPerSecond` applies, per write API. @default 5 */
  readonly WritesBurst?: number;
  /** DescribeUser calls let through at once. @default 10 */
  readonly DescribeUsersBurst?: number;
  /** SearchUsers calls let through at once. @default 5 */
  readonly SearchUsersBurst?: number;
  /** Report users that no longer exist instead of failing. @default false */
  readonly SkipMissingUsers?: boolean;
  /** Whether the handler may call UpdateUserConfig (the role is granted it). @default false */
  readonly PerChannelWrites?: boolean;
  /**
   * Rendered by version 0.1 only (every resource now reaches the stack's own records); accepted so
   * the handler still reads what an older construct deployed. Ignored.
   */
  readonly OriginalsAccess?: boolean;
  /** What Delete does to the users. @default 'retain' */
  readonly RemovalPolicy?: RemovalPolicyValue;
  /**
   * Changes on every synth unless `reconcileOnEveryDeploy` is false, so every `cdk deploy` sends an
   * Update that corrects console drift. The handler ignores its value.
   */
  readonly DeploymentNonce?: string;
}

/** Keys of the `Data` the handler returns (readable with `Fn::GetAtt`). All values are strings. */
export const DATA_KEYS = {
  summary: 'Summary',
  changedUsers: 'ChangedUsers',
  changedCount: 'ChangedCount',
  changes: 'Changes',
  userIds: 'UserIds',
  skippedUsers: 'SkippedUsers',
  /** Users declared before that no longer exist in the instance (reported, not failed). */
  goneUsers: 'GoneUsers',
  /** A rollback's users that could not be put back (reported: a rollback never fails). */
  failedUsers: 'FailedUsers',
  converged: 'Converged',
  /** Multi-pass events only: when the event stops writing (ISO time), carried from onEvent to isComplete. */
  deadline: 'Deadline',
  /** Multi-pass events only: users the first pass changed, carried to the final report. */
  firstPassChanged: 'FirstPassChanged',
} as const;

/** The root of every restore record's SSM parameter name. */
export const ORIGINALS_PARAMETER_ROOT = '/cdk-connect-phone-config';

/**
 * The SSM path that holds one stack's restore records for one instance: each stack has its own, so
 * no other stack's records (or anything written under a shared path) are ever restored.
 */
export function originalsParameterPath(stackName: string, instanceId: string): string {
  return `${ORIGINALS_PARAMETER_ROOT}/${stackName}/${instanceId}`;
}

/** The stack name in a CloudFormation stack id (`arn:aws:cloudformation:…:stack/<name>/<guid>`). */
export function stackNameOf(stackId: string): string {
  return stackId.split(':stack/')[1]?.split('/')[0] ?? stackId;
}

/** CloudFormation's limit on the whole response; Data must leave room for ids and Reason. */
export const MAX_RESPONSE_BYTES = 4096;
/** What the handler allows itself for `Data`, leaving the rest to ids, Reason and framework fields. */
export const MAX_DATA_BYTES = 2500;

/**
 * Above this size the users go to an S3 object instead of the event: the Provider's waiter input
 * (old and new properties together) must stay under 256 KB and the template under 1 MB.
 */
export const INLINE_USERS_MAX_BYTES = 48 * 1024;
/** With drift correction the properties also travel as an EventBridge target input (8 KB at most). */
export const SCHEDULE_INLINE_USERS_MAX_BYTES = 6 * 1024;
