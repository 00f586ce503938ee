/**
 * A resource's properties with every default applied, once, where they are parsed. The handler's
 * entry points and the `plan` command run on this; no use site writes `?? default` again.
 */
import { DEFAULT_BURSTS, DEFAULT_RATES, RemovalPolicyValue, ResourceSpec } from './contract';
import { parseResourceProperties } from './parse';
import { INSTANCE_ARN } from './validate';

/** How fast the handler may call one Connect operation: its quota's rate and burst. */
export interface Pace {
  /** Calls per second. */
  readonly rate: number;
  /** Calls let through at once when the quota's bucket is full. */
  readonly burst: number;
}

/** The pace the handler allows itself per Connect operation. */
export interface ApiRates {
  readonly DescribeUser: Pace;
  readonly SearchUsers: Pace;
  readonly UpdateUserPhoneConfig: Pace;
  readonly UpdateUserConfig: Pace;
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

type PaceFields = 'WritesPerSecond' | 'DescribeUsersPerSecond' | 'SearchUsersPerSecond' | 'WritesBurst' | 'DescribeUsersBurst' | 'SearchUsersBurst';

/** The pace a resource asks for: its declared rates and bursts, Connect's defaults for the rest. */
export function ratesFor(spec: Pick<ResourceSpec, PaceFields>): ApiRates {
  const writes = { rate: spec.WritesPerSecond ?? DEFAULT_RATES.writesPerSecond, burst: spec.WritesBurst ?? DEFAULT_BURSTS.writes };
  return {
    DescribeUser: { rate: spec.DescribeUsersPerSecond ?? DEFAULT_RATES.describeUsersPerSecond, burst: spec.DescribeUsersBurst ?? DEFAULT_BURSTS.describeUsers },
    SearchUsers: { rate: spec.SearchUsersPerSecond ?? DEFAULT_RATES.searchUsersPerSecond, burst: spec.SearchUsersBurst ?? DEFAULT_BURSTS.searchUsers },
    UpdateUserPhoneConfig: writes,
    UpdateUserConfig: writes,
  };
}
