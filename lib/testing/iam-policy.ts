/**
 * A small model of IAM policy evaluation, enough for the emulator to refuse what the handler's
 * role does not allow: identity-based statements with `Action` and `Resource` (wildcards `*` and
 * `?`), an explicit Deny winning over any Allow, and no Allow meaning an implicit deny.
 * `NotAction`, `NotResource` and `Condition` are not modelled: a statement using them never
 * matches, so a policy that relies on them is refused here rather than silently allowed.
 */

export interface PolicyStatement {
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotAction?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

export interface PolicyDocument {
  readonly Statement?: PolicyStatement | readonly PolicyStatement[];
}

/** Whether the documents together allow `action` (`service:Operation`) on `resource` (an ARN). */
export function isAllowed(documents: readonly PolicyDocument[], action: string, resource: string): boolean {
  let allowed = false;
  for (const statement of documents.flatMap((d) => list(d.Statement))) {
    if (statement.NotAction !== undefined || statement.NotResource !== undefined || statement.Condition !== undefined) continue;
    const matches = list(statement.Action).some((a) => wildcardMatch(a, action, true)) && list(statement.Resource).some((r) => wildcardMatch(r, resource, false));
    if (!matches) continue;
    if (statement.Effect === 'Deny') return false;
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

/** IAM's matching: `*` any run of characters, `?` one; actions are case-insensitive, ARNs are not. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function list<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as T];
}
