/**
 * The plan for scripts: the same findings as the text format, as one JSON document. Values are
 * shown as in every other format (`showValue`: phone numbers masked, `(unset)` for absent).
 */
import { scrubPhoneNumbers } from '../core/mask';
import { showValue } from '../core/plan';
import { AssemblyPlan, exitCodeOf, settingName, summaryLine, totals, verdictOf } from './plan-result';

export function renderJson(plan: AssemblyPlan): string {
  const t = totals(plan);
  const doc = {
    summary: summaryLine(plan),
    exitCode: exitCodeOf(plan),
    totals: { stacks: t.stacks, resources: t.resources, resourcesNotPlanned: t.resourceErrors, users: t.users },
    resources: plan.resources.map((r) => ({
      stack: r.stackName,
      logicalId: r.logicalId,
      path: r.path,
      instanceId: r.instanceId,
      error: r.error === undefined ? undefined : scrubPhoneNumbers(r.error),
      selectors: r.selectors,
      users: r.outcomes.map((o) => ({
        user: o.ref,
        userId: o.userId,
        username: o.username,
        verdict: verdictOf(o),
        api: o.api,
        reason: o.reason === undefined ? undefined : scrubPhoneNumbers(o.reason),
        changes: o.changes.map((c) => ({
          setting: settingName(c),
          channel: c.channel,
          field: c.field,
          from: showValue(c.field, c.from),
          to: showValue(c.field, c.to),
        })),
      })),
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
