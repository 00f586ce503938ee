/**
 * One `restore` record: a user's settings from before this stack first changed them, each setting
 * the stack declared with its live value, or `null` where the user had none (a desk number the
 * stack adds is then removed on restore).
 *
 * Records come from an SSM path a person could write to, so every one is checked before use: its
 * schema, that it names the user its parameter is named after, that its owner is a resource of this
 * stack, and that each value is one Connect accepts. A record that fails is reported and ignored.
 */
import { CHANNELS, Channel, PHONE_TYPES, VOICE_ENHANCEMENT_MODES } from '../core/contract';
import { ChannelField, ChannelTarget, SettingValue, UserTarget } from '../core/plan';
import { CONNECT_ID, E164, MAX_ACW_SECONDS, VOICE_ONLY_FIELDS } from '../core/validate';

export const RECORD_SCHEMA = 2;

export interface OriginalRecord {
  readonly schema: typeof RECORD_SCHEMA;
  /** The resource (stack id and PhysicalResourceId) that restores the user on Delete. */
  readonly owner: string;
  readonly userId: string;
  /** The username, for log lines (people know agents by name). */
  readonly username?: string;
  /** Each setting the stack declared, as it was before the stack first wrote it; `null`: absent. */
  readonly settings: UserTarget;
}

type Check = (value: unknown) => boolean;
const isBoolean: Check = (v) => typeof v === 'boolean';
const isAcw: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_ACW_SECONDS;
const oneOf = (values: readonly string[]): Check => (v) => typeof v === 'string' && values.includes(v);

const FIELD_CHECKS: Record<ChannelField, Check> = {
  AutoAccept: isBoolean,
  AgentFirstCallbackAutoAccept: isBoolean,
  AfterContactWorkTimeLimit: isAcw,
  AgentFirstCallbackAfterContactWorkTimeLimit: isAcw,
  PhoneType: oneOf(PHONE_TYPES),
  PhoneNumber: (v) => typeof v === 'string' && E164.test(v),
  PersistentConnection: isBoolean,
  VoiceEnhancementMode: oneOf(VOICE_ENHANCEMENT_MODES),
};

/**
 * The record in `text`, or the reason it cannot be used (names no phone number). `userId` is the
 * one its parameter is named after; `stackId` the stack whose records these are.
 */
export function parseRecord(text: string | undefined, userId: string, stackId: string): OriginalRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return 'not JSON';
  }
  if (!isObject(value)) return 'not a JSON object';
  if (value.schema !== RECORD_SCHEMA) return `schema is ${JSON.stringify(value.schema)}, expected ${RECORD_SCHEMA}`;
  if (typeof value.owner !== 'string' || !value.owner.startsWith(`${stackId}|`)) return 'its owner is not a resource of this stack';
  if (typeof value.userId !== 'string' || !CONNECT_ID.test(value.userId) || value.userId.toLowerCase() !== userId.toLowerCase()) {
    return 'its userId does not match the parameter name';
  }
  if (value.username !== undefined && typeof value.username !== 'string') return 'username is not a string';
  if (!isObject(value.settings)) return 'settings is not an object';
  for (const [channel, settings] of Object.entries(value.settings)) {
    if (!(CHANNELS as readonly string[]).includes(channel)) return `unknown channel ${JSON.stringify(channel)}`;
    if (!isObject(settings)) return `settings.${channel} is not an object`;
    for (const [field, setting] of Object.entries(settings)) {
      const check = FIELD_CHECKS[field as ChannelField];
      if (check === undefined) return `unknown setting ${channel}.${field}`;
      if (channel !== 'VOICE' && (VOICE_ONLY_FIELDS as readonly string[]).includes(field)) return `${channel}.${field} exists on VOICE only`;
      if (setting !== null && !check(setting)) return `${channel}.${field} has a value Connect does not accept`;
    }
  }
  return value as unknown as OriginalRecord;
}

/**
 * Adds what a write is about to change for the first time to a record: settings already recorded
 * keep their original value (a later value may be one this stack wrote); new ones take `captured`
 * (live, just before this write). The owner becomes `owner`.
 */
export function mergeRecord(existing: OriginalRecord | undefined, captured: UserTarget, owner: string, user: { userId: string; username?: string }): OriginalRecord {
  const settings: Record<string, Record<string, SettingValue | null>> = {};
  for (const channel of CHANNELS) {
    const merged: ChannelTarget = { ...captured[channel], ...existing?.settings[channel as Channel] };
    if (Object.keys(merged).length > 0) settings[channel] = merged as Record<string, SettingValue | null>;
  }
  return { schema: RECORD_SCHEMA, owner, userId: user.userId, username: user.username ?? existing?.username, settings };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
