/**
 * What the handler tells CloudFormation: `Data` (readable with Fn::GetAtt) and the failure reason.
 * CloudFormation rejects a response over 4,096 bytes, so every list is cut to a byte budget and
 * says how many it left out. User ids and field names only: phone numbers never appear here.
 */
import { DATA_KEYS, MAX_DATA_BYTES } from '../core/contract';
import { describeChange } from '../core/plan';
import { UserOutcome } from './reconcile';

const BUDGET = {
  summary: 200,
  userIds: 400,
  goneUsers: 200,
  failedUsers: 200,
  changedUsers: 450,
  changes: 600,
  skippedUsers: 250,
} as const;
/** The failure reason's budget: CloudFormation shows it in the console and `cdk deploy` prints it. */
export const MAX_REASON_BYTES = 2000;

export function summarize(outcomes: readonly UserOutcome[]): string {
  const count = (status: UserOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  const parts = [`${count('changed')} changed`, `${count('unchanged')} unchanged`];
  for (const status of ['planned', 'skipped', 'gone', 'failed', 'pending'] as const) {
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
    [DATA_KEYS.changedCount]: String(changed.length),
    [DATA_KEYS.changes]: fit(changed.map((o) => `${o.ref}: ${o.changes.map(describeChange).join(', ')}`), '; ', BUDGET.changes),
    [DATA_KEYS.skippedUsers]: fit(outcomes.filter((o) => o.status === 'skipped').map((o) => o.ref), ',', BUDGET.skippedUsers),
    [DATA_KEYS.goneUsers]: fit(outcomes.filter((o) => o.status === 'gone').map((o) => o.ref), ',', BUDGET.goneUsers),
    ...(outcomes.some((o) => o.status === 'failed') ? { [DATA_KEYS.failedUsers]: fit(outcomes.filter((o) => o.status === 'failed').map((o) => o.ref), ',', BUDGET.failedUsers) } : {}),
    [DATA_KEYS.converged]: String(converged),
  };
  if (Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES) throw new Error('Data exceeds its budget');
  return data;
}

/** What a failure reason says besides the users: what else happened, and where the log is. */
export interface ReasonContext {
  /** What failed: a Create (not rolled back), an Update (rolled back), or a scheduled run. */
  readonly requestType: 'Create' | 'Update' | 'Schedule';
  /** Users changed by earlier passes of the same event. */
  readonly changedEarlier?: number;
  /** Where the handler's log lines of this invocation are. */
  readonly log?: { readonly group?: string; readonly requestId: string };
}

/**
 * The reason an event fails: how many users failed and why, each named, what happened to the
 * others, and where the log is, within the byte budget. Users that do not exist share one
 * clause and one piece of advice, so many of them still fit.
 */
export function failureReason(outcomes: readonly UserOutcome[], instanceId: string, context: ReasonContext = { requestType: 'Update' }): string {
  const failed = outcomes.filter((o) => o.status === 'failed');
  // One missing user keeps its own detailed reason; several share one clause.
  const grouped = failed.filter((o) => o.cause === 'missing').length > 1;
  const missing = grouped ? failed.filter((o) => o.cause === 'missing') : [];
  const others = failed.filter((o) => !missing.includes(o));
  const head = `${failed.length} of ${outcomes.length} ${outcomes.length === 1 ? 'user' : 'users'} failed. `;
  const tail = ` ${consequence(outcomes, context)}${logPointer(context)}`;
  let budget = MAX_REASON_BYTES - jsonBytes(head + tail) - 10;
  let missingClause = '';
  if (missing.length > 0) {
    const advice = ` Check the ids and usernames (usernames are case-sensitive) in the Connect console under Users; a user created moments ago may need a minute. Set skipMissingUsers to report missing users instead of failing.`;
    const intro = `${missing.length} users were not found in instance ${instanceId}: `;
    const share = others.length > 0 ? Math.floor(budget / 2) : budget;
    missingClause = intro + fit(missing.map((o) => o.ref), ', ', share - jsonBytes(intro + advice) - 3, '; see the handler log') + '.' + advice;
    budget -= jsonBytes(missingClause) + 3;
  }
  const othersClause = others.length > 0 ? fit(others.map((o) => o.reason ?? o.ref), ' | ', budget, '; see the handler log for the rest') : '';
  return head + [missingClause, othersClause].filter(Boolean).join(' | ') + tail;
}

/**
 * The reason an event fails when its time ran out: the users not reached, named. Writes stop
 * before CloudFormation's limit, so every user is in its old or its new configuration.
 */
export function outOfTimeReason(outcomes: readonly UserOutcome[], budgetSeconds: number, context: ReasonContext): string {
  const pending = outcomes.filter((o) => o.status === 'pending');
  const head = `${pending.length} of ${outcomes.length} users were not reached within this deployment's time budget (${Math.round(budgetSeconds / 60)} minutes of CloudFormation's one hour for a custom resource): `;
  const tail = `. Every user is in its old or its new configuration. Deploy again to continue from live state, or split the users across stacks. ${consequence(outcomes, context)}${logPointer(context)}`;
  return head + fit(pending.map((o) => o.ref), ', ', MAX_REASON_BYTES - jsonBytes(head + tail) - 10, '; see the handler log') + tail;
}

function consequence(outcomes: readonly UserOutcome[], context: ReasonContext): string {
  const changed = outcomes.filter((o) => o.status === 'changed').length + (context.changedEarlier ?? 0);
  const users = (n: number) => `${n} ${n === 1 ? 'user' : 'users'}`;
  if (changed === 0) return 'No user was changed.';
  switch (context.requestType) {
    case 'Create':
      return `${users(changed)} were changed and stay changed: CloudFormation does not roll back a failed Create of this resource (the Provider framework ignores the Delete that follows it). Fix the cause and deploy again.`;
    case 'Update':
      return `${users(changed)} were changed by this deployment; CloudFormation's rollback returns them to the previous declaration.`;
    case 'Schedule':
      return `${users(changed)} were corrected.`;
  }
}

function logPointer(context: ReasonContext): string {
  if (!context.log) return '';
  return ` Handler log: ${context.log.group ?? 'the handler function\'s log group'}, request ${context.log.requestId}.`;
}

/**
 * Data for a deployment that took several passes (onEvent, then isComplete polls): each pass only
 * sees live state, so the changes of the first and last passes are reported, and the count says
 * "at least"; the handler log has every change.
 */
export function buildFinalData(last: readonly UserOutcome[], first: Record<string, string> | undefined): Record<string, string> {
  const data = buildData(last, true);
  if (first === undefined) return data;
  const changed = Number(first[DATA_KEYS.changedCount] ?? 0) + Number(data[DATA_KEYS.changedCount]);
  const firstUsers = first[DATA_KEYS.changedUsers] ?? '';
  return {
    ...data,
    [DATA_KEYS.summary]: fit([`${last.length} users in their declared configuration; this deployment changed at least ${changed} (the first and last of several passes; the handler log has every change)`], '', BUDGET.summary),
    [DATA_KEYS.changedCount]: String(changed),
    [DATA_KEYS.changedUsers]: fit([firstUsers, data[DATA_KEYS.changedUsers]].filter(Boolean), ',', BUDGET.changedUsers),
  };
}

/** Joins items until the byte budget is reached, then says how many were left out. */
export function fit(items: readonly string[], separator: string, budget: number, moreSuffix = ''): string {
  const all = items.join(separator);
  if (jsonBytes(all) <= budget) return all;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const next = (out === '' ? '' : out + separator) + items[i];
    const more = ` (+${items.length - i - 1} more${moreSuffix})`;
    if (jsonBytes(next) + (i < items.length - 1 ? jsonBytes(more) : 0) > budget) {
      const note = `(+${items.length - i} more${moreSuffix})`;
      if (out !== '') return `${out} ${note}`;
      // Not even the first item fits beside the note: shorten it, and still say what was left out.
      const tail = items.length > 1 ? ` (+${items.length - 1} more${moreSuffix})` : '';
      return truncateBytes(items[i], Math.max(0, budget - 3 - jsonBytes(tail))) + '...' + tail;
    }
    out = next;
  }
  return out;
}

function truncateBytes(text: string, bytes: number): string {
  let out = text;
  while (out.length > 0 && jsonBytes(out) > bytes) out = out.slice(0, -1);
  return out;
}

/**
 * Bytes a string takes inside the JSON response CloudFormation receives: escapes (quotes,
 * backslashes, control characters) count, so a budget holds whatever the names contain.
 */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}
