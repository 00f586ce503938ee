/**
 * The live configuration of a user, normalized from DescribeUser or SearchUsers so the planner
 * compares one shape. Types only are imported from the SDK: this file runs in the construct too.
 */
import type { User, UserSearchSummary } from '@aws-sdk/client-connect';
import { Channel, ChannelSpec, PhoneConfigSpec, PhoneTypeValue } from './contract';
import { defined } from './defined';

/** One channel's live settings: the same fields a stack can declare for it. */
export type LiveChannel = Omit<ChannelSpec, 'Channel'>;

export interface LiveUser {
  readonly UserId: string;
  readonly Username?: string;
  /** Always in seconds, whatever the source. */
  readonly PhoneConfig: PhoneConfigSpec;
  readonly Channels: Partial<Record<Channel, LiveChannel>>;
  /**
   * DescribeUser is exact. SearchUsers is used to find what may have drifted: its per-channel ACW
   * units are undocumented, so a difference seen there is confirmed with DescribeUser before writing.
   */
  readonly source: 'DescribeUser' | 'SearchUsers';
}

type UserLike = Pick<User, 'Id' | 'Username' | 'PhoneConfig' | 'AutoAcceptConfigs' | 'AfterContactWorkConfigs' | 'PhoneNumberConfigs' | 'PersistentConnectionConfigs' | 'VoiceEnhancementConfigs'>;

export function fromDescribeUser(user: User): LiveUser {
  return normalize(user, 1, 'DescribeUser');
}

/** SearchUsers reports `PhoneConfig.AfterContactWorkTimeLimit` in milliseconds (documented quirk). */
export function fromSearchSummary(summary: UserSearchSummary): LiveUser {
  return normalize(summary, 1000, 'SearchUsers');
}

function normalize(user: UserLike, acwDivisor: number, source: LiveUser['source']): LiveUser {
  const phone = user.PhoneConfig ?? {};
  const channels: Partial<Record<Channel, Record<string, unknown>>> = {};
  const at = (channel: string | undefined): Record<string, unknown> => {
    const key = (channel ?? 'VOICE') as Channel;
    return (channels[key] ??= {});
  };
  for (const c of user.AutoAcceptConfigs ?? []) {
    Object.assign(at(c.Channel), defined({ AutoAccept: c.AutoAccept, AgentFirstCallbackAutoAccept: c.AgentFirstCallbackAutoAccept }));
  }
  for (const c of user.AfterContactWorkConfigs ?? []) {
    Object.assign(at(c.Channel), defined({
      AfterContactWorkTimeLimit: c.AfterContactWorkConfig?.AfterContactWorkTimeLimit,
      AgentFirstCallbackAfterContactWorkTimeLimit: c.AgentFirstCallbackAfterContactWorkConfig?.AfterContactWorkTimeLimit,
    }));
  }
  for (const c of user.PhoneNumberConfigs ?? []) {
    Object.assign(at(c.Channel), defined({ PhoneType: c.PhoneType, PhoneNumber: c.PhoneNumber }));
  }
  for (const c of user.PersistentConnectionConfigs ?? []) {
    Object.assign(at(c.Channel), defined({ PersistentConnection: c.PersistentConnection }));
  }
  for (const c of user.VoiceEnhancementConfigs ?? []) {
    Object.assign(at(c.Channel), defined({ VoiceEnhancementMode: c.VoiceEnhancementMode }));
  }
  const acw = phone.AfterContactWorkTimeLimit;
  return {
    UserId: user.Id ?? '',
    Username: user.Username,
    PhoneConfig: defined({
      PhoneType: phone.PhoneType as PhoneTypeValue | undefined,
      AutoAccept: phone.AutoAccept,
      // A millisecond value that is not whole seconds stays fractional: it then differs from any
      // desired value and is confirmed with DescribeUser instead of being rounded into a false match.
      AfterContactWorkTimeLimit: acw === undefined ? undefined : acw / acwDivisor,
      DeskPhoneNumber: phone.DeskPhoneNumber || undefined,
      PersistentConnection: phone.PersistentConnection,
    }),
    Channels: channels as LiveUser['Channels'],
    source,
  };
}
