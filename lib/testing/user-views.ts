import { CHANNELS, Channel, ChannelStates, PhoneType, VoiceEnhancementMode } from './user-model';
import type { UserRecord } from './emulator-state';

/**
 * Renders stored users into the response shapes, in the JSON form restJson1 puts on the
 * wire (timestamps as epoch seconds). Channel lists are always in VOICE, CHAT, TASK, EMAIL
 * order so responses are stable across calls.
 */

export interface WireUserCommon {
  Id: string;
  Arn: string;
  Username: string;
  RoutingProfileId: string;
  SecurityProfileIds: string[];
  HierarchyGroupId?: string;
  Tags: Record<string, string>;
  PhoneConfig: WirePhoneConfig;
  AutoAcceptConfigs: Array<{ Channel: Channel; AutoAccept: boolean; AgentFirstCallbackAutoAccept?: boolean }>;
  AfterContactWorkConfigs: Array<{
    Channel: Channel;
    AfterContactWorkConfig: { AfterContactWorkTimeLimit: number };
    AgentFirstCallbackAfterContactWorkConfig?: { AfterContactWorkTimeLimit: number };
  }>;
  PhoneNumberConfigs: Array<{ Channel: Channel; PhoneType: PhoneType; PhoneNumber?: string }>;
  PersistentConnectionConfigs: Array<{ Channel: Channel; PersistentConnection: boolean }>;
  VoiceEnhancementConfigs: Array<{ Channel: Channel; VoiceEnhancementMode: VoiceEnhancementMode }>;
}

export interface WirePhoneConfig {
  PhoneType: PhoneType;
  AutoAccept: boolean;
  AfterContactWorkTimeLimit: number;
  DeskPhoneNumber?: string;
  PersistentConnection: boolean;
}

export interface WireUser extends WireUserCommon {
  IdentityInfo: { FirstName?: string; LastName?: string };
  /** Epoch seconds, as restJson1 serialises timestamps. */
  LastModifiedTime: number;
  LastModifiedRegion: string;
}

/** A user as the SDK's DescribeUser returns it: `LastModifiedTime` parsed into a Date. */
export type EmulatedUser = Omit<WireUser, 'LastModifiedTime'> & { LastModifiedTime: Date };

export type WireUserSearchSummary = WireUserCommon & { IdentityInfo: { FirstName?: string; LastName?: string } };

function identity(u: UserRecord): { FirstName?: string; LastName?: string } {
  const out: { FirstName?: string; LastName?: string } = {};
  if (u.firstName !== undefined) out.FirstName = u.firstName;
  if (u.lastName !== undefined) out.LastName = u.lastName;
  return out;
}

/** The legacy view is derived from VOICE; `acwFactor` carries the SearchUsers milliseconds quirk. */
function legacyPhoneConfig(s: ChannelStates, acwFactor: number): WirePhoneConfig {
  const v = s.VOICE;
  const pc: WirePhoneConfig = {
    PhoneType: v.phoneType,
    AutoAccept: v.autoAccept,
    AfterContactWorkTimeLimit: v.afterContactWorkTimeLimit * acwFactor,
    PersistentConnection: v.persistentConnection,
  };
  if (v.phoneNumber !== '') pc.DeskPhoneNumber = v.phoneNumber;
  return pc;
}

function common(u: UserRecord, arn: string, acwFactor: number): WireUserCommon {
  const s = u.channels;
  const v = s.VOICE;
  return {
    Id: u.id,
    Arn: arn,
    Username: u.username,
    RoutingProfileId: u.routingProfileId,
    SecurityProfileIds: [...u.securityProfileIds],
    ...(u.hierarchyGroupId !== undefined ? { HierarchyGroupId: u.hierarchyGroupId } : {}),
    Tags: { ...u.tags },
    PhoneConfig: legacyPhoneConfig(s, acwFactor),
    AutoAcceptConfigs: CHANNELS.map((ch) =>
      ch === 'VOICE'
        ? { Channel: ch, AutoAccept: v.autoAccept, AgentFirstCallbackAutoAccept: v.agentFirstCallbackAutoAccept }
        : { Channel: ch, AutoAccept: s[ch].autoAccept }),
    AfterContactWorkConfigs: CHANNELS.map((ch) =>
      ch === 'VOICE'
        ? {
          Channel: ch,
          AfterContactWorkConfig: { AfterContactWorkTimeLimit: v.afterContactWorkTimeLimit },
          AgentFirstCallbackAfterContactWorkConfig: { AfterContactWorkTimeLimit: v.agentFirstCallbackAfterContactWorkTimeLimit },
        }
        : { Channel: ch, AfterContactWorkConfig: { AfterContactWorkTimeLimit: s[ch].afterContactWorkTimeLimit } }),
    PhoneNumberConfigs: [
      v.phoneNumber === ''
        ? { Channel: 'VOICE', PhoneType: v.phoneType }
        : { Channel: 'VOICE', PhoneType: v.phoneType, PhoneNumber: v.phoneNumber },
    ],
    PersistentConnectionConfigs: [{ Channel: 'VOICE', PersistentConnection: v.persistentConnection }],
    VoiceEnhancementConfigs: [{ Channel: 'VOICE', VoiceEnhancementMode: v.voiceEnhancementMode }],
  };
}

export function describeUserView(u: UserRecord, arn: string): WireUser {
  return {
    ...common(u, arn, 1),
    IdentityInfo: identity(u),
    LastModifiedTime: u.lastModifiedTime / 1000,
    LastModifiedRegion: u.lastModifiedRegion,
  };
}

/** SearchUsers reports the legacy ACW in milliseconds (documented); per-channel ACW stays seconds. */
export function searchSummaryView(u: UserRecord, arn: string): WireUserSearchSummary {
  return { ...common(u, arn, 1000), IdentityInfo: identity(u) };
}

export function userSummaryView(u: UserRecord, arn: string): { Id: string; Arn: string; Username: string; LastModifiedTime: number; LastModifiedRegion: string } {
  return {
    Id: u.id,
    Arn: arn,
    Username: u.username,
    LastModifiedTime: u.lastModifiedTime / 1000,
    LastModifiedRegion: u.lastModifiedRegion,
  };
}
