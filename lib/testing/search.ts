import { ConnectApiError, invalidParameter } from './errors';

/**
 * Compiles SearchUsers `SearchCriteria` into a matcher. Two things keep it fast for
 * thousands of users and OR-lists of hundreds of conditions:
 *  - EXACT conditions on the same field inside one OR are folded into a Set lookup;
 *  - when the criteria can only match known user ids (resourceId EXACT, possibly inside
 *    OR/AND), `candidateIds` lets the store skip scanning everyone.
 *
 * Semantics chosen where the service is silent: comparisons are case-sensitive; members
 * of one criteria object (StringCondition, OrConditions, AndConditions) are ANDed; an empty
 * OrConditions matches nothing and an empty AndConditions matches everything.
 *
 * As documented: `StringCondition.FieldName` is one of Username, FirstName, LastName,
 * RoutingProfileId, SecurityProfileId (any of the user's) and resourceId;
 * `HierarchyGroupCondition` matches the user's group (EXACT) or that group and every group below
 * it (WITH_CHILD_GROUPS); `SearchFilter.TagFilter` matches tags: a TagCondition, AndConditions
 * (all of them) or OrConditions (any one of the inner AND lists).
 */

export interface SearchableUser {
  readonly id: string;
  readonly username: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly routingProfileId?: string;
  readonly securityProfileIds?: readonly string[];
  readonly hierarchyGroupId?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** What a search needs to know about the instance: its hierarchy. */
export interface SearchContext {
  /** The group and every group below it; throws ResourceNotFound-like errors for an unknown group. */
  groupWithDescendants(groupId: string): ReadonlySet<string>;
}

export interface UserMatcher {
  readonly test: (u: SearchableUser) => boolean;
  /** When defined, no user outside this set can match. */
  readonly candidateIds?: ReadonlySet<string>;
  readonly matchesAll: boolean;
}

type Field = 'username' | 'firstName' | 'lastName' | 'id' | 'routingProfileId' | 'securityProfileIds';

const FIELDS: Readonly<Record<string, Field>> = {
  Username: 'username',
  FirstName: 'firstName',
  LastName: 'lastName',
  RoutingProfileId: 'routingProfileId',
  SecurityProfileId: 'securityProfileIds',
  resourceId: 'id',
  ResourceId: 'id',
};

/** The values a user has for a field: one, none, or (security profiles) several. */
function valuesOf(u: SearchableUser, field: Field): readonly string[] {
  const v = u[field];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}

const COMPARISONS = new Set(['EXACT', 'STARTS_WITH', 'CONTAINS']);
const MAX_DEPTH = 32;

const ALL: UserMatcher = { test: () => true, matchesAll: true };
const NONE: UserMatcher = { test: () => false, candidateIds: new Set(), matchesAll: false };

const NO_HIERARCHY: SearchContext = {
  groupWithDescendants: () => {
    throw new ConnectApiError('InvalidRequestException', 400, 'HierarchyGroupCondition needs the instance\'s hierarchy');
  },
};

/** SearchCriteria and SearchFilter together: a user must match both. */
export function compileUserSearch(criteria: unknown, filter?: unknown, context: SearchContext = NO_HIERARCHY): UserMatcher {
  const parts: UserMatcher[] = [];
  if (criteria !== undefined && criteria !== null) parts.push(compileNode(criteria, 'SearchCriteria', 0, context));
  if (filter !== undefined && filter !== null) parts.push(compileFilter(filter));
  return and(parts);
}

function present(n: Record<string, unknown>, key: string): boolean {
  return n[key] !== undefined && n[key] !== null;
}

function compileNode(node: unknown, path: string, depth: number, context: SearchContext): UserMatcher {
  if (depth > MAX_DEPTH) throw invalidParameter(`${path} is nested too deeply`);
  const n = asObject(node, path);
  if (present(n, 'ListCondition')) {
    throw new ConnectApiError('InvalidRequestException', 400, `${path}.ListCondition is not supported by the emulator`);
  }
  const parts: UserMatcher[] = [];
  if (present(n, 'StringCondition')) {
    parts.push(compileString(n.StringCondition, `${path}.StringCondition`));
  }
  if (present(n, 'HierarchyGroupCondition')) {
    parts.push(compileHierarchy(n.HierarchyGroupCondition, `${path}.HierarchyGroupCondition`, context));
  }
  if (present(n, 'OrConditions')) {
    parts.push(compileOr(asList(n.OrConditions, `${path}.OrConditions`), `${path}.OrConditions`, depth, context));
  }
  if (present(n, 'AndConditions')) {
    const list = asList(n.AndConditions, `${path}.AndConditions`);
    parts.push(and(list.map((c, i) => compileNode(c, `${path}.AndConditions[${i}]`, depth + 1, context))));
  }
  return and(parts);
}

function asObject(node: unknown, path: string): Record<string, unknown> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw invalidParameter(`${path} must be an object`);
  }
  return node as Record<string, unknown>;
}

