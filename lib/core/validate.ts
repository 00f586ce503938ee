/**
 * The one validator of desired phone configurations, run by the constructs at synth time and by
 * the handler on every event, so a rule can never differ between the two.
 *
 * Messages name the construct property (camelCase), show the bad value and say how to fix it.
 * Values that are not known yet (CDK Tokens at synth time) skip the checks that need a value:
 * the caller says which values those are with `isUnresolved`.
 */
import {
  CHANNELS,
  ChannelSpec,
  DEFAULT_BURSTS,
  LEGACY_TO_VOICE,
  PHONE_TYPES,
  PhoneConfigSpec,
  REMOVAL_POLICIES,
  ResourceSpec,
  SelectorSpec,
  UserSpec,
  VOICE_ENHANCEMENT_MODES,
} from './contract';
import { maskPhoneNumber } from './mask';
import { specificity, staticContradictions } from './selectors';

export const MAX_ACW_SECONDS = 2_000_000;
/** E.164 as Connect documents it (`\+[1-9]\d{1,14}$`), anchored at both ends. */
export const E164 = /^\+[1-9]\d{1,14}$/;
/** Connect instance and user ids are UUIDs. */
export const CONNECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Connect instance ARN: a known partition, a region, an account and a UUID id (group 1). */
export const INSTANCE_ARN = /^arn:(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):connect:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:instance\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/**
 * Connect usernames as CreateUser documents them: letters, digits and `_ - . @`, up to 100
 * characters (the API's limit; 64 with SAML, 20 otherwise), `@` only in an email address. Nothing
 * else: no white space, no zero-width or right-to-left characters that would make a plan deceptive.
 */
export const USERNAME = /^[A-Za-z0-9_.@-]{1,100}$/;
const EMAIL_USERNAME = /^[^@]+@[^@]+\.[^@]+$/;

/** The parts of an instance ARN, when it is one. */
export function instanceArnParts(arn: string): { partition: string; region: string; account: string; instanceId: string } | undefined {
  if (!INSTANCE_ARN.test(arn)) return undefined;
  const [, partition, , region, account, resource] = arn.split(':');
  return { partition, region, account, instanceId: resource.split('/')[1] };
}
/** An SSM parameter name (a path of letters, digits and `_ . - /`). */
export const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-/]{1,1011}$/;
/** The highest request rate a stack may ask for: far above any quota Connect grants by default. */
export const MAX_RATE_PER_SECOND = 100;
/** The largest burst a stack may ask for: a few seconds of the highest rate. */
export const MAX_BURST = 1000;

/** Settings that only the VOICE channel has. */
export const VOICE_ONLY_FIELDS = [
  'AgentFirstCallbackAutoAccept',
  'AgentFirstCallbackAfterContactWorkTimeLimit',
  'PhoneType',
  'PhoneNumber',
  'PersistentConnection',
  'VoiceEnhancementMode',
] as const satisfies readonly (keyof ChannelSpec)[];

// The legacy fields live on VOICE: one table, in the contract, for the validator, planner and selectors.
export { LEGACY_TO_VOICE } from './contract';

export interface ValidationIssue {
  /** Where the problem is, e.g. `users[2] (alice)`. */
  readonly where: string;
  readonly message: string;
  /**
   * The one setting at fault, relative to the user, when there is one (`['channels', 1,
   * 'autoAccept']`): a declaration file turns it into the line and column of that value.
   */
  readonly path?: Path;
}

/** A setting's place relative to its user: `['autoAccept']`, `['channels', 1, 'autoAccept']`. */
export type Path = readonly (string | number)[];

export interface ValidationResult {
  readonly errors: ValidationIssue[];
  readonly warnings: ValidationIssue[];
}



export interface ValidateOptions {
  /** True for values not known until deployment (CDK Tokens). @default - every value is known */
  readonly isUnresolved?: (value: unknown) => boolean;
  /**
   * Where the handler runs (the stack's account and region): the handler calls Connect there, so
   * an instance elsewhere cannot be reached. @default - not checked
   */
  readonly home?: { readonly account?: string; readonly region?: string };
}

