import { AssemblyStack } from '../../../lib/assembly/cloud-assembly';
import { PlanInputError, partitionOf, pseudoParameters, resolveResourceSpec, stackTarget } from '../../../lib/cli/resource-spec';
import { ACCOUNT, INSTANCE_ID, REGION, USER_ID, instanceArnJoin } from '../../fixtures/stacks';

function stack(account = ACCOUNT, region = REGION): AssemblyStack {
  return { stackName: 'Stack', artifactId: 'Stack', templateFile: 'Stack.template.json', template: { Resources: {} }, account, region, fileAssets: [] };
}

const PROPERTIES = {
  ServiceToken: { 'Fn::GetAtt': ['ProviderframeworkonEvent', 'Arn'] },
  Version: '1',
  InstanceArn: instanceArnJoin(),
  Users: [{ UserId: USER_ID, PhoneConfig: { AutoAccept: true, AfterContactWorkTimeLimit: 30 } }],
  SkipMissingUsers: true,
};

describe('Function: stackTarget', () => {
  it('should take the manifest environment, overridden by flags', () => {
    expect(stackTarget(stack(), {}, {})).toEqual({ account: ACCOUNT, region: REGION });
    expect(stackTarget(stack(), { account: '999999999999', region: 'eu-west-1' }, {})).toEqual({ account: '999999999999', region: 'eu-west-1' });
  });

  it('should leave an agnostic account unknown and take the region from AWS_REGION', () => {
    expect(stackTarget(stack('unknown-account', 'unknown-region'), {}, { AWS_REGION: 'eu-central-1' })).toEqual({ account: undefined, region: 'eu-central-1' });
  });
});

describe('Function: resolveResourceSpec', () => {
  it('should resolve, stringify and parse the properties as the handler receives them', () => {
    // Act
    const spec = resolveResourceSpec({ logicalId: 'Alice', properties: PROPERTIES }, pseudoParameters(stack(), { account: ACCOUNT, region: REGION }));

    // Assess
    expect(spec).toEqual({
      Version: '1',
      InstanceArn: `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${INSTANCE_ID}`,
      Users: [{ UserId: USER_ID, PhoneConfig: { AutoAccept: true, AfterContactWorkTimeLimit: 30 } }],
      SkipMissingUsers: true,
      DesiredStateObject: undefined,
    });
  });

  it('should fail when an agnostic stack needs the account', () => {
    // Prepare
    const properties = { ...PROPERTIES, InstanceArn: { 'Fn::Sub': `arn:\${AWS::Partition}:connect:\${AWS::Region}:\${AWS::AccountId}:instance/${INSTANCE_ID}` } };
    const params = pseudoParameters(stack('unknown-account', 'unknown-region'), { region: REGION });

    // Act / Assess
    expect(() => resolveResourceSpec({ logicalId: 'Alice', properties }, params)).toThrow(PlanInputError);
    expect(() => resolveResourceSpec({ logicalId: 'Alice', properties }, params)).toThrow('stack Stack is environment-agnostic and its account is only known at deploy time; pass --account.');
  });

  it('should fail when a property is only known after deployment', () => {
    // Prepare
    const properties = { ...PROPERTIES, InstanceArn: { 'Fn::GetAtt': ['ConnectInstance', 'Arn'] } };

    // Act / Assess
    expect(() => resolveResourceSpec({ logicalId: 'Alice', properties }, pseudoParameters(stack(), { account: ACCOUNT, region: REGION })))
      .toThrow(/cannot resolve the properties of Alice: cannot resolve ConnectInstance.Arn: it is only known after a real deployment\. .*declare the instance by id or ARN/);
  });

  it('should fail with the handler validator message when a value is invalid', () => {
    const properties = { ...PROPERTIES, Users: [{ UserId: USER_ID, PhoneConfig: { AfterContactWorkTimeLimit: 'soon' } }] };
    expect(() => resolveResourceSpec({ logicalId: 'Alice', properties }, pseudoParameters(stack(), { account: ACCOUNT, region: REGION }))).toThrow(/afterContactWorkTimeLimit/);
  });
});

describe('Function: partitionOf', () => {
  it.each([['us-east-1', 'aws'], ['cn-north-1', 'aws-cn'], ['us-gov-west-1', 'aws-us-gov']])('should map %s to %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});
