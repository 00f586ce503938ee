import { Duration } from 'aws-cdk-lib';
import { IDestination } from 'aws-cdk-lib/aws-lambda';
import { Schedule } from 'aws-cdk-lib/aws-events';

/** How the agent takes calls. */
export enum PhoneType {
  /** The Contact Control Panel in the browser. */
  SOFT_PHONE = 'SOFT_PHONE',
  /** A desk phone, rung at `deskPhoneNumber`. */
  DESK_PHONE = 'DESK_PHONE',
}

/** What deleting the construct (or the stack) does to the users' phone settings. */
export enum UserRemovalPolicy {
  /** Leave every user as it is: agents keep working with the settings the stack gave them. */
  RETAIN = 'retain',
  /**
   * Put back the settings each user had before this stack first changed them. The originals are
   * kept in SSM SecureString parameters under the stack's own path (`/cdk-connect-phone-config/<stackName>/<instanceId>/<userId>`).
   */
  RESTORE = 'restore',
}

/** A Connect channel with its own per-channel settings. */
export enum ConnectChannel {
  VOICE = 'VOICE',
  CHAT = 'CHAT',
  TASK = 'TASK',
  EMAIL = 'EMAIL',
}

/** Voice enhancement of the agent's microphone (VOICE only). */
export enum VoiceEnhancementMode {
  VOICE_ISOLATION = 'VOICE_ISOLATION',
  NOISE_SUPPRESSION = 'NOISE_SUPPRESSION',
  NONE = 'NONE',
}

/**
 * Settings of one channel, written with UpdateUserConfig. A setting left out stays as it is live.
 * Settings marked VOICE only are rejected at synth on other channels.
 */
export interface ChannelSettings {
  /** The channel these settings apply to; declare each channel once. */
  readonly channel: ConnectChannel;
  /**
   * Whether contacts on this channel are accepted automatically.
   * @default - left as it is live
   */
  readonly autoAccept?: boolean;
  /**
   * Whether agent-first callbacks are accepted automatically. VOICE only.
   * @default - left as it is live
   */
  readonly agentFirstCallbackAutoAccept?: boolean;
  /**
   * After-contact-work timeout on this channel, whole seconds up to 2,000,000; zero means unlimited.
   * @default - left as it is live
   */
  readonly afterContactWorkTimeLimit?: Duration;
  /**
   * After-contact-work timeout for agent-first callbacks. VOICE only.
   * @default - left as it is live
   */
  readonly agentFirstCallbackAfterContactWorkTimeLimit?: Duration;
  /**
   * Soft phone or desk phone. VOICE only.
   * @default - left as it is live
   */
  readonly phoneType?: PhoneType;
  /**
   * The desk phone's number in E.164 (`+15555550100`). VOICE only; required with DESK_PHONE.
   * @default - left as it is live
   */
  readonly phoneNumber?: string;
  /**
   * Whether the agent's connection stays open between calls. VOICE only.
   * @default - left as it is live
   */
  readonly persistentConnection?: boolean;
  /**
   * Voice enhancement of the agent's microphone. VOICE only.
   * @default - left as it is live
   */
  readonly voiceEnhancementMode?: VoiceEnhancementMode;
}

/** Settings every channel has, declared once for all four. */
export interface EveryChannelSettings {
  /**
   * Whether contacts on every channel are accepted automatically.
   * @default - left as it is live on each channel
   */
  readonly autoAccept?: boolean;
  /**
   * After-contact-work timeout on every channel, whole seconds up to 2,000,000; zero means unlimited.
   * @default - left as it is live on each channel
   */
  readonly afterContactWorkTimeLimit?: Duration;
}

/**
 * The phone settings of a user. Every setting is optional and one left out stays as it is live,
 * but at least one must be declared.
 */
export interface PhoneSettings {
  /**
   * Soft phone or desk phone.
   * @default - left as it is live
   */
  readonly phoneType?: PhoneType;
  /**
   * Whether incoming contacts are accepted automatically.
   * @default - left as it is live
   */
  readonly autoAccept?: boolean;
  /**
   * After-contact-work timeout, whole seconds from 0 to 2,000,000; zero means unlimited.
   * @default - left as it is live
   */
  readonly afterContactWorkTimeLimit?: Duration;
  /**
   * The desk phone's number in E.164 (`+15555550100`); required with `PhoneType.DESK_PHONE`.
   * Masked in every log line, error and response.
   * @default - left as it is live
   */
  readonly deskPhoneNumber?: string;
  /**
   * The name of an SSM SecureString parameter that holds the desk phone's number (E.164): the
   * handler reads it when it deploys, so the number is in no template, asset or Step Functions
   * input. Use instead of `deskPhoneNumber`; the handler is granted `ssm:GetParameter` on it.
   * @default - the number is `deskPhoneNumber`, or left as it is live
   */
  readonly deskPhoneNumberParameterName?: string;
  /**
   * Whether the agent's soft phone connection stays open between calls.
   * @default - left as it is live
   */
  readonly persistentConnection?: boolean;
  /**
   * Per-channel settings (UpdateUserConfig). The top-level settings above are the VOICE channel's;
   * nothing on another channel changes unless declared here or in `everyChannel`.
   * @default - no per-channel settings; channels are left as they are live
   */
  readonly channels?: ChannelSettings[];
  /**
   * One value for every channel (VOICE, CHAT, TASK and EMAIL). The more specific declaration wins
   * on a channel: a `channels` entry, then (on VOICE) the top-level setting. Written with
   * UpdateUserConfig, or UpdateUserPhoneConfig when that changes exactly these settings.
   * @default - each channel keeps what it has live, except where declared above
   */
  readonly everyChannel?: EveryChannelSettings;
}

