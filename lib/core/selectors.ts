/**
 * Agent selectors: settings for every agent that matches a routing profile, hierarchy group, tags
 * or username prefix, evaluated when the handler runs (deploy and each scheduled run), so an agent
 * who joins tomorrow is brought in line by the next run.
 *
 * Precedence, one rule: the most specific declaration wins, setting by setting. A setting a user
 * declares by id or username beats every selector (its other settings still come from the
 * selectors that match it); among selectors, one with more criteria beats one with fewer (each of routing profile, hierarchy group, username prefix and each tag is one criterion).
 * Two selectors of the same specificity that match one agent and set one setting to different
 * values contradict each other: that agent fails with a message naming both, and nothing of it
 * is written; a contradiction visible without reading Connect (same criteria) fails synth.
 *
 * Pure: SDK types only.
 */
import type { UserSearchCriteria, UserSearchFilter } from '@aws-sdk/client-connect';
import { Channel, ChannelSpec, LEGACY_TO_VOICE, PhoneConfigSpec, SelectorSpec, UserSpec } from './contract';

/** The criteria of a search for agents: all given ones must match. */
export interface AgentCriteria {
  readonly routingProfileId?: string;
  readonly hierarchyGroupId?: string;
  /** With `hierarchyGroupId`: the groups below it too. */
  readonly withChildGroups?: boolean;
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  readonly usernamePrefix?: string;
}

/** The criteria as SearchUsers' SearchCriteria and SearchFilter. */
export function agentSearch(c: AgentCriteria): { SearchCriteria?: UserSearchCriteria; SearchFilter?: UserSearchFilter } {
  const conditions: UserSearchCriteria[] = [];
  if (c.routingProfileId !== undefined) conditions.push({ StringCondition: { FieldName: 'RoutingProfileId', Value: c.routingProfileId, ComparisonType: 'EXACT' } });
  if (c.hierarchyGroupId !== undefined) {
    conditions.push({ HierarchyGroupCondition: { Value: c.hierarchyGroupId, HierarchyGroupMatchType: c.withChildGroups ? 'WITH_CHILD_GROUPS' : 'EXACT' } });
  }
  if (c.usernamePrefix !== undefined) conditions.push({ StringCondition: { FieldName: 'Username', Value: c.usernamePrefix, ComparisonType: 'STARTS_WITH' } });
  const tags = (c.tags ?? []).map((t) => ({ TagKey: t.key, TagValue: t.value }));
  return {
    ...(conditions.length === 1 ? { SearchCriteria: conditions[0] } : conditions.length > 1 ? { SearchCriteria: { AndConditions: conditions } } : {}),
    ...(tags.length === 1 ? { SearchFilter: { TagFilter: { TagCondition: tags[0] } } } : tags.length > 1 ? { SearchFilter: { TagFilter: { AndConditions: tags } } } : {}),
  };
}

/** A selector's criteria in the shape `agentSearch` takes. */
export function criteriaOf(s: SelectorSpec): AgentCriteria {
  return {
    routingProfileId: s.RoutingProfileId,
    hierarchyGroupId: s.HierarchyGroupId,
    withChildGroups: s.IncludeChildGroups === true,
    tags: Object.entries(s.Tags ?? {}).map(([key, value]) => ({ key, value })),
    usernamePrefix: s.UsernamePrefix,
  };
}

/** How many criteria a selector has: the more, the more specific. */
export function specificity(s: SelectorSpec): number {
  return (s.RoutingProfileId !== undefined ? 1 : 0) + (s.HierarchyGroupId !== undefined ? 1 : 0) + (s.UsernamePrefix !== undefined ? 1 : 0) + Object.keys(s.Tags ?? {}).length;
}

/** How a selector is named in messages and the plan: its number and criteria. */
export function describeSelector(s: SelectorSpec, index: number): string {
  const parts = [
    s.RoutingProfileId !== undefined && `routing profile ${s.RoutingProfileId}`,
    s.HierarchyGroupId !== undefined && `hierarchy group ${s.HierarchyGroupId}${s.IncludeChildGroups ? ' and below' : ''}`,
    ...Object.entries(s.Tags ?? {}).map(([k, v]) => `tag ${k}=${v}`),
    s.UsernamePrefix !== undefined && `usernames starting ${s.UsernamePrefix}`,
  ].filter(Boolean);
  return `selectors[${index}] (${parts.join(', ')})`;
}

/** An agent a selector's search found. */
export interface MatchedAgent {
  readonly userId: string;
  readonly username?: string;
}

export interface Selection {
  /**
   * The desired users: the explicit ones, each completed with the selector settings it does not
   * declare itself, then the agents only selectors matched.
   */
  readonly users: readonly UserSpec[];
  /** Agents whose selectors contradict each other, by user id: the reason they fail. */
  readonly contradictions: ReadonlyMap<string, string>;
  /** How many agents each selector matched (explicitly declared ones included). */
  readonly matched: readonly number[];
}

type Setting = { readonly channel?: Channel; readonly field: string };

/** One key per Connect setting: a legacy field is the VOICE setting Connect keeps it in. */
function settingKey(setting: Setting): string {
  if (setting.channel === undefined) return `VOICE.${LEGACY_TO_VOICE[setting.field as keyof PhoneConfigSpec] ?? setting.field}`;
  return `${setting.channel}.${setting.field}`;
}

