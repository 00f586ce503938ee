/**
 * A phone-config resource of the assembly as its handler would receive it: intrinsics resolved
 * for the stack's account and region, every scalar a string, then parsed and validated by the
 * handler's own parser.
 */
import { AssemblyStack, PhoneConfigResourceJson } from '../assembly/cloud-assembly';
import { PseudoParameters, resolveIntrinsics, stringifyScalars } from '../assembly/intrinsics';
import { ResourceSpec } from '../core/contract';
import { parseResourceProperties } from '../core/parse';

/** The account and region a stack is planned for; undefined when neither flags nor manifest say. */
export interface StackTarget {
  readonly account?: string;
  readonly region?: string;
}

/** A resource or stack the plan cannot be made for; the message says how to fix it. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

/**
 * Flags first, then the manifest's `aws://account/region`; an environment-agnostic stack's region
 * falls back to `AWS_REGION` / `AWS_DEFAULT_REGION`, as the CDK CLI would deploy it there.
 */
export function stackTarget(stack: AssemblyStack, flags: StackTarget, env: Readonly<Record<string, string | undefined>>): StackTarget {
  const known = (v: string) => (v === '' || v.startsWith('unknown-') ? undefined : v);
  return {
    account: flags.account ?? known(stack.account),
    region: flags.region ?? known(stack.region) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
  };
}

/**
 * Pseudo parameters for `resolveIntrinsics`. An unknown account or region throws only when a
 * property actually refers to it, with the flag that supplies it.
 */
export function pseudoParameters(stack: AssemblyStack, target: StackTarget): PseudoParameters {
  const need = (value: string | undefined, what: string, flag: string): string => {
    if (value !== undefined) return value;
    throw new PlanInputError(`stack ${stack.stackName} is environment-agnostic and its ${what} is only known at deploy time; pass ${flag}.`);
  };
  return {
    get accountId() {
      return need(target.account, 'account', '--account');
    },
    get region() {
      return need(target.region, 'region', '--region (or set AWS_REGION)');
    },
    get partition() {
      return partitionOf(need(target.region, 'region', '--region (or set AWS_REGION)'));
    },
    stackName: stack.stackName,
  };
}

/** Resolves, stringifies and parses a resource's properties as CloudFormation would deliver them. */
export function resolveResourceSpec(resource: PhoneConfigResourceJson, params: PseudoParameters): ResourceSpec {
  // The service token points at the provider, known only once deployed; the handler ignores it.
  const properties = Object.fromEntries(Object.entries(resource.properties).filter(([key]) => key !== 'ServiceToken'));
  let resolved: unknown;
  try {
    resolved = resolveIntrinsics(properties, params);
  } catch (error) {
    if (error instanceof PlanInputError) throw error;
    throw new PlanInputError(`cannot resolve the properties of ${resource.logicalId}: ${(error as Error).message}. The plan command knows the account, region and partition, not values created by the deployment; declare the instance by id or ARN literal.`);
  }
  return parseResourceProperties(stringifyScalars(resolved));
}

/** The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