/** Thrown when desired properties break a rule; the message lists every problem. */
export class InvalidPhoneConfigError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(formatIssues(issues));
    this.name = 'InvalidPhoneConfigError';
  }
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.where}: ${i.message}`).join('\n');
}

/** The property name a construct user wrote for a Connect field (`AutoAccept` → `autoAccept`). */
export function propName(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

/** How a user is named in messages: its id or username, never a phone number. */
export function describeUserRef(user: Pick<UserSpec, 'UserId' | 'Username'>): string {
  return user.UserId !== undefined ? `user id ${String(user.UserId)}` : `username ${String(user.Username)}`;
}

/**
 * How a user is shown once Connect has named it: `alice (0b8d…)`, the username people know and
 * the id Connect uses; `user id …` while no username is known.
 */
export function userDisplayName(user: { readonly userId?: string; readonly username?: string }): string {
  if (user.username !== undefined && user.userId !== undefined) return `${user.username} (${user.userId})`;
  if (user.username !== undefined) return `username ${user.username}`;
  return `user id ${String(user.userId)}`;
}

/** Validates a whole resource: instance, options, every user, and duplicates among them. */
export function validateResource(spec: ResourceSpec, options: ValidateOptions = {}): ValidationResult {
  const check = new Checker(options);
  check.instanceArn(spec.InstanceArn);
  check.rate(spec.WritesPerSecond, 'writesPerSecond', 'UpdateUserPhoneConfig', 2);
  check.rate(spec.DescribeUsersPerSecond, 'describeUsersPerSecond', 'DescribeUser', 10);
  check.rate(spec.SearchUsersPerSecond, 'searchUsersPerSecond', 'SearchUsers', 2);
  check.burst(spec.WritesBurst, 'writesBurst', 'UpdateUserPhoneConfig', DEFAULT_BURSTS.writes);
  check.burst(spec.DescribeUsersBurst, 'describeUsersBurst', 'DescribeUser', DEFAULT_BURSTS.describeUsers);
  check.burst(spec.SearchUsersBurst, 'searchUsersBurst', 'SearchUsers', DEFAULT_BURSTS.searchUsers);
  if (spec.RemovalPolicy !== undefined && !(REMOVAL_POLICIES as readonly string[]).includes(spec.RemovalPolicy)) {
    check.error('resource', `\`removalPolicy\` is ${show(spec.RemovalPolicy)}; use one of ${REMOVAL_POLICIES.join(', ')}.`);
  }
  const selectors = spec.Selectors ?? [];
  if (spec.Users !== undefined) {
    if (spec.Users.length === 0 && spec.DesiredStateObject === undefined && selectors.length === 0) {
      check.error('resource', '`users` is empty; declare at least one user, e.g. users: [{ username: \'alice\' }], or agent `selectors`.');
    }
    spec.Users.forEach((user, i) => check.user(user, userLabel(user, i)));
    check.duplicates(spec.Users);
  } else if (spec.DesiredStateObject === undefined && selectors.length === 0) {
    check.error('resource', '`users` is missing; declare at least one user.');
  }
  selectors.forEach((s, i) => check.selector(s, `selectors[${i}]`));
  for (const { index, message } of staticContradictions(selectors)) check.error(`selectors[${index}]`, message);
  return check.result();
}

/** Validates one user's desired configuration. `where` names it in messages. */
export function validateUser(user: UserSpec, where: string, options: ValidateOptions = {}): ValidationResult {
  const check = new Checker(options);
  check.user(user, where);
  return check.result();
}

/** Throws `InvalidPhoneConfigError` when `result` has errors. */
export function throwIfInvalid(result: ValidationResult): void {
  if (result.errors.length > 0) throw new InvalidPhoneConfigError(result.errors);
}

function userLabel(user: UserSpec, index: number): string {
  const name = user.Username ?? user.UserId;
  return `users[${index}]${name !== undefined ? ` (${String(name)})` : ''}`;
}

/** A value with every character outside printable ASCII written as `\u{…}`, so none can hide. */
function visible(value: unknown): string {
  return `"${String(value).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`)}"`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

class Checker {
  private readonly errors: ValidationIssue[] = [];
  private readonly warnings: ValidationIssue[] = [];
  private readonly isUnresolved: (value: unknown) => boolean;

  constructor(options: ValidateOptions) {
    this.isUnresolved = options.isUnresolved ?? (() => false);
    this.home = options.home;
  }

  private readonly home: ValidateOptions['home'];

  result(): ValidationResult {
    return { errors: this.errors, warnings: this.warnings };
  }

  error(where: string, message: string, path?: Path): void {
    this.errors.push(path === undefined ? { where, message } : { where, message, path });
  }

  warn(where: string, message: string): void {
    this.warnings.push({ where, message });
  }

  known(value: unknown): boolean {
    return value !== undefined && !this.isUnresolved(value);
  }

