/**
 * Test doubles for Amazon Connect: a local HTTP emulator reachable by the real AWS SDK, and
 * LocalCloudFormation. Published as `cdk-connect-phone-config/testing` (npm only), an entry point
 * of its own: nothing here is imported by the constructs or the handler.
 */
export { ConnectEmulator } from './connect-emulator';
export type { ConnectEmulatorOptions, EmulatorClientEnv, Principal } from './connect-emulator';
export type { CreateHierarchyGroupOptions, CreateUserOptions, ConsoleEdit } from './emulator-state';
export type { CallRecord, CallCount } from './call-log';
export type { FaultOptions, LatencySpec } from './faults';
export { mulberry32 } from './faults';
export type { QuotaLimit, QuotaOptions, QuotaOverrides } from './quotas';
export { DEFAULT_QUOTAS } from './quotas';
export { CONNECT_OPERATIONS } from './operations';
export type { ConnectOperation, EmulatorOperation, S3Operation } from './operations';
// The emulator's model of a user, named apart from the constructs' types of the same idea
// (`PhoneType`, `ChannelSettings`, ...): these are Connect's wire values, those are the props.
export {
  CHANNELS as EMULATED_CHANNELS,
  PHONE_TYPES as EMULATED_PHONE_TYPES,
  VOICE_ENHANCEMENT_MODES as EMULATED_VOICE_ENHANCEMENT_MODES,
  ACW_MAX_SECONDS,
} from './user-model';
export type {
  Channel as EmulatedChannel,
  ChannelPatches,
  ChannelSettings as EmulatedChannelSettings,
  LegacyPhoneConfig,
  PhoneType as EmulatedPhoneType,
  VoiceEnhancementMode as EmulatedVoiceEnhancementMode,
  VoiceSettings,
} from './user-model';
export type { EmulatedUser } from './user-views';
export { TokenBucket } from './token-bucket';
export { LocalCloudFormation } from './local-cloudformation';
export type { LocalCloudFormationOptions, DeployResult, DeployStatus, EventRecord, Phase, RequestType, ScheduledRunResult } from './local-cloudformation';
export { VirtualClock } from './cfn/virtual-clock';
export type { PolicyDocument, PolicyStatement } from './iam-policy';
