/**
 * What the handler tells CloudFormation: `Data` (readable with Fn::GetAtt) and the failure reason.
 * CloudFormation rejects a response over 4,096 bytes, so every list is cut to a byte budget and
 * says how many it left out. User ids and field names only: phone numbers never appear here.
 */
import { DATA_KEYS, MAX_DATA_BYTES } from '../lib/core/contract';
import { describeChange } from '../lib/core/plan';
import { UserOutcome } from './reconcile';

const BUDGET = {
  summary: 200,
  userIds: 700,
  changedUsers: 500,
  changes: 800,
  skippedUsers: 250,
} as const;
/** The failure reason's budget: CloudFormation shows it in the console and `cdk deploy` prints it. */
export const MAX_REASON_BYTES = 2000;

export function summarize(outcomes: readonly UserOutcome[]): string {
  const count = (status: UserOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  const parts = [`${count('changed')} changed`, `${count('unchanged')} unchanged`];
  for (const status of ['planned', 'skipped', 'failed', 'pending'] as const) {
    if (count(status) > 0) parts.push(`${count(status)} ${status}`);
  }
  return `${outcomes.length} user${outcomes.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

export function buildData(outcomes: readonly UserOutcome[], converged: boolean): Record<string, string> {
  const changed = outcomes.filter((o) => o.status === 'changed');
  const data = {
    [DATA_KEYS.summary]: fit([summarize(outcomes)], '', BUDGET.summary),
    [DATA_KEYS.userIds]: fit(outcomes.map((o) => o.userId ?? '?'), ',', BUDGET.userIds),
    [DATA_KEYS.changedUsers]: fit(changed.map((o) => o.userId ?? o.ref), ',', BUDGET.changedUsers),
    [DATA_KEYS.changes]: fit(changed.map((o) => `${o.userId}: ${o.changes.map(describeChange).join(', ')}`), '; ', BUDGET.changes),
    [DATA_KEYS.skippedUsers]: fit(outcomes.filter((o) => o.status === 'skipped').map((o) => o.ref), ',', BUDGET.skippedUsers),
    [DATA_KEYS.converged]: String(converged),
  };
  if (Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES) throw new Error('Data exceeds its budget');
  return data;
}

/** The reason an event fails: how many users failed and why, each named, within the byte budget. */
export function failureReason(outcomes: readonly UserOutcome[]): string {
  const failed = outcomes.filter((o) => o.status === 'failed');
  const head = `${failed.length} of ${outcomes.length} users failed; the others are in their declared configuration (a rollback restores them). `;
  return head + fit(failed.map((o) => o.reason ?? o.ref), ' | ', MAX_REASON_BYTES - Buffer.byteLength(head) - 40, ' (see the handler log for the rest)');
}

/** Joins items until the byte budget is reached, then says how many were left out. */
export function fit(items: readonly string[], separator: string, budget: number, moreSuffix = ''): string {
  const all = items.join(separator);
  if (Buffer.byteLength(all) <= budget) return all;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const next = (out === '' ? '' : out + separator) + items[i];
    const more = ` (+${items.length - i - 1} more${moreSuffix})`;
    if (Buffer.byteLength(next) + (i < items.length - 1 ? Buffer.byteLength(more) : 0) > budget) {
      const note = `(+${items.length - i} more${moreSuffix})`;
      if (out !== '') return `${out} ${note}`;
      // Not even the first item fits beside the note: shorten it, and still say what was left out.
      const tail = items.length > 1 ? ` (+${items.length - 1} more${moreSuffix})` : '';
      return truncateBytes(items[i], Math.max(0, budget - 3 - Buffer.byteLength(tail))) + '...' + tail;
    }
    out = next;
  }
  return out;
}

function truncateBytes(text: string, bytes: number): string {
  let out = text;
  while (out.length > 0 && Buffer.byteLength(out) > bytes) out = out.slice(0, -1);
  return out;
}
