import { EVENT_BUDGET_SECONDS, HANDLER_TIMEOUT_SECONDS, INVOCATION_SAFETY_MARGIN_SECONDS, SERVICE_TIMEOUT_SECONDS } from '../../../lib/core/contract';
import { QUERY_INTERVAL_SECONDS, deployBound, writableSeconds } from '../../../lib/core/deploy-budget';

describe('deployBound', () => {
  it('should count the event budget less each pass\'s margin and pause, within CloudFormation\'s hour', () => {
    const passes = Math.ceil(EVENT_BUDGET_SECONDS / HANDLER_TIMEOUT_SECONDS);
    expect(writableSeconds()).toBe(EVENT_BUDGET_SECONDS - passes * (INVOCATION_SAFETY_MARGIN_SECONDS + QUERY_INTERVAL_SECONDS));
    expect(EVENT_BUDGET_SECONDS).toBeLessThan(SERVICE_TIMEOUT_SECONDS);
  });

  it('should fit a fleet that can be written at the declared rate, and refuse one that cannot, with the maximum', () => {
    const atDefaults = deployBound(6_040, {});
    expect(atDefaults).toMatchObject({ fits: true, maxUsers: 6_040, usersPerSecond: 2 });
    expect(deployBound(6_041, {}).fits).toBe(false);
    expect(deployBound(20_000, {})).toMatchObject({ fits: false, neededSeconds: 10_000 });
  });

  it('should be bound by the slower of writes and the DescribeUser confirm each write needs', () => {
    expect(deployBound(1, { writesPerSecond: 50, describeUsersPerSecond: 10 }).usersPerSecond).toBe(10);
    expect(deployBound(1, { writesPerSecond: 5, describeUsersPerSecond: 10 }).usersPerSecond).toBe(5);
  });
});
