/**
 * What `Ref` and `Fn::GetAtt` of a stack's resources resolve to in the local CloudFormation:
 * the names CloudFormation would generate (`<stack>-<logicalId>`) unless the template names the
 * resource, ARNs built from them, and custom resources' physical ids as their handlers returned.
 */
import { createHash } from 'crypto';
import { PseudoParameters, resolveIntrinsics } from '../../assembly/intrinsics';
import { Resources } from './template-graph';

const NAME_PROPERTY: Record<string, string> = {
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Events::Rule': 'Name',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
};

export interface NamingContext {
  readonly stackName: string;
  readonly accountId: string;
  readonly region: string;
  readonly resources: Resources;
  /** Physical ids CloudFormation recorded (custom resources), by logical id. */
  readonly physicalIds: ReadonlyMap<string, string>;
}

/** Pseudo parameters whose `resources` answer any Ref or GetAtt of the stack. */
export function stackParameters(ctx: NamingContext): PseudoParameters {
  const base = { accountId: ctx.accountId, region: ctx.region, stackName: ctx.stackName };
  const resources = new Proxy({} as Record<string, string>, {
    get: (_, key) => (typeof key === 'string' ? resolveName(ctx, key, base) : undefined),
  });
  return { ...base, resources };
}

function resolveName(ctx: NamingContext, key: string, base: PseudoParameters): string | undefined {
  const [logicalId, attribute] = key.split('.');
  const resource = ctx.resources[logicalId];
  if (!resource) return undefined;
  const name = physicalName(ctx, logicalId, base);
  const { accountId: account, region } = ctx;
  switch (resource.Type) {
    case 'AWS::Lambda::Function':
      return attribute ? `arn:aws:lambda:${region}:${account}:function:${name}` : name;
    case 'AWS::IAM::Role':
      return attribute === 'Arn' ? `arn:aws:iam::${account}:role/${name}` : attribute === 'RoleId' ? `AROA${logicalId.toUpperCase().slice(0, 16)}` : name;
    case 'AWS::Logs::LogGroup':
      return attribute ? `arn:aws:logs:${region}:${account}:log-group:${name}:*` : name;
    case 'AWS::StepFunctions::StateMachine':
      return attribute === 'Name' ? name : `arn:aws:states:${region}:${account}:stateMachine:${name}`;
    case 'AWS::SQS::Queue':
      return attribute === 'Arn' ? `arn:aws:sqs:${region}:${account}:${name}` : `https://sqs.${region}.amazonaws.com/${account}/${name}`;
    case 'AWS::SNS::Topic':
      return attribute === 'TopicName' ? name : `arn:aws:sns:${region}:${account}:${name}`;
    case 'AWS::Events::Rule':
      return attribute ? `arn:aws:events:${region}:${account}:rule/${name}` : name;
    default:
      return attribute ? `arn:aws:local:${region}:${account}:${logicalId}/${attribute}` : name;
  }
}

function physicalName(ctx: NamingContext, logicalId: string, base: PseudoParameters): string {
  const recorded = ctx.physicalIds.get(logicalId);
  if (recorded !== undefined) return recorded;
  const resource = ctx.resources[logicalId];
  const property = NAME_PROPERTY[resource.Type];
  const declared = property ? resource.Properties?.[property] : undefined;
  if (declared !== undefined) return String(resolveIntrinsics(declared, stackParameters(ctx)));
  void base;
  const generated = `${ctx.stackName}-${logicalId}`;
  // CloudFormation keeps generated names within 64 characters and unique: a cut name gets a hash.
  return generated.length <= 64 ? generated : `${generated.slice(0, 55)}-${createHash('sha256').update(generated).digest('hex').slice(0, 8)}`;
}
