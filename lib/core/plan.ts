/**
 * The planning step: a pure function from (desired, live) to the changes and the write that makes
 * a user true. The handler, the drift schedule, RESTORE, the `plan` command and the demo all call
 * it, so no comparison rule exists twice.
 *
 * One meaning (README, "Which API call"): every declared setting is a setting of one channel. The
 * top-level settings are the VOICE channel's (Connect keeps `PhoneConfig` in VOICE); a `channels`
 * entry names its channel. Nothing else changes on any channel:
 * - Nothing differs: no write.
 * - UpdateUserPhoneConfig when it changes exactly the declared settings: every change is a VOICE
 *   setting that `PhoneConfig` holds, and the one ACW it puts on every channel is what each channel
 *   has live already (or is declared to get). The whole PhoneConfig is sent (the API replaces it),
 *   undeclared settings as they are live.
 * - Otherwise UpdateUserConfig with only the changed channels' lists. Without `PerChannelWrites`
 *   the user is blocked with a message saying so.
 * - Clearing a desk number (RESTORE of a user that had none) is only possible with
 *   UpdateUserPhoneConfig (the number is left out); when that would flatten the ACW, a second write
 *   (UpdateUserConfig) puts the other channels' ACW back.
 */
import type { UpdateUserConfigRequest } from '@aws-sdk/client-connect';
import { CHANNELS, Channel, ChannelSpec, PhoneConfigSpec, UserSpec } from './contract';
import { LiveChannel, LiveUser } from './live';
import { maskPhoneNumber } from './mask';
import { LEGACY_TO_VOICE, propName, userDisplayName } from './validate';
import { defined } from './defined';

export type ChannelField = Exclude<keyof ChannelSpec, 'Channel'>;
export type SettingValue = string | number | boolean;
/** A channel's settings to reach; `null` means "absent" (only RESTORE asks for it). */
export type ChannelTarget = Partial<Record<ChannelField, SettingValue | null>>;
/** The settings to reach, channel by channel: what a declaration or an original means. */
export type UserTarget = Partial<Record<Channel, ChannelTarget>>;

export interface FieldChange {
  readonly channel: Channel;
  /** The channel's Connect field name, e.g. `AfterContactWorkTimeLimit`. */
  readonly field: ChannelField;
  /** `undefined`: absent. */
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
  /** A RESTORE that clears a desk number on a user whose ACW differs by channel: put the ACW back. */
  readonly followUp?: UserWrite;
  /** Why the user cannot be written safely (names no phone number). */
  readonly blockedReason?: string;
  /** `blockedReason` without the user's name (renderers show the name beside it). */
  readonly blockedDetail?: string;
}

export interface PlanOptions {
  /** Whether UpdateUserConfig may be called. */
  readonly perChannelWrites: boolean;
}

/** The VOICE fields `PhoneConfig` holds, by their `PhoneConfig` name. */
const VOICE_TO_LEGACY = Object.fromEntries(Object.entries(LEGACY_TO_VOICE).map(([legacy, voice]) => [voice, legacy])) as Partial<Record<ChannelField, keyof PhoneConfigSpec>>;

/** Which UpdateUserConfig list holds each per-channel field, and which of them the API requires. */
const LISTS = {
  AutoAcceptConfigs: { fields: ['AutoAccept', 'AgentFirstCallbackAutoAccept'], required: ['AutoAccept'] },
  AfterContactWorkConfigs: { fields: ['AfterContactWorkTimeLimit', 'AgentFirstCallbackAfterContactWorkTimeLimit'], required: ['AfterContactWorkTimeLimit'] },
  PhoneNumberConfigs: { fields: ['PhoneType', 'PhoneNumber'], required: ['PhoneType'] },
  PersistentConnectionConfigs: { fields: ['PersistentConnection'], required: ['PersistentConnection'] },
  VoiceEnhancementConfigs: { fields: ['VoiceEnhancementMode'], required: ['VoiceEnhancementMode'] },
} as const satisfies Record<keyof UserConfigLists, { fields: readonly ChannelField[]; required: readonly ChannelField[] }>;

