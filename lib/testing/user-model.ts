/**
 * The emulator's internal picture of a Connect user's phone settings, and the pure rules
 * that change it. Kept free of HTTP and of the store so each rule can be read on its own.
 */
// The service's own names, written apart from the constructs' contract: the emulator is a model of
// Connect, not of the code it tests. They are spelled out here rather than imported so that the
// published `testing` types need no SDK package; test/lib/testing/user-model.test.ts checks both
// the types and the lists (in the order the emulator reports them) against the SDK's service model.
export type Channel = 'VOICE' | 'CHAT' | 'TASK' | 'EMAIL';
export type PhoneType = 'SOFT_PHONE' | 'DESK_PHONE';
export type VoiceEnhancementMode = 'VOICE_ISOLATION' | 'NOISE_SUPPRESSION' | 'NONE';

export const CHANNELS: readonly Channel[] = ['VOICE', 'CHAT', 'TASK', 'EMAIL'];
export const PHONE_TYPES: readonly PhoneType[] = ['SOFT_PHONE', 'DESK_PHONE'];
export const VOICE_ENHANCEMENT_MODES: readonly VoiceEnhancementMode[] = ['VOICE_ISOLATION', 'NOISE_SUPPRESSION', 'NONE'];

export const ACW_MAX_SECONDS = 2_000_000;
/** The documented DeskPhoneNumber pattern, anchored at both ends (the docs only anchor the end). */
export const E164 = /^\+[1-9]\d{1,14}$/;

export interface ChannelSettings {
  autoAccept: boolean;
  /** Seconds; 0 means unlimited. */
  afterContactWorkTimeLimit: number;
}

export interface VoiceSettings extends ChannelSettings {
  agentFirstCallbackAutoAccept: boolean;
  agentFirstCallbackAfterContactWorkTimeLimit: number;
  phoneType: PhoneType;
  /** '' when the user has no desk phone number. */
  phoneNumber: string;
  persistentConnection: boolean;
  voiceEnhancementMode: VoiceEnhancementMode;
}

export interface ChannelStates {
  VOICE: VoiceSettings;
  CHAT: ChannelSettings;
  TASK: ChannelSettings;
  EMAIL: ChannelSettings;
}

/** A partial change per channel; VOICE alone carries the phone-only fields. */
export interface ChannelPatches {
  VOICE?: Partial<VoiceSettings>;
  CHAT?: Partial<ChannelSettings>;
  TASK?: Partial<ChannelSettings>;
  EMAIL?: Partial<ChannelSettings>;
}

/** The legacy `PhoneConfig` shape (UpdateUserPhoneConfig, DescribeUser.PhoneConfig). */
export interface LegacyPhoneConfig {
  PhoneType?: PhoneType;
  AutoAccept?: boolean;
  AfterContactWorkTimeLimit?: number;
  DeskPhoneNumber?: string;
  PersistentConnection?: boolean;
}

export function defaultChannelStates(): ChannelStates {
  return {
    VOICE: {
      autoAccept: false,
      afterContactWorkTimeLimit: 0,
      agentFirstCallbackAutoAccept: false,
      agentFirstCallbackAfterContactWorkTimeLimit: 0,
      phoneType: 'SOFT_PHONE',
      phoneNumber: '',
      persistentConnection: false,
      voiceEnhancementMode: 'NONE',
    },
    CHAT: { autoAccept: false, afterContactWorkTimeLimit: 0 },
    TASK: { autoAccept: false, afterContactWorkTimeLimit: 0 },
    EMAIL: { autoAccept: false, afterContactWorkTimeLimit: 0 },
  };
}

export function cloneChannelStates(s: ChannelStates): ChannelStates {
  return { VOICE: { ...s.VOICE }, CHAT: { ...s.CHAT }, TASK: { ...s.TASK }, EMAIL: { ...s.EMAIL } };
}

/**
 * UpdateUserPhoneConfig semantics: the legacy config is replaced wholesale (omitted fields
 * reset), and its single ACW value lands on every channel because the legacy API has no
 * notion of channels. Agent-first-callback settings and voice enhancement are not part of
 * the legacy shape, so they survive.
 */
