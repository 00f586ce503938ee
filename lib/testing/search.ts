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
 */

export interface SearchableUser {
  readonly id: string;
  readonly username: string;
  readonly firstName?: string;
  readonly lastName?: string;
}

export interface UserMatcher {
  readonly test: (u: SearchableUser) => boolean;
  /** When defined, no user outside this set can match. */
  readonly candidateIds?: ReadonlySet<string>;
  readonly matchesAll: boolean;
}

type Field = 'username' | 'firstName' | 'lastName' | 'id';

const FIELDS: Readonly<Record<string, Field>> = {
  Username: 'username',
  FirstName: 'firstName',
  LastName: 'lastName',
  resourceId: 'id',
  ResourceId: 'id',
};

const COMPARISONS = new Set(['EXACT', 'STARTS_WITH', 'CONTAINS']);
const MAX_DEPTH = 32;

const ALL: UserMatcher = { test: () => true, matchesAll: true };
const NONE: UserMatcher = { test: () => false, candidateIds: new Set(), matchesAll: false };

export function compileUserSearch(criteria: unknown): UserMatcher {
  if (criteria === undefined || criteria === null) return ALL;
  return compileNode(criteria, 'SearchCriteria', 0);
}

function compileNode(node: unknown, path: string, depth: number): UserMatcher {
  if (depth > MAX_DEPTH) throw invalidParameter(`${path} is nested too deeply`);
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw invalidParameter(`${path} must be an object`);
  }
  const n = node as Record<string, unknown>;
  for (const unsupported of ['ListCondition', 'HierarchyGroupCondition']) {
    if (n[unsupported] !== undefined && n[unsupported] !== null) {
      throw new ConnectApiError('InvalidRequestException', 400, `${path}.${unsupported} is not supported by the emulator`);
    }
  }
  const parts: UserMatcher[] = [];
  if (n.StringCondition !== undefined && n.StringCondition !== null) {
    parts.push(compileString(n.StringCondition, `${path}.StringCondition`));
  }
  if (n.OrConditions !== undefined && n.OrConditions !== null) {
    parts.push(compileOr(asList(n.OrConditions, `${path}.OrConditions`), `${path}.OrConditions`, depth));
  }
  if (n.AndConditions !== undefined && n.AndConditions !== null) {
    const list = asList(n.AndConditions, `${path}.AndConditions`);
    parts.push(and(list.map((c, i) => compileNode(c, `${path}.AndConditions[${i}]`, depth + 1))));
  }
  return and(parts);
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
  const get = (u: SearchableUser): string | undefined => u[field];
  switch (comparison) {
    case 'EXACT':
      return {
        test: (u) => get(u) === value,
        candidateIds: field === 'id' ? new Set([value]) : undefined,
        matchesAll: false,
      };
    case 'STARTS_WITH':
      return { test: (u) => get(u)?.startsWith(value) ?? false, matchesAll: false };
    default:
      return { test: (u) => get(u)?.includes(value) ?? false, matchesAll: false };
  }
}

function compileOr(list: unknown[], path: string, depth: number): UserMatcher {
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
    others.push(compileNode(c, p, depth + 1));
  });
  const members: UserMatcher[] = [...exact].map(([field, set]) => ({
    test: (u: SearchableUser) => {
      const v = u[field];
      return v !== undefined && set.has(v);
    },
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