/**
 * What a setting absent live behaves as: written for a required list member Connect did not report,
 * and by RESTORE for a setting that was absent and that the API cannot remove.
 */
const API_DEFAULTS: Partial<Record<ChannelField, SettingValue>> = {
  AgentFirstCallbackAutoAccept: false,
  AgentFirstCallbackAfterContactWorkTimeLimit: 0,
  VoiceEnhancementMode: 'NONE',
  AutoAccept: false,
  AfterContactWorkTimeLimit: 0,
  PersistentConnection: false,
  PhoneType: 'SOFT_PHONE',
};

/** What a declaration means, channel by channel: top-level settings are VOICE's. */
export function targetOf(desired: UserSpec): UserTarget {
  const target: Record<string, Record<string, SettingValue>> = {};
  for (const [legacy, voice] of Object.entries(LEGACY_TO_VOICE)) {
    const value = desired.PhoneConfig?.[legacy as keyof PhoneConfigSpec];
    if (value !== undefined) (target.VOICE ??= {})[voice] = value;
  }
  for (const entry of desired.Channels ?? []) {
    for (const [field, value] of Object.entries(entry)) {
      if (field !== 'Channel' && value !== undefined) (target[entry.Channel] ??= {})[field] = value as SettingValue;
    }
  }
  return target as UserTarget;
}

/** Plans the write that makes `live` match `desired`; settings not declared are left as they are. */
export function planUser(desired: UserSpec, live: LiveUser, options: PlanOptions): UserPlan {
  return planTarget(targetOf(desired), live, options, desired.Username);
}

/** Plans the write that reaches `target` on `live`; a setting the target does not name is not touched. */
export function planTarget(target: UserTarget, live: LiveUser, options: PlanOptions, declaredUsername?: string): UserPlan {
  const base = { userId: live.UserId, username: live.Username };
  const changes = diffTarget(target, live);
  if (changes.length === 0) return { ...base, changes };

  const after = applyTarget(target, live);
  const flattened = flattenedChannels(after, live);
  const legacy = legacyWrite(after);
  if (legacy !== undefined && changes.every((c) => byPhoneConfig(c, after)) && flattened.length === 0) {
    return { ...base, changes, write: legacy };
  }
  const clearsNumber = changes.some((c) => c.field === 'PhoneNumber' && c.to === undefined);
  if (!options.perChannelWrites) {
    return { ...base, changes, ...blocked(live, declaredUsername, blockedDetail(changes, after, flattened, live)) };
  }
  if (!clearsNumber) return { ...base, changes, write: { api: 'UpdateUserConfig', input: buildUserConfig(changes, after) } };
  if (legacy === undefined) {
    return { ...base, changes, ...blocked(live, declaredUsername, 'its desk number cannot be removed: only UpdateUserPhoneConfig removes one, and it needs the user\'s phone type, which Connect did not report.') };
  }
  // Only UpdateUserPhoneConfig removes a number; what else changes, and the ACW it flattens, follow.
  const rest = changes.filter((c) => c.channel !== 'VOICE' || VOICE_TO_LEGACY[c.field] === undefined);
  const restore = flattened.map((channel): FieldChange => ({ channel, field: 'AfterContactWorkTimeLimit', from: undefined, to: after[channel]?.AfterContactWorkTimeLimit }));
  const followUp: UserWrite | undefined = rest.length + restore.length === 0 ? undefined : { api: 'UpdateUserConfig', input: buildUserConfig([...rest, ...restore], after) };
  return { ...base, changes, write: legacy, ...(followUp ? { followUp } : {}) };
}

/** A user's live settings on one channel; VOICE's `PhoneConfig` values win (their units are documented). */
export function liveChannel(live: LiveUser, channel: Channel): LiveChannel {
  const own = live.Channels[channel] ?? {};
  if (channel !== 'VOICE') return own;
  const fromLegacy: Record<string, unknown> = {};
  for (const [legacy, voice] of Object.entries(LEGACY_TO_VOICE)) {
    const value = live.PhoneConfig[legacy as keyof PhoneConfigSpec];
    if (value !== undefined) fromLegacy[voice] = value;
  }
  return { ...own, ...fromLegacy };
}

