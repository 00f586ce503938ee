import { isAllowed, wildcardMatch } from '../../../lib/testing/iam-policy';

const AGENT = 'arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/u-1';

describe('isAllowed', () => {
  it('should allow an action on a resource a statement names, with IAM wildcards', () => {
    const doc = { Statement: [{ Effect: 'Allow', Action: ['connect:DescribeUser'], Resource: 'arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/*' }] };
    expect(isAllowed([doc], 'connect:DescribeUser', AGENT)).toBe(true);
    expect(isAllowed([doc], 'connect:describeuser', AGENT)).toBe(true);
    expect(isAllowed([doc], 'connect:UpdateUserPhoneConfig', AGENT)).toBe(false);
    expect(isAllowed([doc], 'connect:DescribeUser', AGENT.replace('i-1', 'i-2'))).toBe(false);
  });

  it('should deny by default and let an explicit Deny win over any Allow', () => {
    const allow = { Statement: { Effect: 'Allow', Action: 'connect:*', Resource: '*' } };
    const deny = { Statement: [{ Effect: 'Deny', Action: 'connect:UpdateUserPhoneConfig', Resource: AGENT }] };
    expect(isAllowed([], 'connect:DescribeUser', AGENT)).toBe(false);
    expect(isAllowed([allow, deny], 'connect:DescribeUser', AGENT)).toBe(true);
    expect(isAllowed([allow, deny], 'connect:UpdateUserPhoneConfig', AGENT)).toBe(false);
  });

  it('should never match statements it does not model (conditions, NotAction), so it cannot allow too much', () => {
    const conditional = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] };
    expect(isAllowed([conditional], 'connect:DescribeUser', AGENT)).toBe(false);
  });
});

describe('wildcardMatch', () => {
  it('should treat ? as one character and regular-expression characters literally', () => {
    expect(wildcardMatch('a?c', 'abc', false)).toBe(true);
    expect(wildcardMatch('a?c', 'abbc', false)).toBe(false);
    expect(wildcardMatch('a.c', 'abc', false)).toBe(false);
    expect(wildcardMatch('arn:*:s3:::b/(x)', 'arn:aws:s3:::b/(x)', false)).toBe(true);
  });
});