/** Which user: exactly one of `userId` and `username`. */
export interface UserReference {
  /**
   * The user's id (a UUID, the last part of its ARN).
   * @default - the user is found by `username`
   */
  readonly userId?: string;
  /**
   * The user's login name, as shown in the Connect console; resolved with SearchUsers.
   * @default - the user is named by `userId`
   */
  readonly username?: string;
}

/** Which Amazon Connect instance: exactly one of `instanceId` and `instanceArn`. */
export interface ConnectInstanceReference {
  /**
   * The instance id; the stack's partition, account and region complete its ARN.
   * @default - taken from `instanceArn`
   */
  readonly instanceId?: string;
  /**
   * The instance ARN; it must be in the stack's account and region (the handler calls Connect there).
   * @default - built from `instanceId`
   */
  readonly instanceArn?: string;
}

/** How the reconciler behaves; shared by both constructs. */
/**
 * Settings for every agent that matches, whoever they are: evaluated at each deploy and each
 * scheduled drift-correction run, so an agent who joins the routing profile (or group, or team)
 * tomorrow is brought in line by the next run. Every criterion given must match; give at least one.
 *
 * Precedence (most specific wins, setting by setting): a setting a user declares in `users` beats
 * every selector; a selector with more criteria beats one with fewer; two equally specific
 * selectors that disagree on a setting for one agent fail that agent (and the deploy) with a
 * message naming both.
 */
export interface AgentSelector {
  /**
   * Agents with this routing profile (its id, from the console's routing profile page).
   * @default - any routing profile
   */
  readonly routingProfileId?: string;
  /**
   * Agents in this user hierarchy group (its id).
   * @default - any group
   */
  readonly hierarchyGroupId?: string;
  /**
   * With `hierarchyGroupId`: agents in the groups below it too.
   * @default false
   */
  readonly includeChildGroups?: boolean;
  /**
   * Agents with all of these tags.
   * @default - any tags
   */
  readonly tags?: { [key: string]: string };
  /**
   * Agents whose username starts with this.
   * @default - any username
   */
  readonly usernamePrefix?: string;
  /** What the matching agents get; a desk phone cannot be declared here (each agent has their own number). */
  readonly settings: PhoneSettings;
}

export interface ReconcileOptions {
  /**
   * Writes per second the handler allows itself, per write API. Raise it only when your account's
   * UpdateUserPhoneConfig and UpdateUserConfig quotas are raised: the quota is shared by the account.
   * @default 2
   */
  readonly writesPerSecond?: number;
  /**
   * DescribeUser calls per second the handler allows itself. Raise it only with a raised quota.
   * @default 10
   */
  readonly describeUsersPerSecond?: number;
  /**
   * SearchUsers calls per second the handler allows itself. Raise it only with a raised quota.
   * @default 2
   */
  readonly searchUsersPerSecond?: number;
  /**
   * Writes the handler makes at once at the start of a pass, before `writesPerSecond` applies: the
   * burst of your account's UpdateUserPhoneConfig/UpdateUserConfig quota (its token bucket). Set 1
   * to never burst, for example when another tool writes to the instance at the same time.
   * @default 5
   */
  readonly writesBurst?: number;
  /**
   * DescribeUser calls the handler makes at once before `describeUsersPerSecond` applies.
   * @default 10
   */
  readonly describeUsersBurst?: number;
  /**
   * SearchUsers calls the handler makes at once before `searchUsersPerSecond` applies.
   * @default 5
   */
  readonly searchUsersBurst?: number;
  /**
   * Report users that no longer exist (in `Data.SkippedUsers` and the log) instead of failing the deployment.
   * @default false
   */
  readonly skipMissingUsers?: boolean;
  /**
   * Allow UpdateUserConfig (and grant `connect:UpdateUserConfig`). Needed for per-channel settings,
   * and to change a top-level setting of a user whose live after-contact-work timeout differs by
   * channel without changing the other channels. With `false`, such users fail with a message
   * saying so, and UpdateUserPhoneConfig is the only write.
   * @default true
   */
  readonly perChannelWrites?: boolean;
  /**
   * Send CloudFormation an Update on every deploy (a `DeploymentNonce` property that changes each
   * synth), so `cdk deploy` corrects console drift even when the declared settings did not change.
   * Set false for a quiet `cdk diff`; drift is then corrected when the settings change.
   * The context value `cdk-connect-phone-config:deploymentNonce` fixes the nonce (tests, snapshots).
   * @default true
   */
  readonly reconcileOnEveryDeploy?: boolean;
  /**
   * What Delete does to the users: leave them as they are, or restore the settings they had before
   * this stack first changed them.
   * @default UserRemovalPolicy.RETAIN
   */
  readonly removalPolicy?: UserRemovalPolicy;
  /**
   * Re-run the reconcile with the deployed settings on this schedule, correcting console drift
   * between deploys. Writes only drifted users; reports them as the CloudWatch metric
   * `ConnectPhoneConfig/CorrectedUsers` and one log line per corrected user.
   * @default - drift is corrected on deploy only
   */
  readonly driftCorrection?: Schedule;
  /**
   * Where a failed scheduled drift-correction run is sent (an SQS queue, SNS topic, Lambda
   * function or EventBridge bus). Scheduled runs are not retried: the next run corrects anyway.
   * One destination per stack: every construct that sets it must set the same one.
   * @default - a failed run shows only in the function's Errors metric and its log
   */
  readonly driftCorrectionFailureDestination?: IDestination;
}