/**
 * The live values of every setting `target` names, `null` where it is absent: what the `restore`
 * removal policy records before the stack first writes the user.
 */
export function captureTarget(target: UserTarget, live: LiveUser): UserTarget {
  const captured: Record<string, Record<string, SettingValue | null>> = {};
  for (const channel of CHANNELS) {
    const fields = Object.keys(target[channel] ?? {}) as ChannelField[];
    if (fields.length === 0) continue;
    const now = liveChannel(live, channel);
    captured[channel] = Object.fromEntries(fields.map((f) => [f, (now[f] as SettingValue | undefined) ?? null]));
  }
  return captured as UserTarget;
}

/** One line per change for logs, reports and the plan command, phone numbers masked. */
export function describeChange(change: FieldChange): string {
  return `${settingName(change)}: ${showValue(change.field, change.from)} -> ${showValue(change.field, change.to)}`;
}

/** `VOICE.afterContactWorkTimeLimit`: the channel and the property a construct user writes. */
export function settingName(change: Pick<FieldChange, 'channel' | 'field'>): string {
  return `${change.channel}.${propName(change.field)}`;
}

/** A field's value as it may be shown anywhere: phone numbers masked, undefined as "(unset)". */
export function showValue(field: string, value: unknown): string {
  if (value === undefined || value === null) return '(unset)';
  if (field === 'DeskPhoneNumber' || field === 'PhoneNumber') return maskPhoneNumber(String(value));
  return String(value);
}

function diffTarget(target: UserTarget, live: LiveUser): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const channel of CHANNELS) {
    const wanted = target[channel];
    if (wanted === undefined) continue;
    const now = liveChannel(live, channel);
    for (const [field, value] of Object.entries(wanted) as [ChannelField, SettingValue | null | undefined][]) {
      if (value === undefined) continue;
      const to = value === null ? absentAs(field) : value;
      if (to !== now[field]) changes.push({ channel, field, from: now[field], to });
    }
  }
  return changes;
}

/** Absent is written as absent for a desk number, and as the API's default for what cannot be removed. */
function absentAs(field: ChannelField): SettingValue | undefined {
  return field === 'PhoneNumber' ? undefined : API_DEFAULTS[field];
}

/** Every channel's settings after the target is reached. */
function applyTarget(target: UserTarget, live: LiveUser): Partial<Record<Channel, Record<string, unknown>>> {
  const after: Partial<Record<Channel, Record<string, unknown>>> = {};
  for (const channel of CHANNELS) {
    const next: Record<string, unknown> = { ...liveChannel(live, channel) };
    for (const [field, value] of Object.entries(target[channel] ?? {}) as [ChannelField, SettingValue | null | undefined][]) {
      if (value === undefined) continue;
      const to = value === null ? absentAs(field) : value;
      if (to === undefined) delete next[field];
      else next[field] = to;
    }
    after[channel] = next;
  }
  return after;
}

/**
 * Whether UpdateUserPhoneConfig makes this change: a VOICE setting PhoneConfig holds, or another
 * channel's ACW going to VOICE's (the one ACW that API puts on every channel).
 */
function byPhoneConfig(change: FieldChange, after: Partial<Record<Channel, Record<string, unknown>>>): boolean {
  if (change.channel === 'VOICE') return VOICE_TO_LEGACY[change.field] !== undefined;
  return change.field === 'AfterContactWorkTimeLimit' && change.to === (after.VOICE?.AfterContactWorkTimeLimit ?? 0);
}

/**
 * The UpdateUserPhoneConfig that leaves VOICE as `after` has it, or undefined when the phone type is
 * unknown (the API requires it). The whole PhoneConfig is sent: the API resets what is left out, so
 * a setting absent live is left out and stays absent.
 */
function legacyWrite(after: Partial<Record<Channel, Record<string, unknown>>>): UserWrite | undefined {
  const voice = after.VOICE ?? {};
  if (voice.PhoneType === undefined) return undefined;
  const PhoneConfig: Record<string, unknown> = {};
  for (const [legacy, field] of Object.entries(LEGACY_TO_VOICE)) {
    if (voice[field] !== undefined) PhoneConfig[legacy] = voice[field];
  }
  return { api: 'UpdateUserPhoneConfig', input: { PhoneConfig: PhoneConfig as PhoneConfigSpec } };
}