const MATCH_TYPES = new Set(['EXACT', 'WITH_CHILD_GROUPS']);

function compileHierarchy(node: unknown, path: string, context: SearchContext): UserMatcher {
  const { Value, HierarchyGroupMatchType } = asObject(node, path);
  if (typeof Value !== 'string' || Value === '') throw invalidParameter(`${path}.Value is required (a hierarchy group id)`);
  const matchType = HierarchyGroupMatchType ?? 'EXACT';
  if (typeof matchType !== 'string' || !MATCH_TYPES.has(matchType)) {
    throw invalidParameter(`${path}.HierarchyGroupMatchType must be one of EXACT, WITH_CHILD_GROUPS`);
  }
  const groups = matchType === 'EXACT' ? new Set([Value]) : context.groupWithDescendants(Value);
  return { test: (u) => u.hierarchyGroupId !== undefined && groups.has(u.hierarchyGroupId), matchesAll: false };
}

/** SearchFilter: TagFilter as documented; UserAttributeFilter is not modelled. */
function compileFilter(node: unknown): UserMatcher {
  const n = asObject(node, 'SearchFilter');
  if (present(n, 'UserAttributeFilter')) {
    throw new ConnectApiError('InvalidRequestException', 400, 'SearchFilter.UserAttributeFilter is not supported by the emulator');
  }
  if (!present(n, 'TagFilter')) return ALL;
  const tagFilter = asObject(n.TagFilter, 'SearchFilter.TagFilter');
  const parts: UserMatcher[] = [];
  if (present(tagFilter, 'TagCondition')) parts.push(tagCondition(tagFilter.TagCondition, 'SearchFilter.TagFilter.TagCondition'));
  if (present(tagFilter, 'AndConditions')) {
    parts.push(and(asList(tagFilter.AndConditions, 'SearchFilter.TagFilter.AndConditions').map((c, i) => tagCondition(c, `SearchFilter.TagFilter.AndConditions[${i}]`))));
  }
  if (present(tagFilter, 'OrConditions')) {
    const lists = asList(tagFilter.OrConditions, 'SearchFilter.TagFilter.OrConditions');
    parts.push(lists.length === 0 ? NONE : or(lists.map((inner, i) => {
      const at = `SearchFilter.TagFilter.OrConditions[${i}]`;
      return and(asList(inner, at).map((c, j) => tagCondition(c, `${at}[${j}]`)));
    })));
  }
  return and(parts);
}

function tagCondition(node: unknown, path: string): UserMatcher {
  const { TagKey, TagValue } = asObject(node, path);
  if (typeof TagKey !== 'string' || TagKey === '') throw invalidParameter(`${path}.TagKey is required`);
  if (TagValue !== undefined && typeof TagValue !== 'string') throw invalidParameter(`${path}.TagValue must be a string`);
  return {
    test: (u) => u.tags !== undefined && Object.prototype.hasOwnProperty.call(u.tags, TagKey) && (TagValue === undefined || u.tags[TagKey] === TagValue),
    matchesAll: false,
  };
}

function asList(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw invalidParameter(`${path} must be a list`);
  return v;
}

interface StringSpec {
  readonly field: Field;
  readonly value: string;
  readonly comparison: string;
}

