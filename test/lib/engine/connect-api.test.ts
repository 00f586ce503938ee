import { DEFAULT_API_RATES, ratesFor } from '../../../lib/engine/connect-api';

describe('Function: ratesFor', () => {
  it('should use Connect\'s default quotas when a resource declares no rate', () => {
    // Act / Assess
    expect(ratesFor({})).toEqual(DEFAULT_API_RATES);
    expect(DEFAULT_API_RATES).toEqual({ DescribeUser: 10, SearchUsers: 2, UpdateUserPhoneConfig: 2, UpdateUserConfig: 2 });
  });

  it('should pace each operation at the rate the resource declares for it, writes sharing writesPerSecond', () => {
    // Act
    const rates = ratesFor({ WritesPerSecond: 5, DescribeUsersPerSecond: 40, SearchUsersPerSecond: 8 });

    // Assess
    expect(rates).toEqual({ DescribeUser: 40, SearchUsers: 8, UpdateUserPhoneConfig: 5, UpdateUserConfig: 5 });
  });
});
