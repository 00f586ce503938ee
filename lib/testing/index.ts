/**
 * Test doubles for Amazon Connect: a local HTTP emulator reachable by the real AWS SDK.
 * Published as `cdk-connect-phone-config/testing`.
 */
export { ConnectEmulator } from './connect-emulator';
export type { ConnectEmulatorOptions, EmulatorClientEnv, Principal } from './connect-emulator';
export type { CreateUserOptions, ConsoleEdit } from './emulator-state';
export type { CallRecord, CallCount } from './call-log';
export type { FaultOptions, LatencySpec } from './faults';
export { mulberry32 } from './faults';
export type { QuotaLimit, QuotaOptions, QuotaOverrides } from './quotas';
export { DEFAULT_QUOTAS } from './quotas';
export { CONNECT_OPERATIONS } from './operations';
export type { ConnectOperation, EmulatorOperation, S3Operation } from './operations';
export { CHANNELS, PHONE_TYPES, VOICE_ENHANCEMENT_MODES, ACW_MAX_SECONDS } from './user-model';
export type {
  Channel,
  ChannelPatches,
  ChannelSettings,
  LegacyPhoneConfig,
  PhoneType,
  VoiceEnhancementMode,
  VoiceSettings,
} from './user-model';
export { TokenBucket } from './token-bucket';
export { LocalCloudFormation } from './local-cloudformation';
export type { LocalCloudFormationOptions, DeployResult, DeployStatus, EventRecord, Phase, RequestType, ScheduledRunResult } from './local-cloudformation';
export { VirtualClock } from './cfn/virtual-clock';
export type { PolicyDocument, PolicyStatement } from './iam-policy';
