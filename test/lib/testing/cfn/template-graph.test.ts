import { dependenciesOf, dependencyOrder } from '../../../../lib/testing/cfn/template-graph';

describe('dependencyOrder', () => {
  it('should put every resource after what it references (DependsOn, Ref, GetAtt, Sub), keeping template order otherwise', () => {
    const resources = {
      Custom: { Type: 'Custom::X', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
      Fn: { Type: 'AWS::Lambda::Function', DependsOn: ['Policy'], Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }], Name: { 'Fn::Sub': '${Other}-${AWS::Region}' } } },
      Role: { Type: 'AWS::IAM::Role' },
      Other: { Type: 'AWS::SQS::Queue' },
    };
    expect(dependencyOrder(resources)).toEqual(['Role', 'Other', 'Policy', 'Fn', 'Custom']);
    expect([...dependenciesOf(resources, 'Policy')].sort()).toEqual(['Other', 'Role']);
  });

  it('should refuse a cycle, naming it', () => {
    const resources = { A: { Type: 'X', Properties: { P: { Ref: 'B' } } }, B: { Type: 'X', DependsOn: 'A' } };
    expect(() => dependencyOrder(resources)).toThrow('circular dependency between resources: A -> B -> A');
  });
});