/** The settings a selector (or user) declares, one entry per setting: legacy fields, then per channel. */
function settingsOf(s: Pick<SelectorSpec, 'PhoneConfig' | 'Channels'>): Array<{ setting: Setting; value: unknown }> {
  const out: Array<{ setting: Setting; value: unknown }> = [];
  for (const [field, value] of Object.entries(s.PhoneConfig ?? {})) if (value !== undefined) out.push({ setting: { field }, value });
  for (const c of s.Channels ?? []) {
    for (const [field, value] of Object.entries(c)) if (field !== 'Channel' && value !== undefined) out.push({ setting: { channel: c.Channel, field }, value });
  }
  return out;
}

/**
 * Which settings each matched agent gets, by the precedence rule above. `matches[i]` are the
 * agents selector `i` found.
 */
export function resolveSelection(explicit: readonly UserSpec[], selectors: readonly SelectorSpec[], matches: readonly (readonly MatchedAgent[])[]): Selection {
  const explicitById = new Map(explicit.filter((u) => u.UserId !== undefined).map((u) => [String(u.UserId).toLowerCase(), u]));
  const explicitByName = new Map(explicit.filter((u) => u.Username !== undefined).map((u) => [String(u.Username), u]));
  const completed = new Map<UserSpec, UserSpec>();
  const byAgent = new Map<string, { agent: MatchedAgent; selectors: number[] }>();
  matches.forEach((agents, i) => {
    for (const agent of agents) {
      const entry = byAgent.get(agent.userId) ?? { agent, selectors: [] };
      entry.selectors.push(i);
      byAgent.set(agent.userId, entry);
    }
  });
  const users: UserSpec[] = [];
  const contradictions = new Map<string, string>();
  for (const { agent, selectors: which } of [...byAgent.values()].sort((a, b) => (a.agent.username ?? a.agent.userId).localeCompare(b.agent.username ?? b.agent.userId))) {
    const own = explicitById.get(agent.userId.toLowerCase()) ?? (agent.username !== undefined ? explicitByName.get(agent.username) : undefined);
    const ownSettings = new Set(own === undefined ? [] : settingsOf(own).map(({ setting }) => settingKey(setting)));
    const chosen = new Map<string, { setting: Setting; value: unknown; selector: number; specificity: number }>();
    const conflicts: string[] = [];
    for (const i of which) {
      const rank = specificity(selectors[i]);
      for (const { setting, value } of settingsOf(selectors[i])) {
        const key = settingKey(setting);
        if (ownSettings.has(key)) continue;
        const held = chosen.get(key);
        if (held === undefined || rank > held.specificity) {
          chosen.set(key, { setting, value, selector: i, specificity: rank });
        } else if (rank === held.specificity && held.value !== value) {
          conflicts.push(`${describeSelector(selectors[held.selector], held.selector)} and ${describeSelector(selectors[i], i)} both match and set ${setting.channel ? `${setting.channel} ` : ''}${setting.field} differently (${JSON.stringify(held.value)} and ${JSON.stringify(value)})`);
        }
      }
    }
    if (conflicts.length > 0) {
      contradictions.set(agent.userId, `${conflicts.join('; ')}. Make one selector more specific, or declare this agent explicitly`);
    }
    const phoneConfig: Record<string, unknown> = { ...own?.PhoneConfig };
    const channels = new Map<Channel, Record<string, unknown>>((own?.Channels ?? []).map((c) => [c.Channel, { ...c }]));
    for (const { setting, value } of chosen.values()) {
      if (setting.channel === undefined) {
        phoneConfig[setting.field] = value;
      } else {
        const entry = channels.get(setting.channel) ?? { Channel: setting.channel };
        entry[setting.field] = value;
        channels.set(setting.channel, entry);
      }
    }
    const settings = {
      ...(Object.keys(phoneConfig).length > 0 ? { PhoneConfig: phoneConfig as PhoneConfigSpec } : {}),
      ...(channels.size > 0 ? { Channels: [...channels.values()] as unknown as ChannelSpec[] } : {}),
    };
    if (own !== undefined) {
      completed.set(own, { ...own, ...settings });
      continue;
    }
    users.push({ UserId: agent.userId, ...(agent.username !== undefined ? { Username: agent.username } : {}), ...settings });
  }
  return { users: [...explicit.map((u) => completed.get(u) ?? u), ...users], contradictions, matched: matches.map((m) => m.length) };
}

/** Synth-time contradictions: selectors with the same criteria that set a setting differently. */
export function staticContradictions(selectors: readonly SelectorSpec[]): Array<{ index: number; message: string }> {
  const problems: Array<{ index: number; message: string }> = [];
  const key = (s: SelectorSpec) => JSON.stringify(agentSearch(criteriaOf(s)));
  selectors.forEach((s, i) => {
    for (let j = 0; j < i; j++) {
      if (key(selectors[j]) !== key(s)) continue;
      const mine = new Map(settingsOf(s).map(({ setting, value }) => [settingKey(setting), value]));
      for (const { setting, value } of settingsOf(selectors[j])) {
        const other = mine.get(settingKey(setting));
        if (other !== undefined && other !== value) {
          problems.push({ index: i, message: `selects the same agents as selectors[${j}] and sets ${setting.channel ? `${setting.channel} ` : ''}${setting.field} to ${JSON.stringify(other)} where it sets ${JSON.stringify(value)}; merge the two selectors.` });
        }
      }
    }
  });
  return problems;
}
