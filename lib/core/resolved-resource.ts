/**
 * A resource's properties with every default applied, once, where they are parsed. The handler's
 * entry points and the `plan` command run on this; no use site writes `?? default` again.
 */
import { DEFAULT_RATES, RemovalPolicyValue, ResourceSpec } from './contract';
import { parseResourceProperties } from './parse';
import { INSTANCE_ARN } from './validate';

/** Requests per second the handler allows itself per Connect operation. */
export interface ApiRates {
  readonly DescribeUser: number;
  readonly SearchUsers: number;
  readonly UpdateUserPhoneConfig: number;
  readonly UpdateUserConfig: number;
}

export interface ResolvedResource {
  /** The properties as declared (and validated), for what is passed on as it came. */
  readonly spec: ResourceSpec;
  /** The instance's id, from its ARN. */
  readonly instanceId: string;
  readonly perChannelWrites: boolean;
  readonly skipMissingUsers: boolean;
  readonly removalPolicy: RemovalPolicyValue;
  readonly rates: ApiRates;
}

/** Connect's default quotas (the contract's DEFAULT_RATES) per operation. */
export const DEFAULT_API_RATES: ApiRates = ratesFor({});

/**
 * The defaults for properties a construct left out. `PerChannelWrites` absent means a construct
 * from before the option, which wrote with UpdateUserPhoneConfig only: that stays its meaning.
 */
export function resolveResource(spec: ResourceSpec): ResolvedResource {
  return {
    spec,
    instanceId: (INSTANCE_ARN.exec(spec.InstanceArn) as RegExpExecArray)[1],
    perChannelWrites: spec.PerChannelWrites ?? false,
    skipMissingUsers: spec.SkipMissingUsers ?? false,
    removalPolicy: spec.RemovalPolicy ?? 'retain',
    rates: ratesFor(spec),
  };
}

/** Parses, validates and resolves `ResourceProperties` as CloudFormation delivers them. */
export function parseResource(raw: unknown): ResolvedResource {
  return resolveResource(parseResourceProperties(raw));
}

/** The rates a resource asks for: its declared ones, Connect's defaults for the rest. */
export function ratesFor(spec: Pick<ResourceSpec, 'WritesPerSecond' | 'DescribeUsersPerSecond' | 'SearchUsersPerSecond'>): ApiRates {
  const writes = spec.WritesPerSecond ?? DEFAULT_RATES.writesPerSecond;
  return {
    DescribeUser: spec.DescribeUsersPerSecond ?? DEFAULT_RATES.describeUsersPerSecond,
    SearchUsers: spec.SearchUsersPerSecond ?? DEFAULT_RATES.searchUsersPerSecond,
    UpdateUserPhoneConfig: writes,
    UpdateUserConfig: writes,
  };
}