function parseString(sc: unknown, path: string): StringSpec {
  if (typeof sc !== 'object' || sc === null) throw invalidParameter(`${path} must be an object`);
  const { FieldName, Value, ComparisonType } = sc as Record<string, unknown>;
  const field = typeof FieldName === 'string' ? FIELDS[FieldName] : undefined;
  if (field === undefined) {
    throw invalidParameter(`${path}.FieldName must be one of ${Object.keys(FIELDS).join(', ')}, got ${JSON.stringify(FieldName)}`);
  }
  if (typeof Value !== 'string') throw invalidParameter(`${path}.Value is required`);
  if (typeof ComparisonType !== 'string' || !COMPARISONS.has(ComparisonType)) {
    throw invalidParameter(`${path}.ComparisonType must be one of EXACT, STARTS_WITH, CONTAINS`);
  }
  return { field, value: Value, comparison: ComparisonType };
}

function compileString(sc: unknown, path: string): UserMatcher {
  const { field, value, comparison } = parseString(sc, path);
  const any = (u: SearchableUser, test: (v: string) => boolean): boolean => valuesOf(u, field).some(test);
  switch (comparison) {
    case 'EXACT':
      return {
        test: (u) => any(u, (v) => v === value),
        candidateIds: field === 'id' ? new Set([value]) : undefined,
        matchesAll: false,
      };
    case 'STARTS_WITH':
      return { test: (u) => any(u, (v) => v.startsWith(value)), matchesAll: false };
    default:
      return { test: (u) => any(u, (v) => v.includes(value)), matchesAll: false };
  }
}

function compileOr(list: unknown[], path: string, depth: number, context: SearchContext): UserMatcher {
  if (list.length === 0) return NONE;
  // Fold plain EXACT string conditions per field into sets: an OR of 500 ids is one lookup.
  const exact = new Map<Field, Set<string>>();
  const others: UserMatcher[] = [];
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    const keys = typeof c === 'object' && c !== null ? Object.keys(c).filter((k) => (c as Record<string, unknown>)[k] !== undefined && (c as Record<string, unknown>)[k] !== null) : [];
    if (keys.length === 1 && keys[0] === 'StringCondition') {
      const spec = parseString((c as Record<string, unknown>).StringCondition, `${p}.StringCondition`);
      if (spec.comparison === 'EXACT') {
        let set = exact.get(spec.field);
        if (!set) exact.set(spec.field, (set = new Set()));
        set.add(spec.value);
        return;
      }
    }
    if (depth + 1 > MAX_DEPTH) throw invalidParameter(`${p} is nested too deeply`);
    others.push(compileNode(c, p, depth + 1, context));
  });
  const members: UserMatcher[] = [...exact].map(([field, set]) => ({
    test: (u: SearchableUser) => valuesOf(u, field).some((v) => set.has(v)),
    candidateIds: field === 'id' ? set : undefined,
    matchesAll: false,
  }));
  members.push(...others);
  return or(members);
}

function or(members: UserMatcher[]): UserMatcher {
  if (members.length === 1) return members[0];
  if (members.some((m) => m.matchesAll)) return ALL;
  let candidateIds: Set<string> | undefined = new Set();
  for (const m of members) {
    if (!m.candidateIds) {
      candidateIds = undefined;
      break;
    }
    for (const id of m.candidateIds) candidateIds.add(id);
  }
  const tests = members.map((m) => m.test);
  return { test: (u) => tests.some((t) => t(u)), candidateIds, matchesAll: false };
}

function and(members: UserMatcher[]): UserMatcher {
  const relevant = members.filter((m) => !m.matchesAll);
  if (relevant.length === 0) return ALL;
  if (relevant.length === 1) return relevant[0];
  let candidateIds: Set<string> | undefined;
  for (const m of relevant) {
    if (!m.candidateIds) continue;
    candidateIds = candidateIds === undefined
      ? new Set(m.candidateIds)
      : new Set([...candidateIds].filter((id) => m.candidateIds?.has(id)));
  }
  const tests = relevant.map((m) => m.test);
  return { test: (u) => tests.every((t) => t(u)), candidateIds, matchesAll: false };
}
