/**
 * Resolves the CloudFormation intrinsics a synthesized phone-config resource uses (Ref of pseudo
 * parameters, Fn::Join, Fn::Sub, Fn::Select) the way CloudFormation would for a given account and
 * region, and renders properties as CloudFormation delivers them to a custom resource: every
 * scalar a string. Used by the `plan` command and the local CloudFormation in `testing`.
 */

export interface PseudoParameters {
  readonly accountId: string;
  readonly region: string;
  readonly partition?: string;
  readonly stackName?: string;
  readonly urlSuffix?: string;
  /** Values for `Ref` / `Fn::GetAtt` of resources, by `LogicalId` or `LogicalId.Attribute`. */
  readonly resources?: Record<string, string>;
}

export function resolveIntrinsics(value: unknown, params: PseudoParameters): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, params));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = obj[key];
    switch (key) {
      case 'Ref':
        return ref(String(arg), params);
      case 'Fn::GetAtt': {
        const [id, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
        return lookup(`${id}.${attr}`, params);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        return (resolveIntrinsics(parts, params) as unknown[]).map(String).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number | string, unknown];
        return (resolveIntrinsics(list, params) as unknown[])[Number(index)];
      }
      case 'Fn::Sub': {
        const [template, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
        const resolvedVars = resolveIntrinsics(vars, params) as Record<string, unknown>;
        return template.replace(/\$\{([^}!]+)\}/g, (_, name: string) => (name in resolvedVars ? String(resolvedVars[name]) : String(name.includes('.') ? lookup(name, params) : ref(name, params))));
      }
      default:
        if (key.startsWith('Fn::')) throw new Error(`unsupported intrinsic ${key}`);
    }
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveIntrinsics(v, params)]));
}

function ref(name: string, params: PseudoParameters): string {
  switch (name) {
    case 'AWS::AccountId':
      return params.accountId;
    case 'AWS::Region':
      return params.region;
    case 'AWS::Partition':
      return params.partition ?? 'aws';
    case 'AWS::URLSuffix':
      return params.urlSuffix ?? 'amazonaws.com';
    case 'AWS::StackName':
      return params.stackName ?? 'stack';
    default:
      return lookup(name, params);
  }
}

function lookup(name: string, params: PseudoParameters): string {
  const value = params.resources?.[name];
  if (value === undefined) throw new Error(`cannot resolve ${name}: it is only known after a real deployment`);
  return value;
}

/** CloudFormation turns every scalar of custom resource properties into a string. */
export function stringifyScalars(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringifyScalars);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyScalars(v)]));
  }
  return value === null || value === undefined ? value : String(value);
}
