/**
 * Turns construct props into the contract's `UserSpec`: Durations become seconds, camelCase becomes
 * the Connect field names. Values are passed through unchecked: the one validator checks them.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { CHANNELS, ChannelSpec, PhoneConfigSpec, UserSpec } from '../core/contract';
import { ChannelSettings, EveryChannelSettings, PhoneSettings, UserReference } from '../settings';

export function toUserSpec(ref: UserReference, settings: PhoneSettings): UserSpec {
  const phoneConfig = defined<PhoneConfigSpec>({
    PhoneType: settings.phoneType,
    AutoAccept: settings.autoAccept,
    AfterContactWorkTimeLimit: seconds(settings.afterContactWorkTimeLimit),
    DeskPhoneNumber: settings.deskPhoneNumber,
    PersistentConnection: settings.persistentConnection,
  });
  const channels = withEveryChannel(settings.channels?.map(toChannelSpec) ?? [], phoneConfig, settings.everyChannel);
  return defined<UserSpec>({
    UserId: ref.userId,
    Username: ref.username,
    PhoneConfig: Object.keys(phoneConfig).length > 0 ? phoneConfig : undefined,
    Channels: channels.length > 0 ? channels : undefined,
  });
}

/**
 * `everyChannel` as a setting of each channel, where nothing more specific declares it: a
 * `channels` entry, or on VOICE the top-level setting. The template then shows what each channel gets.
 */
function withEveryChannel(channels: ChannelSpec[], phoneConfig: PhoneConfigSpec, every: EveryChannelSettings | undefined): ChannelSpec[] {
  if (every === undefined) return channels;
  const values = defined({ AutoAccept: every.autoAccept, AfterContactWorkTimeLimit: seconds(every.afterContactWorkTimeLimit) });
  const result = [...channels];
  for (const channel of CHANNELS) {
    const at = result.findIndex((c) => c.Channel === channel);
    const entry: Record<string, unknown> = at >= 0 ? { ...result[at] } : { Channel: channel };
    for (const [field, value] of Object.entries(values)) {
      const topLevel = channel === 'VOICE' && phoneConfig[field as keyof PhoneConfigSpec] !== undefined;
      if (!topLevel && entry[field] === undefined) entry[field] = value;
    }
    if (Object.keys(entry).length === 1) continue;
    if (at >= 0) result[at] = entry as unknown as ChannelSpec;
    else result.push(entry as unknown as ChannelSpec);
  }
  return result;
}

function toChannelSpec(c: ChannelSettings): ChannelSpec {
  return defined<ChannelSpec>({
    Channel: c.channel,
    AutoAccept: c.autoAccept,
    AgentFirstCallbackAutoAccept: c.agentFirstCallbackAutoAccept,
    AfterContactWorkTimeLimit: seconds(c.afterContactWorkTimeLimit),
    AgentFirstCallbackAfterContactWorkTimeLimit: seconds(c.agentFirstCallbackAfterContactWorkTimeLimit),
    PhoneType: c.phoneType,
    PhoneNumber: c.phoneNumber,
    PersistentConnection: c.persistentConnection,
    VoiceEnhancementMode: c.voiceEnhancementMode,
  });
}

/**
 * Whole or fractional seconds; the validator rejects fractions with a message that says so. A
 * Duration from a Token stays a Token (only `Duration.seconds(token)` can be converted).
 */
function seconds(duration: Duration | undefined): number | undefined {
  if (duration === undefined) return undefined;
  if (Token.isUnresolved(duration.toSeconds({ integral: false }))) return duration.toSeconds({ integral: false });
  return duration.toMilliseconds({ integral: false }) / 1000;
}

/** Fleet users: the fleet's defaults overlaid by the user's own settings, channel by channel. */
export function mergeSettings(defaults: PhoneSettings | undefined, own: PhoneSettings): PhoneSettings {
  if (defaults === undefined) return own;
  const defaultChannels = defaults.channels ?? [];
  const ownChannels = own.channels ?? [];
  const inDefaults = (c: ChannelSettings) => defaultChannels.some((d) => d.channel === c.channel);
  const merged = defaultChannels.map((d) => {
    const mine = ownChannels.find((c) => c.channel === d.channel);
    return mine ? { ...d, ...defined(mine) } : d;
  });
  // A channel the user declares twice stays twice, so the validator still reports it.
  const rest = ownChannels.filter((c, i) => !inDefaults(c) || ownChannels.findIndex((o) => o.channel === c.channel) !== i);
  const channels = [...merged, ...rest];
  return { ...defaults, ...defined(own), channels: channels.length > 0 ? channels : undefined };
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
