/**
 * Turns construct props into the contract's `UserSpec`: Durations become seconds, camelCase becomes
 * the Connect field names. Values are passed through unchecked: the one validator checks them.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { CHANNELS, ChannelSpec, PhoneConfigSpec, SelectorSpec, UserSpec } from '../core/contract';
import { ValidationIssue } from '../core/validate';
import { AgentSelector, ChannelSettings, EveryChannelSettings, PhoneSettings, UserReference } from '../settings';
import { defined } from '../core/defined';

/**
 * `issues` collects what cannot even be converted (a number where a Duration belongs), named by
 * `where`, so the construct reports it with every other problem instead of a TypeError.
 */
export function toUserSpec(ref: UserReference, settings: PhoneSettings, where = 'users[0]', issues: ValidationIssue[] = []): UserSpec {
  const seconds = (value: Duration | undefined, prop: string) => durationSeconds(value, prop, where, issues);
  const phoneConfig = defined<PhoneConfigSpec>({
    PhoneType: settings.phoneType,
    AutoAccept: settings.autoAccept,
    AfterContactWorkTimeLimit: seconds(settings.afterContactWorkTimeLimit, 'afterContactWorkTimeLimit'),
    DeskPhoneNumber: settings.deskPhoneNumber,
    PersistentConnection: settings.persistentConnection,
  });
  const every = settings.everyChannel === undefined ? undefined : { ...settings.everyChannel, seconds: seconds(settings.everyChannel.afterContactWorkTimeLimit, 'everyChannel.afterContactWorkTimeLimit') };
  const channels = withEveryChannel((settings.channels ?? []).map((c, i) => toChannelSpec(c, (value, prop) => seconds(value, `channels[${i}].${prop}`))), phoneConfig, every);
  return defined<UserSpec>({
    UserId: ref.userId,
    Username: ref.username,
    DeskPhoneNumberParameter: settings.deskPhoneNumberParameterName,
    PhoneConfig: Object.keys(phoneConfig).length > 0 ? phoneConfig : undefined,
    Channels: channels.length > 0 ? channels : undefined,
  });
}

/** An agent selector in the contract's form: its criteria, and its settings converted as a user's. */
export function toSelectorSpec(selector: AgentSelector, where: string, issues: ValidationIssue[]): SelectorSpec {
  const settings = toUserSpec({}, selector.settings ?? {}, where, issues);
  if (settings.DeskPhoneNumberParameter !== undefined) {
    issues.push({ where, message: 'declares `deskPhoneNumberParameterName`; a desk number is each agent\'s own, so declare it per user instead.' });
  }
  return defined<SelectorSpec>({
    RoutingProfileId: selector.routingProfileId,
    HierarchyGroupId: selector.hierarchyGroupId,
    IncludeChildGroups: selector.includeChildGroups,
    Tags: selector.tags !== undefined && Object.keys(selector.tags).length > 0 ? selector.tags : undefined,
    UsernamePrefix: selector.usernamePrefix,
    PhoneConfig: settings.PhoneConfig,
    Channels: settings.Channels,
  });
}

/**
 * `everyChannel` as a setting of each channel, where nothing more specific declares it: a
 * `channels` entry, or on VOICE the top-level setting. The template then shows what each channel gets.
 */
function withEveryChannel(channels: ChannelSpec[], phoneConfig: PhoneConfigSpec, every: (EveryChannelSettings & { seconds?: number }) | undefined): ChannelSpec[] {
  if (every === undefined) return channels;
  const values = defined({ AutoAccept: every.autoAccept, AfterContactWorkTimeLimit: every.seconds });
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

function toChannelSpec(c: ChannelSettings, seconds: (value: Duration | undefined, prop: string) => number | undefined): ChannelSpec {
  return defined<ChannelSpec>({
    Channel: c.channel,
    AutoAccept: c.autoAccept,
    AgentFirstCallbackAutoAccept: c.agentFirstCallbackAutoAccept,
    AfterContactWorkTimeLimit: seconds(c.afterContactWorkTimeLimit, 'afterContactWorkTimeLimit'),
    AgentFirstCallbackAfterContactWorkTimeLimit: seconds(c.agentFirstCallbackAfterContactWorkTimeLimit, 'agentFirstCallbackAfterContactWorkTimeLimit'),
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
function durationSeconds(duration: Duration | undefined, prop: string, where: string, issues: ValidationIssue[]): number | undefined {
  if (duration === undefined) return undefined;
  if (!(duration instanceof Duration) && typeof (duration as { toMilliseconds?: unknown } | null)?.toMilliseconds !== 'function') {
    // JavaScript callers can pass anything: say what is expected instead of failing with a TypeError.
    issues.push({ where, message: `\`${prop}\` is ${JSON.stringify(duration)}, not a Duration; write e.g. Duration.seconds(${typeof duration === 'number' ? duration : 30}).` });
    return undefined;
  }
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
