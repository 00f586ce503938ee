/**
 * The user store behind the emulator, and the Connect semantics applied to it.
 *
 * Model
 * -----
 * - An account (id + region) holds instances; an instance holds users keyed by id, with
 *   usernames unique per instance (as in Connect). Anything addressed in an unknown
 *   instance, or an unknown user, is ResourceNotFoundException.
 * - A user's phone settings are stored ONLY per channel (VOICE, CHAT, TASK, EMAIL):
 *   every channel has autoAccept and an ACW limit in seconds; VOICE also has the
 *   agent-first-callback pair, phone type and number, persistent connection and voice
 *   enhancement. The legacy `PhoneConfig` is never stored: it is derived from VOICE on
 *   read, which is why the two views can never disagree.
 * - UpdateUserPhoneConfig replaces the legacy fields wholesale and writes its ACW to all
 *   four channels (wiping per-channel values). UpdateUserConfig merges field by field per
 *   channel. Both validate first and then swap in a fully built new state, so a rejected
 *   request changes nothing.
 * - Console helpers (createUser, consoleEdit, deleteUser) model someone using the Connect
 *   console: they bypass quotas, faults and the call log, but obey the same invariants.
 * - Reads hand out copies; nothing outside this file can mutate a stored user.
 */
import { randomUUID } from 'node:crypto';
import { ConnectApiError, invalidParameter, notFound } from './errors';
import { compareKeys, paginate } from './paging';
import { SearchContext, UserMatcher } from './search';
import {
  ChannelPatches,
  ChannelStates,
  LegacyPhoneConfig,
  PhoneType,
  applyChannelPatches,
  defaultChannelStates,
  findInvariantViolation,
  patchLegacyConfig,
  replaceLegacyConfig,
} from './user-model';

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly routingProfileId: string;
  readonly securityProfileIds: readonly string[];
  readonly hierarchyGroupId?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Epoch milliseconds. */
  lastModifiedTime: number;
  lastModifiedRegion: string;
  channels: ChannelStates;
}

export interface CreateUserOptions {
  readonly username: string;
  readonly id?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly routingProfileId?: string;
  readonly securityProfileIds?: readonly string[];
  /** A group made with `createHierarchyGroup`. @default - none */
  readonly hierarchyGroupId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Applied like UpdateUserPhoneConfig: its ACW lands on every channel. */
  readonly phoneConfig?: LegacyPhoneConfig;
  /** Applied after `phoneConfig`, per channel. */
  readonly channels?: ChannelPatches;
}

export interface CreateHierarchyGroupOptions {
  readonly name: string;
  /** @default - a random UUID */
  readonly id?: string;
  /** The group above this one. @default - a top-level group */
  readonly parentGroupId?: string;
}

export interface ConsoleEdit {
  /** Only the given legacy fields change; ACW goes to VOICE only. */
  readonly phoneConfig?: LegacyPhoneConfig;
  /** Applied after `phoneConfig`, per channel. */
  readonly channels?: ChannelPatches;
}

export interface StateOptions {
  readonly accountId: string;
  readonly region: string;
  /** Epoch milliseconds; injectable so LastModifiedTime is predictable in tests. */
  readonly now: () => number;
}

interface HierarchyGroup {
  readonly id: string;
  readonly name: string;
  readonly parentGroupId?: string;
}

class Instance {
  readonly users = new Map<string, UserRecord>();
  readonly idsByUsername = new Map<string, string>();
  readonly hierarchyGroups = new Map<string, HierarchyGroup>();
  readonly defaultRoutingProfileId = randomUUID();
  private sorted: UserRecord[] | undefined;

  constructor(readonly id: string) {}

  /** Users ordered by username; cached because only create/delete invalidate it. */
  sortedUsers(): readonly UserRecord[] {
    if (!this.sorted) {
      this.sorted = [...this.users.values()].sort(compareKeys);
    }
    return this.sorted;
  }

  add(u: UserRecord): void {
    this.users.set(u.id, u);
    this.idsByUsername.set(u.username, u.id);
    this.sorted = undefined;
  }

  remove(u: UserRecord): void {
    this.users.delete(u.id);
    this.idsByUsername.delete(u.username);
    this.sorted = undefined;
  }

