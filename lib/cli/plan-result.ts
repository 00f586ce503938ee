/**
 * What `plan` found, as every renderer sees it: per resource the outcomes of the dry-run
 * reconcile, a verdict per user, the totals, and the exit code. Phone numbers never reach here
 * unmasked except inside `FieldChange` values, which renderers show through `showValue`.
 */
import type { UserOutcome } from '../engine/reconcile';

export interface ResourcePlan {
  readonly stackName: string;
  readonly logicalId: string;
  /** The construct path (`Stack/Agents`), when the assembly records it. */
  readonly path?: string;
  readonly instanceId?: string;
  /** One per declared user, in declaration order; empty when `error` is set. */
  readonly outcomes: readonly UserOutcome[];
  /** Why the resource could not be planned at all (phone numbers masked). */
  readonly error?: string;
  /** How many agents each agent selector matched now, in declaration order. */
  readonly selectors?: readonly SelectorMatch[];
}

export interface SelectorMatch {
  /** `selectors[0] (routing profile ...)`. */
  readonly selector: string;
  readonly matched: number;
}

export interface AssemblyPlan {
  readonly appDir: string;
  readonly resources: readonly ResourcePlan[];
}

/**
 * What a deploy would do to a user: `change` it, leave it `unchanged`, fail on it (`missing`,
 * `blocked`, `error`), or report it as `skipped` (missing, with skipMissingUsers).
 */
export type Verdict = 'change' | 'unchanged' | 'missing' | 'skipped' | 'gone' | 'blocked' | 'error';

export const EXIT = { noChanges: 0, error: 1, changesPending: 2 } as const;

/**
 * The verdict of a dry-run outcome. In a dry run nothing is written, so a failed outcome that
 * carries changes was blocked by the planner, and one without changes could not be read.
 */
export function verdictOf(outcome: UserOutcome): Verdict {
  switch (outcome.status) {
    case 'unchanged':
      return 'unchanged';
    case 'planned':
    case 'changed':
      return 'change';
    case 'skipped':
      return 'skipped';
    case 'gone':
      return 'gone';
    case 'pending':
      return 'error';
    case 'failed':
      if (outcome.changes.length > 0) return 'blocked';
      return outcome.cause === 'missing' ? 'missing' : 'error';
  }
}

export interface PlanTotals {
  readonly stacks: number;
  readonly resources: number;
  /** Resources that could not be planned at all. */
  readonly resourceErrors: number;
  readonly users: Record<Verdict, number>;
}

export function totals(plan: AssemblyPlan): PlanTotals {
  const users: Record<Verdict, number> = { change: 0, unchanged: 0, missing: 0, skipped: 0, gone: 0, blocked: 0, error: 0 };
  for (const r of plan.resources) for (const o of r.outcomes) users[verdictOf(o)]++;
  return {
    stacks: new Set(plan.resources.map((r) => r.stackName)).size,
    resources: plan.resources.length,
    resourceErrors: plan.resources.filter((r) => r.error !== undefined).length,
    users,
  };
}

/** 1 when a deploy would fail or the plan is incomplete, 2 when users would change, else 0. */
export function exitCodeOf(plan: AssemblyPlan): number {
  const t = totals(plan);
  if (t.resourceErrors > 0 || t.users.missing > 0 || t.users.blocked > 0 || t.users.error > 0) return EXIT.error;
  return t.users.change > 0 ? EXIT.changesPending : EXIT.noChanges;
}

/** `Plan: 2 users to change, 10 unchanged, 1 missing (3 resources in 1 stack).` */
export function summaryLine(plan: AssemblyPlan): string {
  const t = totals(plan);
  if (t.resources === 0) return `Plan: no phone-config resources in ${plan.appDir}; nothing to change.`;
  const parts = [`${plural(t.users.change, 'user')} to change`, `${t.users.unchanged} unchanged`];
  if (t.users.missing > 0) parts.push(`${t.users.missing} missing`);
  if (t.users.skipped > 0) parts.push(`${t.users.skipped} missing and skipped`);
  if (t.users.gone > 0) parts.push(`${t.users.gone} gone from the instance`);
  if (t.users.blocked > 0) parts.push(`${t.users.blocked} blocked`);
  if (t.users.error > 0) parts.push(`${t.users.error} unreadable`);
  if (t.resourceErrors > 0) parts.push(`${plural(t.resourceErrors, 'resource')} not planned`);
  return `Plan: ${parts.join(', ')} (${plural(t.resources, 'resource')} in ${plural(t.stacks, 'stack')}).`;
}

/** The resource as a reader knows it: its construct path, else its logical id. */
export function resourceTitle(resource: ResourcePlan): string {
  return resource.path ?? resource.logicalId;
}

/** `alice (1234...)` once Connect named the user, `user id 1234...` before: never a phone number. */
export function userLabel(outcome: UserOutcome): string {
  return outcome.ref;
}

/** The setting as the construct names it: `VOICE.autoAccept`, `CHAT.afterContactWorkTimeLimit`. */
export { settingName } from '../core/plan';

/** The outcomes of a resource with a given verdict. */
export function withVerdict(resource: ResourcePlan, verdict: Verdict): UserOutcome[] {
  return resource.outcomes.filter((o) => verdictOf(o) === verdict);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
