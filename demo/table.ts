/**
 * Plain-text rendering for the demo: aligned tables of agents (before → after), API calls and
 * CloudFormation events. Pure functions from data to lines.
 */
import type { CallCount, EmulatorOperation, EventRecord } from '../lib/testing';
import { AgentView, VIEW_COLUMNS } from './agent-view';

/** Left-aligned columns separated by two spaces, with a rule under the header. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/**
 * One row per agent: unchanged settings once, changed ones as `before → after`, and a mark for the
 * agents the step wrote to.
 */
export function renderAgents(before: readonly AgentView[], after: readonly AgentView[], written: ReadonlySet<string>): string[] {
  const rows = after.map((now, i) => {
    const was = before[i];
    const cells = VIEW_COLUMNS.map(({ key }) => (was[key] === now[key] ? now[key] : `${was[key]} → ${now[key]}`));
    return [now.username, ...cells, written.has(now.username) ? 'written' : ''];
  });
  return renderTable(['Agent', ...VIEW_COLUMNS.map((c) => c.title), 'API write'], rows);
}

/** The API calls a step made, by operation, with throttled and failed answers when there were any. */
export function renderCalls(counts: Partial<Record<EmulatorOperation, CallCount>>): string[] {
  const entries = Object.entries(counts) as [EmulatorOperation, CallCount][];
  if (entries.length === 0) return ['(no API calls)'];
  const rows = entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, c]) => [op, String(c.total), String(c.ok), String(c.throttled), String(c.failed)]);
  return renderTable(['Operation', 'Calls', 'OK', 'Throttled', 'Failed'], rows);
}

/**
 * The CloudFormation events of a step: type, resource, status, then what `Data` reports, user ids
 * shown with the agent's username when `names` knows it.
 */
export function renderEvents(events: readonly EventRecord[], names: ReadonlyMap<string, string> = new Map()): string[] {
  const named = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => names.get(id) ?? id);
  if (events.length === 0) return ['(no events: nothing to change)'];
  return events.flatMap((e) => {
    const head = `${e.requestType.padEnd(6)} ${e.logicalId}  ${e.status}${e.rollback ? ' (rollback)' : ''}`;
    const lines = [head];
    if (e.reason) lines.push(`         Reason:  ${e.reason}`);
    if (e.data?.Summary) lines.push(`         Summary: ${e.data.Summary}`);
    for (const change of (e.data?.Changes ?? '').split('; ').filter(Boolean)) lines.push(`         Change:  ${named(change)}`);
    return lines;
  });
}