/**
 * The channels other than VOICE whose ACW UpdateUserPhoneConfig would change: it sets VOICE's ACW on
 * every channel. A channel the user reports without an ACW might differ, so it counts; a user
 * reported without channel lists at all (PhoneConfig only) has nothing to flatten.
 */
function flattenedChannels(after: Partial<Record<Channel, Record<string, unknown>>>, live: LiveUser): Channel[] {
  if (Object.keys(live.Channels).length === 0) return [];
  const acw = after.VOICE?.AfterContactWorkTimeLimit ?? 0;
  return CHANNELS.filter((c) => c !== 'VOICE' && after[c]?.AfterContactWorkTimeLimit !== acw);
}

function buildUserConfig(changes: readonly FieldChange[], after: Partial<Record<Channel, Record<string, unknown>>>): UserConfigLists {
  const lists: Record<string, unknown[]> = {};
  for (const channel of CHANNELS) {
    const changed = new Set<string>(changes.filter((c) => c.channel === channel).map((c) => c.field));
    if (changed.size === 0) continue;
    const target = after[channel] ?? {};
    for (const [list, shape] of Object.entries(LISTS)) {
      if (!shape.fields.some((f) => changed.has(f))) continue;
      const entry: Record<string, unknown> = { Channel: channel };
      for (const field of shape.fields) {
        const value = target[field] ?? ((shape.required as readonly ChannelField[]).includes(field) ? API_DEFAULTS[field] : undefined);
        if (value !== undefined) entry[field] = value;
      }
      (lists[list] ??= []).push(toApiEntry(list as keyof UserConfigLists, entry));
    }
  }
  return lists as UserConfigLists;
}

/** ACW values travel nested in the API (`AfterContactWorkConfig: { AfterContactWorkTimeLimit }`). */
function toApiEntry(list: keyof UserConfigLists, entry: Record<string, unknown>): unknown {
  if (list !== 'AfterContactWorkConfigs') return entry;
  const { Channel, AfterContactWorkTimeLimit, AgentFirstCallbackAfterContactWorkTimeLimit } = entry;
  return defined({
    Channel,
    AfterContactWorkConfig: { AfterContactWorkTimeLimit },
    AgentFirstCallbackAfterContactWorkConfig: AgentFirstCallbackAfterContactWorkTimeLimit === undefined
      ? undefined
      : { AfterContactWorkTimeLimit: AgentFirstCallbackAfterContactWorkTimeLimit },
  });
}

function nameOf(live: LiveUser, declaredUsername?: string): string {
  return userDisplayName({ userId: live.UserId, username: declaredUsername ?? live.Username });
}

/** Why a user cannot be written, named for the report, and without the name for renderers. */
function blocked(live: LiveUser, declaredUsername: string | undefined, detail: string): Pick<UserPlan, 'blockedReason' | 'blockedDetail'> {
  return { blockedReason: `${nameOf(live, declaredUsername)}: ${detail}`, blockedDetail: detail };
}

function blockedDetail(changes: readonly FieldChange[], after: Partial<Record<Channel, Record<string, unknown>>>, flattened: readonly Channel[], live: LiveUser): string {
  const perChannelOnly = changes.filter((c) => !byPhoneConfig(c, after)).map(settingName);
  const why = perChannelOnly.length > 0
    ? `${perChannelOnly.join(', ')} can only be written with UpdateUserConfig`
    : `UpdateUserPhoneConfig would also set the after-contact-work timeout of ${flattened.map((c) => `${c} (${showValue('AfterContactWorkTimeLimit', liveChannel(live, c).AfterContactWorkTimeLimit)} s)`).join(', ')} to ${String(after.VOICE?.AfterContactWorkTimeLimit ?? 0)} s, which is not declared`;
  return `${why}, and \`perChannelWrites\` is false. Remove \`perChannelWrites: false\` (grants connect:UpdateUserConfig) so only the declared settings change, or declare the value for every channel (\`everyChannel\`).`;
}
