/**
 * What the demo shows of an agent: the settings a supervisor cares about, read from the emulator
 * the way the handler reads them (lib/core/live.ts), phone numbers masked.
 */
import { CHANNELS } from '../lib/core/contract';
import { fromDescribeUser } from '../lib/core/live';
import { maskPhoneNumber } from '../lib/core/mask';
import type { ConnectEmulator } from '../lib/testing';
import type { SeededAgent } from './agents';

export interface AgentView {
  readonly username: string;
  readonly phone: string;
  readonly deskPhone: string;
  readonly autoAccept: string;
  /** Voice ACW in seconds, then any channel that differs: `30 (CHAT 120)`; 0 shows as `unlimited`. */
  readonly acw: string;
  readonly persistent: string;
}

export const VIEW_COLUMNS: readonly { key: Exclude<keyof AgentView, 'username'>; title: string }[] = [
  { key: 'phone', title: 'Phone' },
  { key: 'deskPhone', title: 'Desk phone' },
  { key: 'autoAccept', title: 'Auto-accept' },
  { key: 'acw', title: 'ACW (s)' },
  { key: 'persistent', title: 'Persistent' },
];

/** Every agent's view, in the order given; a deleted agent shows as `(deleted)`. */
export function viewAgents(emulator: ConnectEmulator, instanceId: string, agents: readonly SeededAgent[]): AgentView[] {
  return agents.map((agent) => {
    const user = emulator.getUser(instanceId, agent.userId);
    if (!user) return { username: agent.username, phone: '(deleted)', deskPhone: '', autoAccept: '', acw: '', persistent: '' };
    const live = fromDescribeUser(user);
    const voiceAcw = live.Channels.VOICE?.AfterContactWorkTimeLimit ?? live.PhoneConfig.AfterContactWorkTimeLimit;
    const others = CHANNELS
      .filter((c) => c !== 'VOICE' && live.Channels[c]?.AfterContactWorkTimeLimit !== undefined && live.Channels[c]?.AfterContactWorkTimeLimit !== voiceAcw)
      .map((c) => `${c} ${seconds(live.Channels[c]?.AfterContactWorkTimeLimit)}`);
    return {
      username: agent.username,
      phone: live.PhoneConfig.PhoneType === 'DESK_PHONE' ? 'desk' : 'soft',
      deskPhone: live.PhoneConfig.DeskPhoneNumber ? maskPhoneNumber(live.PhoneConfig.DeskPhoneNumber) : '-',
      autoAccept: onOff(live.PhoneConfig.AutoAccept),
      acw: seconds(voiceAcw) + (others.length > 0 ? ` (${others.join(', ')})` : ''),
      persistent: onOff(live.PhoneConfig.PersistentConnection),
    };
  });
}

function onOff(value: boolean | undefined): string {
  return value === undefined ? '?' : value ? 'on' : 'off';
}

function seconds(value: number | undefined): string {
  return value === undefined ? '?' : value === 0 ? 'unlimited' : String(value);
}