export function replaceLegacyConfig(s: ChannelStates, cfg: LegacyPhoneConfig & { PhoneType: PhoneType }): ChannelStates {
  const next = cloneChannelStates(s);
  next.VOICE.phoneType = cfg.PhoneType;
  next.VOICE.autoAccept = cfg.AutoAccept ?? false;
  next.VOICE.persistentConnection = cfg.PersistentConnection ?? false;
  next.VOICE.phoneNumber = cfg.DeskPhoneNumber ?? '';
  const acw = cfg.AfterContactWorkTimeLimit ?? 0;
  for (const ch of CHANNELS) {
    next[ch].afterContactWorkTimeLimit = acw;
  }
  return next;
}

/** A console edit of the legacy fields: only what is given changes, and only on VOICE. */
export function patchLegacyConfig(s: ChannelStates, cfg: LegacyPhoneConfig): ChannelStates {
  const next = cloneChannelStates(s);
  const v = next.VOICE;
  if (cfg.PhoneType !== undefined) v.phoneType = cfg.PhoneType;
  if (cfg.AutoAccept !== undefined) v.autoAccept = cfg.AutoAccept;
  if (cfg.PersistentConnection !== undefined) v.persistentConnection = cfg.PersistentConnection;
  if (cfg.DeskPhoneNumber !== undefined) v.phoneNumber = cfg.DeskPhoneNumber;
  if (cfg.AfterContactWorkTimeLimit !== undefined) v.afterContactWorkTimeLimit = cfg.AfterContactWorkTimeLimit;
  return next;
}

/** UpdateUserConfig semantics: per channel, per field merge; undefined means "leave as is". */
export function applyChannelPatches(s: ChannelStates, patches: ChannelPatches): ChannelStates {
  const next = cloneChannelStates(s);
  for (const ch of CHANNELS) {
    const patch = patches[ch];
    if (!patch) continue;
    const target = next[ch] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined) {
        target[k] = v;
      }
    }
  }
  return next;
}

export function isValidAcw(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= ACW_MAX_SECONDS;
}

/**
 * The invariants every stored state satisfies, checked after any change is applied so no
 * path (API or console helper) can store something the service would refuse. Returns a
 * message naming the offending field, or undefined.
 */
export function findInvariantViolation(s: ChannelStates): string | undefined {
  const allowedKeys: Record<Channel, readonly string[]> = {
    VOICE: Object.keys(defaultChannelStates().VOICE),
    CHAT: ['autoAccept', 'afterContactWorkTimeLimit'],
    TASK: ['autoAccept', 'afterContactWorkTimeLimit'],
    EMAIL: ['autoAccept', 'afterContactWorkTimeLimit'],
  };
  for (const ch of CHANNELS) {
    const c = s[ch] as unknown as Record<string, unknown>;
    for (const k of Object.keys(c)) {
      if (!allowedKeys[ch].includes(k)) {
        return `${ch}.${k} is only supported on the VOICE channel`;
      }
    }
    if (typeof c.autoAccept !== 'boolean') return `${ch}.autoAccept must be a boolean`;
    if (!isValidAcw(c.afterContactWorkTimeLimit)) {
      return `${ch}.afterContactWorkTimeLimit must be an integer between 0 and ${ACW_MAX_SECONDS}`;
    }
  }
  const v = s.VOICE;
  if (!PHONE_TYPES.includes(v.phoneType)) return `VOICE.phoneType must be one of ${PHONE_TYPES.join(', ')}`;
  if (!VOICE_ENHANCEMENT_MODES.includes(v.voiceEnhancementMode)) {
    return `VOICE.voiceEnhancementMode must be one of ${VOICE_ENHANCEMENT_MODES.join(', ')}`;
  }
  if (typeof v.agentFirstCallbackAutoAccept !== 'boolean') return 'VOICE.agentFirstCallbackAutoAccept must be a boolean';
  if (typeof v.persistentConnection !== 'boolean') return 'VOICE.persistentConnection must be a boolean';
  if (!isValidAcw(v.agentFirstCallbackAfterContactWorkTimeLimit)) {
    return `VOICE.agentFirstCallbackAfterContactWorkTimeLimit must be an integer between 0 and ${ACW_MAX_SECONDS}`;
  }
  if (typeof v.phoneNumber !== 'string' || (v.phoneNumber !== '' && !E164.test(v.phoneNumber))) {
    return 'VOICE.phoneNumber must be an E.164 number matching ^\\+[1-9]\\d{1,14}$';
  }
  if (v.phoneType === 'DESK_PHONE' && v.phoneNumber === '') {
    return 'VOICE.phoneNumber is required when phoneType is DESK_PHONE';
  }
  return undefined;
}
