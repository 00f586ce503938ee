/**
 * Declaration files: the agents of a fleet in JSON or CSV, written by `export` and read by
 * `FleetUsers.fromFile`. One vocabulary for both formats, the constructs' own words (camelCase,
 * durations in whole seconds, enum values as strings), and one table of settings, so a file
 * written by `export` reads back as exactly the settings it was exported from.
 *
 * Pure: no I/O, no SDK. Values read from a file stay as found (a CSV cell `yes` where a boolean
 * belongs stays the string "yes"); the one validator (validate.ts) says what is wrong with them.
 */
import { CHANNELS, Channel, ChannelSpec, PhoneConfigSpec, UserSpec } from './contract';
import type { LiveChannel, LiveUser } from './live';
import { defined } from './defined';

/** One agent as a declaration file holds it. */
export interface DeclaredUser {
  readonly userId?: unknown;
  readonly username?: unknown;
  readonly phoneType?: unknown;
  readonly autoAccept?: unknown;
  /** Seconds. */
  readonly afterContactWorkTimeLimit?: unknown;
  readonly persistentConnection?: unknown;
  readonly deskPhoneNumber?: unknown;
  readonly channels?: readonly DeclaredChannel[];
}

/** One channel's settings in a declaration file (VOICE carries the agent-first callback pair and voice enhancement). */
export interface DeclaredChannel {
  readonly channel: unknown;
  readonly autoAccept?: unknown;
  /** Seconds. */
  readonly afterContactWorkTimeLimit?: unknown;
  readonly agentFirstCallbackAutoAccept?: unknown;
  /** Seconds. */
  readonly agentFirstCallbackAfterContactWorkTimeLimit?: unknown;
  readonly voiceEnhancementMode?: unknown;
}

export type ValueKind = 'string' | 'boolean' | 'seconds';

/** The user-level fields of a declaration, in file order, with the contract field each one is. */
export const USER_FIELDS = [
  { name: 'username', kind: 'string' },
  { name: 'userId', kind: 'string' },
  { name: 'phoneType', kind: 'string', phoneConfig: 'PhoneType' },
  { name: 'autoAccept', kind: 'boolean', phoneConfig: 'AutoAccept' },
  { name: 'afterContactWorkTimeLimit', kind: 'seconds', phoneConfig: 'AfterContactWorkTimeLimit' },
  { name: 'persistentConnection', kind: 'boolean', phoneConfig: 'PersistentConnection' },
  { name: 'deskPhoneNumber', kind: 'string', phoneConfig: 'DeskPhoneNumber' },
] as const satisfies readonly { name: keyof DeclaredUser; kind: ValueKind; phoneConfig?: keyof PhoneConfigSpec }[];

/**
 * The per-channel fields, with the channels that have each. VOICE's own autoAccept and ACW are the
 * top-level settings (one meaning: top-level settings are VOICE's), so they are not repeated here.
 */
export const CHANNEL_FIELDS = [
  { name: 'agentFirstCallbackAutoAccept', kind: 'boolean', spec: 'AgentFirstCallbackAutoAccept', channels: ['VOICE'] },
  { name: 'agentFirstCallbackAfterContactWorkTimeLimit', kind: 'seconds', spec: 'AgentFirstCallbackAfterContactWorkTimeLimit', channels: ['VOICE'] },
  { name: 'voiceEnhancementMode', kind: 'string', spec: 'VoiceEnhancementMode', channels: ['VOICE'] },
  { name: 'autoAccept', kind: 'boolean', spec: 'AutoAccept', channels: ['CHAT', 'TASK', 'EMAIL'] },
  { name: 'afterContactWorkTimeLimit', kind: 'seconds', spec: 'AfterContactWorkTimeLimit', channels: ['CHAT', 'TASK', 'EMAIL'] },
] as const satisfies readonly { name: keyof DeclaredChannel; kind: ValueKind; spec: keyof ChannelSpec; channels: readonly Channel[] }[];

/** The contract's form of a declared user, for the validator and the construct. */
export function declaredToUserSpec(user: DeclaredUser): UserSpec {
  const phoneConfig: Record<string, unknown> = {};
  for (const f of USER_FIELDS) {
    if ('phoneConfig' in f && user[f.name] !== undefined) phoneConfig[f.phoneConfig] = user[f.name];
  }
  const channels = (user.channels ?? []).map((c) => {
    const spec: Record<string, unknown> = { Channel: c.channel };
    for (const f of CHANNEL_FIELDS) if (c[f.name] !== undefined) spec[f.spec] = c[f.name];
    // autoAccept and ACW on VOICE are valid in a JSON file's channels too (CSV has no such column).
    if (c.channel === 'VOICE') {
      if (c.autoAccept !== undefined) spec.AutoAccept = c.autoAccept;
      if (c.afterContactWorkTimeLimit !== undefined) spec.AfterContactWorkTimeLimit = c.afterContactWorkTimeLimit;
    }
    return spec as unknown as ChannelSpec;
  });
  return defined({
    UserId: user.userId as string | undefined,
    Username: user.username as string | undefined,
    PhoneConfig: Object.keys(phoneConfig).length > 0 ? (phoneConfig as PhoneConfigSpec) : undefined,
    Channels: channels.length > 0 ? channels : undefined,
  });
}

export interface FromLiveOptions {
  /** Write desk numbers; without it a desk phone's type and number are left undeclared. */
  readonly includePhoneNumbers: boolean;
}

export interface FromLiveResult {
  readonly user: DeclaredUser;
  /** True when a desk number was left out (the caller says so once, with a count). */
  readonly numberLeftOut: boolean;
}

/**
 * A live user as a declaration of exactly its current settings: declaring it changes nothing.
 * Without `includePhoneNumbers`, a desk phone user's phone type stays undeclared too, since
 * DESK_PHONE cannot be declared without its number.
 */
export function declaredFromLive(live: LiveUser, options: FromLiveOptions): FromLiveResult {
  const pc = live.PhoneConfig;
  const voice: LiveChannel = live.Channels.VOICE ?? {};
  const number = pc.DeskPhoneNumber ?? voice.PhoneNumber;
  const deskPhone = (pc.PhoneType ?? voice.PhoneType) === 'DESK_PHONE';
  const numberLeftOut = !options.includePhoneNumbers && (deskPhone || number !== undefined);
  const keepNumber = options.includePhoneNumbers && number !== undefined;
  const channels: DeclaredChannel[] = [];
  for (const channel of CHANNELS) {
    const live_ = live.Channels[channel];
    if (live_ === undefined) continue;
    const entry: Record<string, unknown> = {};
    for (const f of CHANNEL_FIELDS) {
      if ((f.channels as readonly Channel[]).includes(channel) && live_[f.spec] !== undefined) entry[f.name] = live_[f.spec];
    }
    if (Object.keys(entry).length > 0) channels.push({ channel, ...entry });
  }
  const user = defined<DeclaredUser>({
    username: live.Username,
    // A username names the agent across instances and re-creations; the id only when there is none.
    userId: live.Username === undefined ? live.UserId : undefined,
    phoneType: deskPhone && !options.includePhoneNumbers ? undefined : (pc.PhoneType ?? voice.PhoneType),
    autoAccept: pc.AutoAccept ?? voice.AutoAccept,
    afterContactWorkTimeLimit: pc.AfterContactWorkTimeLimit ?? voice.AfterContactWorkTimeLimit,
    persistentConnection: pc.PersistentConnection ?? voice.PersistentConnection,
    deskPhoneNumber: keepNumber ? number : undefined,
    channels: channels.length > 0 ? channels : undefined,
  });
  return { user, numberLeftOut };
}
