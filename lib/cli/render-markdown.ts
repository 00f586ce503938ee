/**
 * The plan as a pull-request comment (GitHub-flavoured Markdown): a summary, then per resource a
 * table of the settings that would change (User | Setting | Live | Declared), the users a deploy
 * would fail on, and the unchanged users in a collapsed list. Phone numbers are masked.
 *
 * Long fleets are cut so the comment stays under GitHub's 65,536-character limit; the text
 * format has every row.
 */
import { scrubPhoneNumbers } from '../core/mask';
import { showValue } from '../core/plan';
import type { UserOutcome } from '../engine/reconcile';
import { AssemblyPlan, ResourcePlan, exitCodeOf, EXIT, plural, resourceTitle, settingName, summaryLine, withVerdict } from './plan-result';

/** First line of the comment, so a workflow can find and update its previous comment. */
export const MARKDOWN_MARKER = '<!-- cdk-connect-phone-config:plan -->';
export const MAX_TABLE_ROWS = 200;
export const MAX_LISTED_UNCHANGED = 200;

export function renderMarkdown(plan: AssemblyPlan): string {
  const out = [MARKDOWN_MARKER, '## Amazon Connect phone settings', '', `${verdictIcon(plan)} **${summaryLine(plan)}**`];
  for (const resource of plan.resources) out.push('', ...resourceSection(resource));
  return out.join('\n') + '\n';
}

function verdictIcon(plan: AssemblyPlan): string {
  switch (exitCodeOf(plan)) {
    case EXIT.noChanges:
      return ':white_check_mark:';
    case EXIT.changesPending:
      return ':pencil2:';
    default:
      return ':x:';
  }
}

function resourceSection(resource: ResourcePlan): string[] {
  const where = [`stack ${code(resource.stackName)}`];
  if (resource.path !== undefined) where.push(`logical id ${code(resource.logicalId)}`);
  if (resource.instanceId !== undefined) where.push(`instance ${code(resource.instanceId)}`);
  const lines = [`### ${code(resourceTitle(resource))}`, '', where.join(' · '), ''];
  if (resource.error !== undefined) return [...lines, `:x: **Not planned:** ${text(resource.error)}`];
  if (resource.selectors !== undefined) lines.push(...resource.selectors.map((s) => `- ${code(s.selector)} matches ${s.matched} agent${s.matched === 1 ? '' : 's'}`), '');

  const changing = withVerdict(resource, 'change');
  const rows = changing.flatMap((o) => o.changes.map((c) => `| ${code(userName(o))} | ${code(settingName(c))} | ${text(showValue(c.field, c.from))} | ${text(showValue(c.field, c.to))} |`));
  if (rows.length > 0) {
    lines.push(`${plural(changing.length, 'user')} would change:`, '', '| User | Setting | Live | Declared |', '| --- | --- | --- | --- |', ...rows.slice(0, MAX_TABLE_ROWS));
    if (rows.length > MAX_TABLE_ROWS) lines.push('', `_${rows.length - MAX_TABLE_ROWS} more rows not shown; run the plan command with \`--format text\` for all._`);
  } else {
    lines.push('No user would change.');
  }

  const failing = [
    ...withVerdict(resource, 'missing').map((o) => `- :x: ${code(userName(o))} **missing**: ${reason(o)}`),
    ...withVerdict(resource, 'blocked').map((o) => `- :x: ${code(userName(o))} **blocked**: ${reason(o)}`),
    ...withVerdict(resource, 'error').map((o) => `- :x: ${code(userName(o))} **cannot be read**: ${reason(o)}`),
  ];
  if (failing.length > 0) lines.push('', '**The deploy would fail on:**', '', ...failing);
  const skipped = withVerdict(resource, 'skipped');
  if (skipped.length > 0) lines.push('', `Missing and skipped (skipMissingUsers): ${skipped.map((o) => code(userName(o))).join(', ')}`);
  const gone = withVerdict(resource, 'gone');
  if (gone.length > 0) lines.push('', `Gone from the instance (declared before; a deploy reports them and goes on): ${gone.map((o) => code(userName(o))).join(', ')}`);

  const unchanged = withVerdict(resource, 'unchanged');
  if (unchanged.length > 0) {
    const listed = unchanged.slice(0, MAX_LISTED_UNCHANGED).map((o) => code(userName(o))).join(', ');
    const more = unchanged.length > MAX_LISTED_UNCHANGED ? ` and ${unchanged.length - MAX_LISTED_UNCHANGED} more` : '';
    lines.push('', `<details><summary>${plural(unchanged.length, 'user')} unchanged</summary>`, '', listed + more, '', '</details>');
  }
  return lines;
}

/** How a reviewer knows the user: `alice (id)` once Connect named it, else as declared. */
function userName(o: UserOutcome): string {
  return o.username !== undefined && o.userId !== undefined ? o.ref : o.username ?? o.userId ?? o.ref;
}

function reason(o: UserOutcome): string {
  return text(o.detail ?? o.reason ?? '');
}

/** Free text for a list item or table cell: phone numbers masked, no HTML, no cell breaks. */
function text(value: string): string {
  return scrubPhoneNumbers(value).replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/** An inline code span, unless the value holds a backtick (then escaped text). */
function code(value: string): string {
  return value.includes('`') ? text(value) : `\`${value.replace(/\|/g, '\\|')}\``;
}