  /** The group and all below it, for HierarchyGroupCondition WITH_CHILD_GROUPS. */
  groupWithDescendants(groupId: string): ReadonlySet<string> {
    if (!this.hierarchyGroups.has(groupId)) throw notFound(`Hierarchy group not found: ${groupId}`);
    const found = new Set([groupId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const g of this.hierarchyGroups.values()) {
        if (g.parentGroupId !== undefined && found.has(g.parentGroupId) && !found.has(g.id)) {
          found.add(g.id);
          grew = true;
        }
      }
    }
    return found;
  }
}

export interface SearchResult {
  readonly users: UserRecord[];
  readonly nextToken?: string;
  readonly total: number;
}

export class EmulatorState {
  private readonly instances = new Map<string, Instance>();

  constructor(private readonly options: StateOptions) {}

  get accountId(): string {
    return this.options.accountId;
  }

  get region(): string {
    return this.options.region;
  }

  createInstance(id: string = randomUUID()): string {
    if (!this.instances.has(id)) {
      this.instances.set(id, new Instance(id));
    }
    return id;
  }

  deleteInstance(id: string): boolean {
    return this.instances.delete(id);
  }

  instanceIds(): string[] {
    return [...this.instances.keys()];
  }

  instanceArn(instanceId: string): string {
    return `arn:aws:connect:${this.region}:${this.accountId}:instance/${instanceId}`;
  }

  userArn(instanceId: string, userId: string): string {
    return `${this.instanceArn(instanceId)}/agent/${userId}`;
  }

  // ---- console helpers -------------------------------------------------------------

  /** A user hierarchy group (Connect's agent hierarchy), under `parentGroupId` when given. */
  createHierarchyGroup(instanceId: string, opts: CreateHierarchyGroupOptions): string {
    const inst = this.instance(instanceId);
    if (typeof opts.name !== 'string' || opts.name === '') throw invalidParameter('name is required');
    if (opts.parentGroupId !== undefined && !inst.hierarchyGroups.has(opts.parentGroupId)) {
      throw notFound(`Hierarchy group not found: ${opts.parentGroupId}`);
    }
    const id = opts.id ?? randomUUID();
    if (inst.hierarchyGroups.has(id)) throw new ConnectApiError('DuplicateResourceException', 409, `a hierarchy group with id ${id} already exists`);
    inst.hierarchyGroups.set(id, { id, name: opts.name, parentGroupId: opts.parentGroupId });
    return id;
  }

  /** What a search of `instanceId` needs to know (its hierarchy). */
  searchContext(instanceId: string): SearchContext {
    const inst = this.instance(instanceId);
    return { groupWithDescendants: (groupId) => inst.groupWithDescendants(groupId) };
  }

  createUser(instanceId: string, opts: CreateUserOptions): string {
    const inst = this.instance(instanceId);
    if (typeof opts.username !== 'string' || opts.username === '') {
      throw invalidParameter('username is required');
    }
    if (inst.idsByUsername.has(opts.username)) {
      throw new ConnectApiError('DuplicateResourceException', 409, `a user named ${opts.username} already exists`);
    }
    const id = opts.id ?? randomUUID();
    if (inst.users.has(id)) {
      throw new ConnectApiError('DuplicateResourceException', 409, `a user with id ${id} already exists`);
    }
    let channels = defaultChannelStates();
    if (opts.phoneConfig) {
      channels = replaceLegacyConfig(channels, { ...opts.phoneConfig, PhoneType: opts.phoneConfig.PhoneType ?? 'SOFT_PHONE' });
    }
    if (opts.channels) {
      channels = applyChannelPatches(channels, opts.channels);
    }
    assertValid(channels);
    if (opts.hierarchyGroupId !== undefined && !inst.hierarchyGroups.has(opts.hierarchyGroupId)) {
      throw notFound(`Hierarchy group not found: ${opts.hierarchyGroupId}`);
    }
    inst.add({
      id,
      username: opts.username,
      firstName: opts.firstName,
      lastName: opts.lastName,
      routingProfileId: opts.routingProfileId ?? inst.defaultRoutingProfileId,
      securityProfileIds: [...(opts.securityProfileIds ?? [])],
      hierarchyGroupId: opts.hierarchyGroupId,
      tags: { ...(opts.tags ?? {}) },
      lastModifiedTime: this.options.now(),
      lastModifiedRegion: this.region,
      channels,
    });
    return id;
  }

