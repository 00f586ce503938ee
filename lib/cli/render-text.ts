/**
 * The plan for a terminal or a CI log: per stack and resource, each user that would change with
 * its settings (`autoAccept: false -> true`, phone numbers masked), the users a deploy would fail
 * on with the reason, the unchanged count, and a final summary line.
 */
import { describeChange } from '../core/plan';
import { scrubPhoneNumbers } from '../core/mask';
import { AssemblyPlan, ResourcePlan, plural, summaryLine, userLabel, withVerdict } from './plan-result';
import type { UserOutcome } from '../engine/reconcile';

export function renderText(plan: AssemblyPlan): string {
  const lines: string[] = [];
  let stack: string | undefined;
  for (const resource of plan.resources) {
    if (resource.stackName !== stack) {
      stack = resource.stackName;
      lines.push(`Stack ${stack}`);
    }
    lines.push(...resourceLines(resource).map((l) => `  ${l}`));
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(plan));
  return lines.join('\n') + '\n';
}

function resourceLines(resource: ResourcePlan): string[] {
  const title = resource.path !== undefined ? `${resource.path} (${resource.logicalId})` : resource.logicalId;
  const instance = resource.instanceId !== undefined ? `, instance ${resource.instanceId}` : '';
  const lines = [`${title}${instance}`];
  if (resource.error !== undefined) {
    return [...lines, ...indent(`x not planned: ${scrubPhoneNumbers(resource.error)}`)];
  }
  for (const s of resource.selectors ?? []) lines.push(`  * ${s.selector} matches ${plural(s.matched, 'agent')}`);
  for (const o of withVerdict(resource, 'change')) {
    lines.push(`  ~ ${userLabel(o)}`, ...o.changes.map((c) => `      ${describeChange(c)}`));
  }
  for (const o of withVerdict(resource, 'missing')) lines.push(...indent(`x ${o.ref}: missing. ${reason(o)}`));
  for (const o of withVerdict(resource, 'blocked')) {
    lines.push(...indent(`x ${userLabel(o)}: blocked. ${reason(o)}`), ...o.changes.map((c) => `      ${describeChange(c)} (not writable)`));
  }
  for (const o of withVerdict(resource, 'error')) lines.push(...indent(`x ${o.ref}: cannot be read. ${reason(o)}`));
  for (const o of withVerdict(resource, 'skipped')) lines.push(...indent(`- ${o.ref}: missing, skipped (skipMissingUsers).`));
  for (const o of withVerdict(resource, 'gone')) lines.push(...indent(`- ${o.ref}: gone from the instance (declared before); a deploy reports it and goes on.`));
  const unchanged = withVerdict(resource, 'unchanged').length;
  lines.push(`  = ${plural(unchanged, 'user')} unchanged`);
  return lines;
}

/** The outcome's reason without the user's name (the line names the user already). */
function reason(o: UserOutcome): string {
  return scrubPhoneNumbers(o.detail ?? o.reason ?? '');
}

function indent(text: string): string[] {
  return text.split('\n').map((l) => `  ${l}`);
}
