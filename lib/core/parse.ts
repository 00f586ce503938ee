/**
 * Turns `ResourceProperties` as CloudFormation delivers them (every scalar a string: `"true"`,
 * `"30"`) back into a `ResourceSpec`, then runs the same validator the constructs ran at synth.
 * A value that does not parse is kept as it came, so the validator's message shows it.
 */
import { ChannelSpec, PhoneConfigSpec, ResourceSpec, SelectorSpec, UserSpec } from './contract';
import { InvalidPhoneConfigError, ValidationIssue, throwIfInvalid, validateResource } from './validate';

type Wire = Record<string, unknown>;

const PHONE_CONFIG_FIELDS = {
  PhoneType: 'string',
  AutoAccept: 'boolean',
  AfterContactWorkTimeLimit: 'number',
  DeskPhoneNumber: 'string',
  PersistentConnection: 'boolean',
} as const satisfies Record<keyof PhoneConfigSpec, Kind>;

const CHANNEL_FIELDS = {
  Channel: 'string',
  AutoAccept: 'boolean',
  AgentFirstCallbackAutoAccept: 'boolean',
  AfterContactWorkTimeLimit: 'number',
  AgentFirstCallbackAfterContactWorkTimeLimit: 'number',
  PhoneType: 'string',
  PhoneNumber: 'string',
  PersistentConnection: 'boolean',
  VoiceEnhancementMode: 'string',
} as const satisfies Record<keyof ChannelSpec, Kind>;

const USER_FIELDS = { UserId: 'string', Username: 'string', DeskPhoneNumberParameter: 'string', PhoneConfig: 'object', Channels: 'array' } as const;

const RESOURCE_FIELDS = {
  ServiceToken: 'string',
  // CloudFormation's own property of a custom resource; it may reach the handler with the rest.
  ServiceTimeout: 'number',
  Version: 'string',
  InstanceArn: 'string',
  Users: 'array',
  DesiredStateObject: 'object',
  Selectors: 'array',
  WritesPerSecond: 'number',
  DescribeUsersPerSecond: 'number',
  SearchUsersPerSecond: 'number',
  WritesBurst: 'number',
  DescribeUsersBurst: 'number',
  SearchUsersBurst: 'number',
  SkipMissingUsers: 'boolean',
  PerChannelWrites: 'boolean',
  OriginalsAccess: 'boolean',
  RemovalPolicy: 'string',
  DeploymentNonce: 'string',
} as const;

type Kind = 'string' | 'boolean' | 'number' | 'object' | 'array';

/** Parses and validates resource properties; throws `InvalidPhoneConfigError` listing every problem. */
export function parseResourceProperties(raw: unknown): ResourceSpec {
  const issues: ValidationIssue[] = [];
  const props = coerceObject(raw, RESOURCE_FIELDS, 'resource', issues);
  const users = Array.isArray(props.Users) ? (props.Users as unknown[]).map((u, i) => parseUser(u, `users[${i}]`, issues)) : props.Users;
  const stateObject = props.DesiredStateObject as Wire | undefined;
  const selectors = Array.isArray(props.Selectors) ? (props.Selectors as unknown[]).map((s, i) => parseSelector(s, `selectors[${i}]`, issues)) : undefined;
  const spec = {
    ...props,
    Users: users,
    Selectors: selectors,
    DesiredStateObject: stateObject === undefined ? undefined : { Bucket: String(stateObject.Bucket), Key: String(stateObject.Key) },
  } as ResourceSpec & { ServiceToken?: string; ServiceTimeout?: number };
  delete spec.ServiceToken;
  delete spec.ServiceTimeout;
  if (issues.length > 0) throw new InvalidPhoneConfigError(issues);
  throwIfInvalid(validateResource(spec));
  return spec;
}

/** Parses a list of users, as stored in a desired-state object, and validates them with the resource. */
export function parseUsers(raw: unknown, where: string): UserSpec[] {
  const issues: ValidationIssue[] = [];
  if (!Array.isArray(raw)) throw new InvalidPhoneConfigError([{ where, message: 'must be a list of users.' }]);
  const users = raw.map((u, i) => parseUser(u, `users[${i}]`, issues));
  if (issues.length > 0) throw new InvalidPhoneConfigError(issues);
  return users;
}

function parseUser(raw: unknown, where: string, issues: ValidationIssue[]): UserSpec {
  const user = coerceObject(raw, USER_FIELDS, where, issues);
  const phoneConfig = user.PhoneConfig === undefined ? undefined : coerceObject(user.PhoneConfig, PHONE_CONFIG_FIELDS, `${where}.phoneConfig`, issues);
  const channels = Array.isArray(user.Channels)
    ? (user.Channels as unknown[]).map((c, i) => coerceObject(c, CHANNEL_FIELDS, `${where}.channels[${i}]`, issues))
    : undefined;
  return { ...user, PhoneConfig: phoneConfig, Channels: channels } as UserSpec;
}

const SELECTOR_FIELDS: Record<string, Kind> = {
  RoutingProfileId: 'string',
  HierarchyGroupId: 'string',
  IncludeChildGroups: 'boolean',
  Tags: 'object',
  UsernamePrefix: 'string',
  PhoneConfig: 'object',
  Channels: 'array',
};

function parseSelector(raw: unknown, where: string, issues: ValidationIssue[]): SelectorSpec {
  const selector = coerceObject(raw, SELECTOR_FIELDS, where, issues);
  const settings = parseUser({ PhoneConfig: selector.PhoneConfig, Channels: selector.Channels }, where, issues);
  const out = { ...selector, PhoneConfig: settings.PhoneConfig, Channels: settings.Channels } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as SelectorSpec;
}

function coerceObject(raw: unknown, fields: Record<string, Kind>, where: string, issues: ValidationIssue[]): Wire {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ where, message: `must be an object, got ${JSON.stringify(raw)}.` });
    return {};
  }
  const out: Wire = {};
  for (const [key, value] of Object.entries(raw as Wire)) {
    const kind = fields[key];
    if (kind === undefined) {
      issues.push({ where, message: `has an unknown property \`${key}\`; known: ${Object.keys(fields).join(', ')}. Is the handler older than the construct?` });
      continue;
    }
    if (value === undefined || value === null || value === '') continue;
    if (kind === 'array' && !Array.isArray(value)) {
      issues.push({ where, message: `\`${key}\` must be a list, got ${typeof value}.` });
      continue;
    }
    if (kind === 'object' && (typeof value !== 'object' || Array.isArray(value))) {
      issues.push({ where, message: `\`${key}\` must be an object, got ${Array.isArray(value) ? 'a list' : typeof value}.` });
      continue;
    }
    out[key] = coerce(value, kind);
  }
  return out;
}

function coerce(value: unknown, kind: Kind): unknown {
  if (typeof value !== 'string') return value;
  switch (kind) {
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    default:
      return value;
  }
}
