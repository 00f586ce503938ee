/**
 * The planning step: a pure function from (desired, live) to the changes and the one write that
 * makes a user true. The handler, the drift schedule, the `plan` command and the demo all call it,
 * so no comparison rule exists twice.
 *
 * The rule for choosing the call (README, "Which API call"):
 * - Nothing differs: no write.
 * - Only legacy `PhoneConfig` settings differ and the user's live ACW is the same on every channel:
 *   UpdateUserPhoneConfig with the live PhoneConfig overlaid by the declared settings (the API
 *   replaces the whole PhoneConfig, so undeclared settings are sent as they are live).
 * - Only legacy settings differ but the live ACW differs by channel: UpdateUserPhoneConfig would set
 *   one ACW on every channel, so the change goes to the VOICE channel through UpdateUserConfig
 *   (or, without `PerChannelWrites`, the user is blocked with a message saying so).
 * - Any per-channel setting differs: UpdateUserConfig with only the changed channels' entries,
 *   legacy changes folded into VOICE. UpdateUserPhoneConfig is never sent then.
 */
import type { UpdateUserConfigRequest } from '@aws-sdk/client-connect';
import { CHANNELS, Channel, ChannelSpec, PhoneConfigSpec, UserSpec } from './contract';
import { LiveChannel, LiveUser } from './live';
import { maskPhoneNumber } from './mask';
import { LEGACY_TO_VOICE, describeUserRef, propName } from './validate';

