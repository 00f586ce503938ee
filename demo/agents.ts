/**
 * The demo's sample contact centre: six agents as an administrator created them in the console,
 * with the mixed settings a real instance accumulates (one on a desk phone, one whose chat
 * after-contact work differs from voice, some already as the stack declares them).
 */
import type { ChannelPatches, ConnectEmulator, LegacyPhoneConfig } from '../lib/testing';

export interface SampleAgent {
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  /** What the stack declares for this agent, in words (for the reader of the demo). */
  readonly note: string;
  readonly phoneConfig: LegacyPhoneConfig;
  readonly channels?: ChannelPatches;
}

/** A number from the range reserved for fiction (555-01xx). */
export const DESK_PHONE_NUMBER = '+15555550142';

/** The supervisor gets a construct of its own, by user id; the others form a fleet, by username. */
export const SUPERVISOR = 'amelia.hart';

export const SAMPLE_AGENTS: readonly SampleAgent[] = [
  {
    username: SUPERVISOR, firstName: 'Amelia', lastName: 'Hart', note: 'supervisor: auto-accept, 30 s ACW, persistent connection',
    phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0 },
  },
  {
    username: 'bruno.silva', firstName: 'Bruno', lastName: 'Silva', note: 'already as declared',
    phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 },
  },
  {
    username: 'chen.wei', firstName: 'Chen', lastName: 'Wei', note: 'keeps the desk phone, auto-accept off',
    phoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE_NUMBER, AutoAccept: true, AfterContactWorkTimeLimit: 30 },
  },
  {
    username: 'dana.kowalski', firstName: 'Dana', lastName: 'Kowalski', note: 'chat ACW 60 s, voice left at 30 s',
    phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 },
    channels: { CHAT: { afterContactWorkTimeLimit: 120 } },
  },
  {
    username: 'emeka.obi', firstName: 'Emeka', lastName: 'Obi', note: 'fleet defaults',
    phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 45 },
  },
  {
    username: 'farah.haddad', firstName: 'Farah', lastName: 'Haddad', note: 'already as declared',
    phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 },
  },
];

export interface SeededAgent {
  readonly username: string;
  readonly userId: string;
}

/** Creates the sample agents in an instance, as an administrator would; returns them with their ids. */
export function seedAgents(emulator: ConnectEmulator, instanceId: string): SeededAgent[] {
  return SAMPLE_AGENTS.map((agent) => ({
    username: agent.username,
    userId: emulator.createUser(instanceId, {
      username: agent.username,
      firstName: agent.firstName,
      lastName: agent.lastName,
      phoneConfig: agent.phoneConfig,
      channels: agent.channels,
    }),
  }));
}
