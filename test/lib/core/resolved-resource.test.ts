import { DEFAULT_API_RATES, parseResource, ratesFor } from '../../../lib/core/resolved-resource';
import { INSTANCE_ID, resourceProps } from '../../fixtures/events';

describe('Function: ratesFor', () => {
  it('should use Connect\'s default quotas when a resource declares no rate', () => {
    // Act / Assess
    expect(ratesFor({})).toEqual(DEFAULT_API_RATES);
    expect(DEFAULT_API_RATES).toEqual({
      DescribeUser: { rate: 10, burst: 10 },
      SearchUsers: { rate: 2, burst: 5 },
      UpdateUserPhoneConfig: { rate: 2, burst: 5 },
      UpdateUserConfig: { rate: 2, burst: 5 },
    });
  });

  it('should pace each operation at the rate the resource declares for it, writes sharing writesPerSecond', () => {
    // Act
    const rates = ratesFor({ WritesPerSecond: 5, DescribeUsersPerSecond: 40, SearchUsersPerSecond: 8, WritesBurst: 12, SearchUsersBurst: 3 });

    // Assess
    expect(rates).toEqual({
      DescribeUser: { rate: 40, burst: 10 },
      SearchUsers: { rate: 8, burst: 3 },
      UpdateUserPhoneConfig: { rate: 5, burst: 12 },
      UpdateUserConfig: { rate: 5, burst: 12 },
    });
  });
});

describe('Function: parseResource', () => {
  const USERS = [{ UserId: '0b8d2c1e-0000-4000-8000-000000000001', PhoneConfig: { AutoAccept: 'true' } }];

  it('should apply every default once: instance id from the ARN, flags off, retain, default rates', () => {
    // Act
    const resource = parseResource(resourceProps(USERS));

    // Assess
    expect(resource).toMatchObject({ instanceId: INSTANCE_ID, perChannelWrites: false, skipMissingUsers: false, removalPolicy: 'retain', rates: DEFAULT_API_RATES });
    expect(resource.spec.Users).toEqual([{ UserId: USERS[0].UserId, PhoneConfig: { AutoAccept: true } }]);
  });

  it('should keep what the construct declared, string-typed as CloudFormation delivers it', () => {
    // Act
    const resource = parseResource(resourceProps(USERS, { PerChannelWrites: 'true', SkipMissingUsers: 'true', RemovalPolicy: 'restore', WritesPerSecond: '4', WritesBurst: '8' }));

    // Assess
    expect(resource).toMatchObject({ perChannelWrites: true, skipMissingUsers: true, removalPolicy: 'restore', rates: { UpdateUserPhoneConfig: { rate: 4, burst: 8 }, UpdateUserConfig: { rate: 4, burst: 8 } } });
  });
});