export interface FieldChange {
  /** Absent for a legacy PhoneConfig setting. */
  readonly channel?: Channel;
  /** The Connect field name, e.g. `AfterContactWorkTimeLimit`. */
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

export type UserConfigLists = Omit<UpdateUserConfigRequest, 'UserId' | 'InstanceId'>;

export type UserWrite =
  | { readonly api: 'UpdateUserPhoneConfig'; readonly input: { readonly PhoneConfig: PhoneConfigSpec } }
  | { readonly api: 'UpdateUserConfig'; readonly input: UserConfigLists };

export interface UserPlan {
  readonly userId: string;
  readonly username?: string;
  readonly changes: readonly FieldChange[];
  /** Absent when nothing differs or the user is blocked. */
  readonly write?: UserWrite;
  /** Why the user cannot be written safely (names no phone number). */
  readonly blockedReason?: string;
}

export interface PlanOptions {
  /** Whether UpdateUserConfig may be called. */
  readonly perChannelWrites: boolean;
}

type ChannelField = Exclude<keyof ChannelSpec, 'Channel'>;

/** Which UpdateUserConfig list holds each per-channel field, and the API's default for required ones. */
const LISTS = {
  AutoAcceptConfigs: { fields: ['AutoAccept', 'AgentFirstCallbackAutoAccept'], required: { AutoAccept: false } },
  AfterContactWorkConfigs: { fields: ['AfterContactWorkTimeLimit', 'AgentFirstCallbackAfterContactWorkTimeLimit'], required: { AfterContactWorkTimeLimit: 0 } },
  PhoneNumberConfigs: { fields: ['PhoneType', 'PhoneNumber'], required: { PhoneType: 'SOFT_PHONE' } },
  PersistentConnectionConfigs: { fields: ['PersistentConnection'], required: { PersistentConnection: false } },
  VoiceEnhancementConfigs: { fields: ['VoiceEnhancementMode'], required: { VoiceEnhancementMode: 'NONE' } },
} as const satisfies Record<keyof UserConfigLists, { fields: readonly ChannelField[]; required: Partial<Record<ChannelField, unknown>> }>;

/** Plans the write that makes `live` match `desired`; settings not declared are left as they are. */
export function planUser(desired: UserSpec, live: LiveUser, options: PlanOptions): UserPlan {
  const base = { userId: live.UserId, username: live.Username };
  const legacyChanges = diffLegacy(desired.PhoneConfig ?? {}, live.PhoneConfig);
  const channelChanges = (desired.Channels ?? []).flatMap((entry) => diffChannel(entry, live.Channels[entry.Channel] ?? {}));
  const changes = [...legacyChanges, ...channelChanges];
  if (changes.length === 0) return { ...base, changes };

  if (channelChanges.length === 0 && hasUniformAcw(live)) {
    const PhoneConfig = withoutUndefined({ ...live.PhoneConfig, ...desired.PhoneConfig });
    return { ...base, changes, write: { api: 'UpdateUserPhoneConfig', input: { PhoneConfig } } };
  }
  if (!options.perChannelWrites) {
    return { ...base, changes, blockedReason: blockedMessage(desired, live) };
  }
  const perChannel = [...channelChanges, ...legacyChanges.map(toVoiceChange)];
  return { ...base, changes, write: { api: 'UpdateUserConfig', input: buildUserConfig(perChannel, desired, live) } };
}

/**
 * The settings a user has live for every setting `desired` declares: what the `restore` removal
 * policy writes back on Delete. Applying it with `planUser` undoes exactly what the stack changed.
 */
export function captureOriginal(desired: UserSpec, live: LiveUser): UserSpec {
  const phoneConfig = desired.PhoneConfig === undefined ? undefined : withoutUndefined(
    Object.fromEntries(Object.keys(desired.PhoneConfig).map((k) => [k, live.PhoneConfig[k as keyof PhoneConfigSpec]])) as PhoneConfigSpec,
  );
  const channels = desired.Channels?.map((entry) => withoutUndefined({
    ...Object.fromEntries(Object.keys(entry).map((k) => [k, (live.Channels[entry.Channel] ?? {})[k as ChannelField]])),
    Channel: entry.Channel,
  }) as ChannelSpec);
  return withoutUndefined({ UserId: live.UserId, PhoneConfig: phoneConfig, Channels: channels });
}

/** One line per change for logs, reports and the plan command, phone numbers masked. */
export function describeChange(change: FieldChange): string {
  const name = change.channel === undefined ? propName(change.field) : `${change.channel}.${propName(change.field)}`;
  return `${name}: ${showValue(change.field, change.from)} -> ${showValue(change.field, change.to)}`;
}

/** A field's value as it may be shown anywhere: phone numbers masked, undefined as "(unset)". */
export function showValue(field: string, value: unknown): string {
  if (value === undefined) return '(unset)';
  if (field === 'DeskPhoneNumber' || field === 'PhoneNumber') return maskPhoneNumber(String(value));
  return String(value);
}

function diffLegacy(desired: PhoneConfigSpec, live: PhoneConfigSpec): FieldChange[] {
  return (Object.keys(desired) as (keyof PhoneConfigSpec)[])
    .filter((field) => desired[field] !== undefined && desired[field] !== live[field])
    .map((field) => ({ field, from: live[field], to: desired[field] }));
}

function diffChannel(desired: ChannelSpec, live: LiveChannel): FieldChange[] {
  return (Object.keys(desired) as (keyof ChannelSpec)[])
    .filter((field): field is ChannelField => field !== 'Channel')
    .filter((field) => desired[field] !== undefined && desired[field] !== live[field])
    .map((field) => ({ channel: desired.Channel, field, from: live[field], to: desired[field] }));
}

/** True when UpdateUserPhoneConfig's "same ACW on every channel" would not change any channel's ACW. */
function hasUniformAcw(live: LiveUser): boolean {
  const acw = live.PhoneConfig.AfterContactWorkTimeLimit;
  return CHANNELS.every((channel) => {
    const value = live.Channels[channel]?.AfterContactWorkTimeLimit;
    return value === undefined || acw === undefined || value === acw;
  });
}

function toVoiceChange(change: FieldChange): FieldChange {
  return { ...change, channel: 'VOICE', field: LEGACY_TO_VOICE[change.field as keyof PhoneConfigSpec] };
}

function buildUserConfig(changes: readonly FieldChange[], desired: UserSpec, live: LiveUser): UserConfigLists {
  const lists: Record<string, unknown[]> = {};
  for (const channel of CHANNELS) {
    const changed = new Set(changes.filter((c) => c.channel === channel).map((c) => c.field));
    if (changed.size === 0) continue;
    const target = targetChannel(channel, desired, live);
    for (const [list, shape] of Object.entries(LISTS)) {
      if (!shape.fields.some((f) => changed.has(f))) continue;
      const entry: Record<string, unknown> = { Channel: channel };
      for (const field of shape.fields) {
        const value = target[field] ?? (shape.required as Partial<Record<ChannelField, unknown>>)[field];
        if (value !== undefined) entry[field] = value;
      }
      (lists[list] ??= []).push(toApiEntry(list as keyof UserConfigLists, entry));
    }
  }
  return lists as UserConfigLists;
}

/** The channel's settings after the write: live, overlaid by declared legacy (VOICE) and channel settings. */
function targetChannel(channel: Channel, desired: UserSpec, live: LiveUser): Partial<Record<ChannelField, unknown>> {
  const target: Record<string, unknown> = { ...(live.Channels[channel] ?? {}) };
  if (channel === 'VOICE') {
    for (const [legacy, voice] of Object.entries(LEGACY_TO_VOICE)) {
      const value = desired.PhoneConfig?.[legacy as keyof PhoneConfigSpec];
      if (value !== undefined) target[voice] = value;
    }
  }
  const declared = desired.Channels?.find((c) => c.Channel === channel);
  for (const [field, value] of Object.entries(declared ?? {})) {
    if (field !== 'Channel' && value !== undefined) target[field] = value;
  }
  return target;
}

/** ACW values travel nested in the API (`AfterContactWorkConfig: { AfterContactWorkTimeLimit }`). */
function toApiEntry(list: keyof UserConfigLists, entry: Record<string, unknown>): unknown {
  if (list !== 'AfterContactWorkConfigs') return entry;
  const { Channel, AfterContactWorkTimeLimit, AgentFirstCallbackAfterContactWorkTimeLimit } = entry;
  return withoutUndefined({
    Channel,
    AfterContactWorkConfig: { AfterContactWorkTimeLimit },
    AgentFirstCallbackAfterContactWorkConfig: AgentFirstCallbackAfterContactWorkTimeLimit === undefined
      ? undefined
      : { AfterContactWorkTimeLimit: AgentFirstCallbackAfterContactWorkTimeLimit },
  });
}

function blockedMessage(desired: UserSpec, live: LiveUser): string {
  const acws = CHANNELS
    .filter((c) => live.Channels[c]?.AfterContactWorkTimeLimit !== undefined)
    .map((c) => `${c} ${live.Channels[c]?.AfterContactWorkTimeLimit} s`)
    .join(', ');
  return `${describeUserRef({ UserId: live.UserId, Username: desired.Username })}: its live after-contact-work timeout differs by channel (${acws}) and UpdateUserPhoneConfig would set one value on every channel. Set \`perChannelWrites: true\` (grants connect:UpdateUserConfig) so the change is written to the VOICE channel only.`;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