  consoleEdit(instanceId: string, userId: string, edit: ConsoleEdit): void {
    const user = this.user(instanceId, userId);
    let channels = user.channels;
    if (edit.phoneConfig) channels = patchLegacyConfig(channels, edit.phoneConfig);
    if (edit.channels) channels = applyChannelPatches(channels, edit.channels);
    this.commit(user, channels);
  }

  deleteUser(instanceId: string, userId: string): boolean {
    const inst = this.instance(instanceId);
    const user = inst.users.get(userId);
    if (!user) return false;
    inst.remove(user);
    return true;
  }

  listUserIds(instanceId: string): string[] {
    return this.instance(instanceId).sortedUsers().map((u) => u.id);
  }

  userCount(instanceId?: string): number {
    if (instanceId !== undefined) return this.instance(instanceId).users.size;
    let n = 0;
    for (const inst of this.instances.values()) n += inst.users.size;
    return n;
  }

  findUser(instanceId: string, userId: string): UserRecord | undefined {
    return this.instances.get(instanceId)?.users.get(userId);
  }

  findUserIdByUsername(instanceId: string, username: string): string | undefined {
    return this.instances.get(instanceId)?.idsByUsername.get(username);
  }

  // ---- API semantics ---------------------------------------------------------------

  describeUser(instanceId: string, userId: string): UserRecord {
    return this.user(instanceId, userId);
  }

  updateUserPhoneConfig(instanceId: string, userId: string, cfg: LegacyPhoneConfig & { PhoneType: PhoneType }): void {
    const user = this.user(instanceId, userId);
    this.commit(user, replaceLegacyConfig(user.channels, cfg));
  }

  updateUserConfig(instanceId: string, userId: string, patches: ChannelPatches): void {
    const user = this.user(instanceId, userId);
    const next = applyChannelPatches(user.channels, patches);
    // Name the request field rather than the internal one when the merge is what broke it.
    if (next.VOICE.phoneType === 'DESK_PHONE' && next.VOICE.phoneNumber === '') {
      throw invalidParameter('PhoneNumberConfigs: VOICE PhoneNumber is required when PhoneType is DESK_PHONE');
    }
    this.commit(user, next);
  }

  searchUsers(instanceId: string, matcher: UserMatcher, maxResults: number, nextToken: string | undefined): SearchResult {
    const inst = this.instance(instanceId);
    let matched: readonly UserRecord[];
    if (matcher.matchesAll) {
      matched = inst.sortedUsers();
    } else if (matcher.candidateIds) {
      const found: UserRecord[] = [];
      for (const id of matcher.candidateIds) {
        const u = inst.users.get(id);
        if (u && matcher.test(u)) found.push(u);
      }
      matched = found.sort(compareKeys);
    } else {
      matched = inst.sortedUsers().filter(matcher.test);
    }
    const page = paginate('SearchUsers', matched, maxResults, nextToken);
    return { users: page.items, nextToken: page.nextToken, total: matched.length };
  }

  listUsers(instanceId: string, maxResults: number, nextToken: string | undefined): SearchResult {
    const sorted = this.instance(instanceId).sortedUsers();
    const page = paginate('ListUsers', sorted, maxResults, nextToken);
    return { users: page.items, nextToken: page.nextToken, total: sorted.length };
  }

  // ---- internals -------------------------------------------------------------------

  private instance(instanceId: string): Instance {
    const inst = this.instances.get(instanceId);
    if (!inst) throw notFound(`Instance not found: ${instanceId}`);
    return inst;
  }

  private user(instanceId: string, userId: string): UserRecord {
    const user = this.instance(instanceId).users.get(userId);
    if (!user) throw notFound(`User not found: ${userId}`);
    return user;
  }

  /** The single place a user's settings change: validate the complete new state, then swap. */
  private commit(user: UserRecord, next: ChannelStates): void {
    assertValid(next);
    user.channels = next;
    user.lastModifiedTime = this.options.now();
    user.lastModifiedRegion = this.region;
  }
}

function assertValid(s: ChannelStates): void {
  const problem = findInvariantViolation(s);
  if (problem) throw invalidParameter(problem);
}
