import { MARKDOWN_MARKER, MAX_LISTED_UNCHANGED, MAX_TABLE_ROWS, renderMarkdown } from '../../../lib/cli/render-markdown';
import type { UserOutcome } from '../../../lib/engine/reconcile';
import { DESK_PHONE_NUMBER, INSTANCE_ID, userId } from '../../fixtures/stacks';
import { BLOCKED, CHANGED, MISSING, OLD_DESK_PHONE_NUMBER, SKIPPED, UNCHANGED, assemblyPlan, resource } from './plan-fixtures';

describe('Function: renderMarkdown', () => {
  it('should start with the marker, a heading and the summary', () => {
    // Act
    const md = renderMarkdown(assemblyPlan(resource([CHANGED, UNCHANGED])));

    // Assess
    expect(md.split('\n').slice(0, 4)).toEqual([
      MARKDOWN_MARKER,
      '## Amazon Connect phone settings',
      '',
      ':pencil2: **Plan: 1 user to change, 1 unchanged (1 resource in 1 stack).**',
    ]);
  });

  it('should show a table of the changes per resource, phone numbers masked', () => {
    // Act
    const md = renderMarkdown(assemblyPlan(resource([CHANGED, UNCHANGED])));

    // Assess
    expect(md).toContain([
      '### `Stack/Agents`',
      '',
      `stack \`Stack\` · logical id \`AgentsA1B2C3\` · instance \`${INSTANCE_ID}\``,
      '',
      '1 user would change:',
      '',
      '| User | Setting | Live | Declared |',
      '| --- | --- | --- | --- |',
      `| \`alice (${userId(1)})\` | \`VOICE.autoAccept\` | false | true |`,
      `| \`alice (${userId(1)})\` | \`VOICE.phoneNumber\` | +*********77 | +*********00 |`,
      `| \`alice (${userId(1)})\` | \`CHAT.afterContactWorkTimeLimit\` | (unset) | 30 |`,
    ].join('\n'));
    expect(md).not.toContain(DESK_PHONE_NUMBER);
    expect(md).not.toContain(OLD_DESK_PHONE_NUMBER);
  });

  it('should list unchanged users in a collapsed section', () => {
    const md = renderMarkdown(assemblyPlan(resource([UNCHANGED])));
    expect(md).toContain(`No user would change.\n\n<details><summary>1 user unchanged</summary>\n\n\`${userId(2)}\`\n\n</details>\n`);
    expect(md.split('\n')[3]).toMatch(/^:white_check_mark: /);
  });

  it('should list the users the deploy would fail on, and the skipped ones', () => {
    // Act
    const md = renderMarkdown(assemblyPlan(resource([MISSING, BLOCKED, SKIPPED])));

    // Assess
    expect(md.split('\n')[3]).toMatch(/^:x: /);
    expect(md).toContain('**The deploy would fail on:**');
    expect(md).toContain(`- :x: \`ghost\` **missing**: username ghost was not found in instance ${INSTANCE_ID}.`);
    expect(md).toContain(`- :x: \`${userId(3)}\` **blocked**: its live after-contact-work timeout differs by channel`);
    expect(md).toContain('Missing and skipped (skipMissingUsers): `gone`');
  });

  it('should show why a resource was not planned, as text that cannot break the layout', () => {
    const md = renderMarkdown(assemblyPlan(resource([], { path: undefined, error: 'bad <script> | x\nnext line' })));
    expect(md).toContain('### `AgentsA1B2C3`\n\nstack `Stack` · instance');
    expect(md).toContain(':x: **Not planned:** bad &lt;script&gt; \\| x next line');
  });

  it('should escape table separators in values and code spans', () => {
    // Prepare
    const odd: UserOutcome = { ...CHANGED, ref: 'a|b', username: 'a|b', changes: [{ channel: 'VOICE', field: 'AutoAccept', from: 'x|y', to: true }] };

    // Act
    const md = renderMarkdown(assemblyPlan(resource([odd])));

    // Assess
    expect(md).toContain('| `a\\|b` | `VOICE.autoAccept` | x\\|y | true |');
  });

  it('should cut long tables and lists to keep the comment within GitHub limits', () => {
    // Prepare
    const many = (n: number, status: 'planned' | 'unchanged'): UserOutcome[] => Array.from({ length: n }, (_, i) => ({
      ref: `user id ${userId(i)}`, userId: userId(i), status, changes: status === 'planned' ? [{ channel: 'VOICE', field: 'AutoAccept', from: false, to: true }] : [],
    }));

    // Act
    const md = renderMarkdown(assemblyPlan(resource([...many(MAX_TABLE_ROWS + 5, 'planned'), ...many(MAX_LISTED_UNCHANGED + 7, 'unchanged')])));

    // Assess
    expect(md.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(MAX_TABLE_ROWS);
    expect(md).toContain('_5 more rows not shown; run the plan command with `--format text` for all._');
    expect(md).toContain(' and 7 more\n');
  });
});