  /** A request rate: above 0 and at most MAX_RATE_PER_SECOND. */
  rate(value: unknown, prop: string, operation: string, defaultQuota: number): void {
    if (!this.known(value)) return;
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_RATE_PER_SECOND)) {
      this.error('resource', `\`${prop}\` is ${show(value)}; it must be a number above 0 and at most ${MAX_RATE_PER_SECOND} (your account's ${operation} quota, ${defaultQuota} per second by default).`);
    }
  }

  /** A quota's burst: a whole number of calls, at least 1 and at most MAX_BURST. */
  burst(value: unknown, prop: string, operation: string, defaultBurst: number): void {
    if (!this.known(value)) return;
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_BURST)) {
      this.error('resource', `\`${prop}\` is ${show(value)}; it must be a whole number from 1 to ${MAX_BURST} (the calls your account's ${operation} quota lets through at once, ${defaultBurst} by default).`);
    }
  }

  instanceArn(arn: string): void {
    if (arn === undefined) {
      this.error('resource', '`instanceArn` is missing; pass `instanceArn` (or `instanceId`) of the Connect instance.');
      return;
    }
    if (!this.known(arn)) return;
    if (typeof arn !== 'string' || !INSTANCE_ARN.test(arn)) {
      this.error('resource', `\`instanceArn\` is ${show(arn)}; it must look like arn:aws:connect:us-east-1:123456789012:instance/<instance id (a UUID)>. Copy it from the Connect console's instance overview, or pass \`instanceId\` instead.`);
      return;
    }
    const parts = instanceArnParts(arn) as NonNullable<ReturnType<typeof instanceArnParts>>;
    const home = this.home;
    if (home?.region !== undefined && !this.isUnresolved(home.region) && parts.region !== home.region) {
      this.error('resource', `\`instanceArn\` is in region ${parts.region}, but the stack (and its handler, which calls Connect in its own region) is in ${home.region}. Deploy this construct in a stack in ${parts.region}.`);
    }
    if (home?.account !== undefined && !this.isUnresolved(home.account) && parts.account !== home.account) {
      this.error('resource', `\`instanceArn\` is in account ${parts.account}, but the stack is in ${home.account}; the handler cannot reach another account's instance. Deploy this construct in a stack in account ${parts.account}.`);
    }
  }

  user(user: UserSpec, where: string): void {
    this.userRef(user, where);
    const declared = this.phoneConfig(user.PhoneConfig, where, user.DeskPhoneNumberParameter !== undefined) + this.channels(user, where) + this.numberParameter(user, where);
    if (declared === 0) {
      this.error(where, 'declares no setting; declare at least one of `phoneType`, `autoAccept`, `afterContactWorkTimeLimit`, `deskPhoneNumber`, `persistentConnection` or `channels`.');
    }
  }

  /** An agent selector: at least one criterion, settings a whole group can share. */
  selector(s: SelectorSpec, where: string): void {
    if (specificity(s) === 0) {
      this.error(where, 'selects no agents by anything; give at least one of `routingProfileId`, `hierarchyGroupId`, `tags` or `usernamePrefix`.');
    }
    if (s.IncludeChildGroups === true && s.HierarchyGroupId === undefined) {
      this.error(where, '`includeChildGroups` is true but no `hierarchyGroupId` is given; name the group whose child groups to include.', ['includeChildGroups']);
    }
    for (const [field, value] of [['routingProfileId', s.RoutingProfileId], ['hierarchyGroupId', s.HierarchyGroupId], ['usernamePrefix', s.UsernamePrefix]] as const) {
      if (this.known(value) && (typeof value !== 'string' || value.trim() === '')) this.error(where, `\`${field}\` is ${show(value)}; give a non-empty string (an id from the Connect console, or a prefix).`, [field]);
    }
    for (const [key, value] of Object.entries(s.Tags ?? {})) {
      if (key === '' || typeof value !== 'string') this.error(where, `tag ${show(key)} is ${show(value)}; tags are non-empty keys with string values, e.g. { team: 'sales' }.`, ['tags']);
    }
    const numbers = s.PhoneConfig?.DeskPhoneNumber !== undefined || (s.Channels ?? []).some((c) => c.PhoneNumber !== undefined);
    const deskPhone = s.PhoneConfig?.PhoneType === 'DESK_PHONE' || (s.Channels ?? []).some((c) => c.PhoneType === 'DESK_PHONE');
    if (numbers || deskPhone) {
      this.error(where, 'declares a desk phone (DESK_PHONE or a number), which is each agent\'s own; declare desk phones per user instead.');
      return;
    }
    const declared = this.phoneConfig(s.PhoneConfig, where) + this.channels({ PhoneConfig: s.PhoneConfig, Channels: s.Channels }, where);
    if (declared === 0) this.error(where, 'declares no setting for the agents it selects; add `settings`, e.g. { afterContactWorkTimeLimit: Duration.seconds(30) }.');
  }

  private userRef(user: UserSpec, where: string): void {
    const hasId = user.UserId !== undefined;
    const hasName = user.Username !== undefined;
    if (hasId === hasName) {
      this.error(where, hasId
        ? 'declares both `userId` and `username`; declare exactly one.'
        : 'declares neither `userId` nor `username`; declare exactly one.');
      return;
    }
    if (hasId && this.known(user.UserId) && !(typeof user.UserId === 'string' && CONNECT_ID.test(user.UserId))) {
      this.error(where, `\`userId\` is ${show(user.UserId)}; a Connect user id is a UUID such as 0b8d1e9c-7a1f-4c55-9a57-1f0b2f4c1d3e (the last part of the user's ARN). To name a user by login, use \`username\`.`);
    }
    if (hasName && this.known(user.Username)) {
      const name = user.Username;
      if (typeof name !== 'string' || !USERNAME.test(name)) {
        this.error(where, `\`username\` is ${visible(name)}; a Connect username is 1 to 100 of the letters A-Z and a-z, digits and _ - . @ (no spaces or invisible characters). Copy it from the Connect console under Users.`);
      } else if (name.includes('@') && !EMAIL_USERNAME.test(name)) {
        this.error(where, `\`username\` is ${visible(name)}; Connect allows @ in a username only as an email address (testuser@example.com). Check the spelling.`);
      }
    }
  }

  /** A desk number kept in SSM: a parameter name, never together with a number declared inline. */
  private numberParameter(user: UserSpec, where: string): number {
    const name = user.DeskPhoneNumberParameter;
    if (name === undefined) return 0;
    if (this.known(name) && !(typeof name === 'string' && SSM_PARAMETER_NAME.test(name))) {
      this.error(where, `\`deskPhoneNumberParameterName\` is ${show(name)}; use the name of an SSM SecureString parameter, e.g. '/connect/desk-numbers/alice' (letters, digits and _ . - /).`);
    }
    const inline = user.PhoneConfig?.DeskPhoneNumber !== undefined || (user.Channels ?? []).some((c) => c.PhoneNumber !== undefined);
    if (inline) this.error(where, 'declares both `deskPhoneNumberParameterName` and a desk number (`deskPhoneNumber` or a VOICE `phoneNumber`); keep the number in one place.');
    return 1;
  }

  /** Returns how many settings are declared. */
  private phoneConfig(config: PhoneConfigSpec | undefined, where: string, numberInSsm = false): number {
    if (config === undefined) return 0;
    const set = Object.entries(config).filter(([, v]) => v !== undefined).length;
    this.enumValue(config.PhoneType, PHONE_TYPES, where, 'phoneType');
    this.boolean(config.AutoAccept, where, 'autoAccept');
    this.boolean(config.PersistentConnection, where, 'persistentConnection');
    this.acw(config.AfterContactWorkTimeLimit, where, 'afterContactWorkTimeLimit');
    this.phoneNumber(config.DeskPhoneNumber, where, 'deskPhoneNumber');
    if (config.PhoneType === 'DESK_PHONE' && config.DeskPhoneNumber === undefined && !numberInSsm) {
      this.error(where, '`phoneType` is DESK_PHONE but no `deskPhoneNumber` is declared; Connect needs the number the desk phone rings. Add `deskPhoneNumber: \'+15555550100\'` (E.164) or use SOFT_PHONE.');
    }
    if (config.PhoneType === 'SOFT_PHONE' && config.DeskPhoneNumber !== undefined) {
      this.warn(where, `\`deskPhoneNumber\` (${maskPhoneNumber(String(config.DeskPhoneNumber))}) is declared with SOFT_PHONE; Connect keeps it but does not ring it.`);
    }
    return set;
  }

  private channels(user: UserSpec, where: string): number {
    if (user.Channels === undefined) return 0;
    let declared = 0;
    const seen = new Set<string>();
    user.Channels.forEach((entry, i) => {
      const at = `${where}.channels[${i}]`;
      const path: Path = ['channels', i];
      const channel = entry.Channel;
      if (!this.enumValue(channel, CHANNELS, at, 'channel', path)) return;
      if (seen.has(channel)) {
        this.error(at, `channel ${channel} is declared twice; merge its settings into one entry.`);
      }
      seen.add(channel);
      const fields = Object.entries(entry).filter(([k, v]) => k !== 'Channel' && v !== undefined);
      if (fields.length === 0) {
        this.error(at, `channel ${channel} declares no setting; remove the entry or declare one.`);
      }
      declared += fields.length;
      if (channel !== 'VOICE') {
        for (const field of VOICE_ONLY_FIELDS) {
          if (entry[field] !== undefined) {
            this.error(at, `\`${propName(field)}\` is declared for ${channel}; Connect has it on the VOICE channel only. Move it to the VOICE entry.`, [...path, propName(field)]);
          }
        }
      }
      this.boolean(entry.AutoAccept, at, 'autoAccept', path);
      this.boolean(entry.AgentFirstCallbackAutoAccept, at, 'agentFirstCallbackAutoAccept', path);
      this.boolean(entry.PersistentConnection, at, 'persistentConnection', path);
      this.acw(entry.AfterContactWorkTimeLimit, at, 'afterContactWorkTimeLimit', path);
      this.acw(entry.AgentFirstCallbackAfterContactWorkTimeLimit, at, 'agentFirstCallbackAfterContactWorkTimeLimit', path);
      this.enumValue(entry.PhoneType, PHONE_TYPES, at, 'phoneType', path);
      this.phoneNumber(entry.PhoneNumber, at, 'phoneNumber', path);
      this.enumValue(entry.VoiceEnhancementMode, VOICE_ENHANCEMENT_MODES, at, 'voiceEnhancementMode', path);
      if (entry.PhoneType === 'DESK_PHONE' && entry.PhoneNumber === undefined && user.PhoneConfig?.DeskPhoneNumber === undefined && user.DeskPhoneNumberParameter === undefined) {
        this.error(at, '`phoneType` is DESK_PHONE but no `phoneNumber` is declared; add the desk phone\'s number in E.164 (e.g. \'+15555550100\') or use SOFT_PHONE.');
      }
      if (channel === 'VOICE') this.legacyConflicts(user.PhoneConfig, entry, at);
    });
    return declared;
  }

  private legacyConflicts(legacy: PhoneConfigSpec | undefined, voice: ChannelSpec, where: string): void {
    if (legacy === undefined) return;
    for (const [legacyField, voiceField] of Object.entries(LEGACY_TO_VOICE) as [keyof PhoneConfigSpec, keyof ChannelSpec][]) {
      const a = legacy[legacyField];
      const b = voice[voiceField];
      if (this.known(a) && this.known(b) && a !== b) {
        const secret = legacyField === 'DeskPhoneNumber';
        this.error(where, `VOICE \`${propName(voiceField)}\` (${secret ? maskPhoneNumber(String(b)) : show(b)}) contradicts \`${propName(legacyField)}\` (${secret ? maskPhoneNumber(String(a)) : show(a)}); Connect keeps both in the same VOICE setting. Declare it once.`);
      }
    }
  }

  duplicates(users: readonly UserSpec[]): void {
    const seen = new Map<string, number>();
    users.forEach((user, i) => {
      const key = user.UserId !== undefined ? `id:${String(user.UserId).toLowerCase()}` : `name:${String(user.Username)}`;
      if (this.isUnresolved(user.UserId ?? user.Username)) return;
      const first = seen.get(key);
      if (first !== undefined) {
        this.error(userLabel(user, i), `${describeUserRef(user)} is declared twice (also users[${first}]); declare each user once.`);
      } else {
        seen.set(key, i);
      }
    });
  }

  private enumValue(value: unknown, allowed: readonly string[], where: string, prop: string, at: Path = []): boolean {
    if (!this.known(value)) return value !== undefined;
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.error(where, `\`${prop}\` is ${show(value)}; use one of ${allowed.join(', ')}.`, [...at, prop]);
      return false;
    }
    return true;
  }

  private boolean(value: unknown, where: string, prop: string, at: Path = []): void {
    if (!this.known(value)) return;
    if (typeof value !== 'boolean') this.error(where, `\`${prop}\` is ${show(value)}; use true or false.`, [...at, prop]);
  }

  private acw(value: unknown, where: string, prop: string, at: Path = []): void {
    if (!this.known(value)) return;
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_ACW_SECONDS;
    if (!ok) {
      this.error(where, `\`${prop}\` is ${show(value)} seconds; it must be a whole number of seconds from 0 to ${MAX_ACW_SECONDS} (about 23 days), and 0 means unlimited. Use e.g. Duration.seconds(30).`, [...at, prop]);
    }
  }

  private phoneNumber(value: unknown, where: string, prop: string, at: Path = []): void {
    if (!this.known(value)) return;
    if (typeof value !== 'string' || !E164.test(value)) {
      // The bad value is shown masked: even a malformed number is personal data.
      this.error(where, `\`${prop}\` (${maskPhoneNumber(String(value))}) is not an E.164 number; write it as + country code and digits only, 2 to 15 digits, e.g. '+15555550100'.`, [...at, prop]);
    }
  }
}
