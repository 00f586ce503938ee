import { invalidParameter } from './errors';
import {
  ACW_MAX_SECONDS,
  CHANNELS,
  Channel,
  ChannelPatches,
  E164,
  LegacyPhoneConfig,
  PHONE_TYPES,
  PhoneType,
  VOICE_ENHANCEMENT_MODES,
  VoiceSettings,
  isValidAcw,
} from './user-model';

/**
 * Turns untrusted request bodies into typed changes. Everything is checked here, before
 * any state is touched, so a rejected request leaves the user exactly as it was; messages
 * name the request field the way the caller spelled it.
 */

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalBoolean(obj: Json, key: string, path: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalidParameter(`${path}.${key} must be a boolean`);
  return v;
}

function optionalAcw(obj: Json, key: string, path: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!isValidAcw(v)) {
    throw invalidParameter(`${path}.${key} must be an integer between 0 and ${ACW_MAX_SECONDS}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function optionalEnum<T extends string>(obj: Json, key: string, path: string, allowed: readonly T[]): T | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw invalidParameter(`${path}.${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** Members the API model marks required: the SDK types enforce them, and so does the service. */
function required<T>(value: T | undefined, path: string, key: string): T {
  if (value === undefined) throw invalidParameter(`${path}.${key} is required`);
  return value;
}

function optionalPhoneNumber(obj: Json, key: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidParameter(`${path}.${key} must be a string`);
  // An empty string is how a caller clears the number; anything else must be E.164.
  if (v !== '' && !E164.test(v)) {
    throw invalidParameter(`${path}.${key} must be an E.164 number matching ^\\+[1-9]\\d{1,14}$, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** UpdateUserPhoneConfig body → a complete legacy config (PhoneType required). */
export function parsePhoneConfigRequest(body: unknown): LegacyPhoneConfig & { PhoneType: PhoneType } {
  if (!isObject(body) || !isObject(body.PhoneConfig)) {
    throw invalidParameter('PhoneConfig is required');
  }
  const pc = body.PhoneConfig;
  const phoneType = optionalEnum(pc, 'PhoneType', 'PhoneConfig', PHONE_TYPES);
  if (phoneType === undefined) {
    throw invalidParameter('PhoneConfig.PhoneType is required');
  }
  const cfg = {
    PhoneType: phoneType,
    AutoAccept: optionalBoolean(pc, 'AutoAccept', 'PhoneConfig'),
    AfterContactWorkTimeLimit: optionalAcw(pc, 'AfterContactWorkTimeLimit', 'PhoneConfig'),
    DeskPhoneNumber: optionalPhoneNumber(pc, 'DeskPhoneNumber', 'PhoneConfig'),
    PersistentConnection: optionalBoolean(pc, 'PersistentConnection', 'PhoneConfig'),
  };
  if (phoneType === 'DESK_PHONE' && !cfg.DeskPhoneNumber) {
    throw invalidParameter('PhoneConfig.DeskPhoneNumber is required when PhoneConfig.PhoneType is DESK_PHONE');
  }
  return cfg;
}

const VOICE_ONLY_LISTS = new Set(['PhoneNumberConfigs', 'PersistentConnectionConfigs', 'VoiceEnhancementConfigs']);

/**
 * UpdateUserConfig body → per-channel patches. Each list is validated independently: a
 * channel may appear once per list, and VOICE-only settings are refused on other channels.
 * Members the model makes optional (agent-first-callback settings, PhoneNumber, the inner
 * AfterContactWorkTimeLimit) leave the stored value unchanged when omitted.
 */
export function parseUserConfigRequest(body: unknown): ChannelPatches {
  if (!isObject(body)) {
    throw invalidParameter('request body must be a JSON object');
  }
  const patches: ChannelPatches = {};
  const patchFor = (ch: Channel): Record<string, unknown> => {
    const existing = patches[ch] as Record<string, unknown> | undefined;
    if (existing) return existing;
    const created: Record<string, unknown> = {};
    (patches as Record<string, unknown>)[ch] = created;
    return created;
  };

  forEachEntry(body, 'AutoAcceptConfigs', (e, path, ch) => {
    const p = patchFor(ch);
    p.autoAccept = required(optionalBoolean(e, 'AutoAccept', path), path, 'AutoAccept');
    const afc = optionalBoolean(e, 'AgentFirstCallbackAutoAccept', path);
    if (afc !== undefined) {
      requireVoice(ch, `${path}.AgentFirstCallbackAutoAccept`);
      p.agentFirstCallbackAutoAccept = afc;
    }
  });

  forEachEntry(body, 'AfterContactWorkConfigs', (e, path, ch) => {
    const p = patchFor(ch);
    const acw = required(optionalNested(e, 'AfterContactWorkConfig', path), path, 'AfterContactWorkConfig');
    // The inner limit is optional in the model: an empty object leaves the channel's ACW as is.
    p.afterContactWorkTimeLimit = optionalAcw(acw, 'AfterContactWorkTimeLimit', `${path}.AfterContactWorkConfig`);
    const afc = optionalNested(e, 'AgentFirstCallbackAfterContactWorkConfig', path);
    if (afc) {
      requireVoice(ch, `${path}.AgentFirstCallbackAfterContactWorkConfig`);
      p.agentFirstCallbackAfterContactWorkTimeLimit = optionalAcw(
        afc, 'AfterContactWorkTimeLimit', `${path}.AgentFirstCallbackAfterContactWorkConfig`);
    }
  });

  forEachEntry(body, 'PhoneNumberConfigs', (e, path) => {
    const p = patchFor('VOICE') as Partial<VoiceSettings>;
    p.phoneType = required(optionalEnum(e, 'PhoneType', path, PHONE_TYPES), path, 'PhoneType');
    p.phoneNumber = optionalPhoneNumber(e, 'PhoneNumber', path);
  });

  forEachEntry(body, 'PersistentConnectionConfigs', (e, path) => {
    (patchFor('VOICE') as Partial<VoiceSettings>).persistentConnection = required(
      optionalBoolean(e, 'PersistentConnection', path), path, 'PersistentConnection');
  });

  forEachEntry(body, 'VoiceEnhancementConfigs', (e, path) => {
    (patchFor('VOICE') as Partial<VoiceSettings>).voiceEnhancementMode = required(
      optionalEnum(e, 'VoiceEnhancementMode', path, VOICE_ENHANCEMENT_MODES), path, 'VoiceEnhancementMode');
  });

  return patches;
}

function forEachEntry(body: Json, list: string, fn: (entry: Json, path: string, ch: Channel) => void): void {
  const v = body[list];
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) throw invalidParameter(`${list} must be a list`);
  const seen = new Set<Channel>();
  v.forEach((entry, i) => {
    const path = `${list}[${i}]`;
    if (!isObject(entry)) throw invalidParameter(`${path} must be an object`);
    const ch = optionalEnum(entry, 'Channel', path, CHANNELS);
    if (ch === undefined) throw invalidParameter(`${path}.Channel is required`);
    if (seen.has(ch)) throw invalidParameter(`${list} lists channel ${ch} more than once`);
    seen.add(ch);
    if (VOICE_ONLY_LISTS.has(list)) requireVoice(ch, `${path} (${list})`);
    fn(entry, path, ch);
  });
}

function optionalNested(obj: Json, key: string, path: string): Json | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw invalidParameter(`${path}.${key} must be an object`);
  return v;
}

function requireVoice(ch: Channel, what: string): void {
  if (ch !== 'VOICE') {
    throw invalidParameter(`${what} is only supported for the VOICE channel, got ${ch}`);
  }
}
