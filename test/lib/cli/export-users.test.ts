import { ConnectClient, DescribeUserCommand, SearchUsersCommand } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { ExportArgs } from '../../../lib/cli/args';
import { exportUsers } from '../../../lib/cli/export-users';

const connect = mockClient(ConnectClient);
const INSTANCE = 'e4907700-0000-4000-8000-0000000000e1';
const ARGS: ExportArgs = {
  command: 'export', instanceId: INSTANCE, filters: { withChildGroups: false, tags: [] }, format: 'json', includePhoneNumbers: false, searchUsersPerSecond: 1000,
};

/** A SearchUsers summary: legacy ACW in milliseconds (documented), VOICE per-channel ACW as given. */
function summary(id: string, username: string, legacyMs: number, voiceAcw: number) {
  return {
    Id: id, Username: username,
    PhoneConfig: { PhoneType: 'SOFT_PHONE' as const, AutoAccept: false, AfterContactWorkTimeLimit: legacyMs },
    AfterContactWorkConfigs: [{ Channel: 'VOICE' as const, AfterContactWorkConfig: { AfterContactWorkTimeLimit: voiceAcw } }],
  };
}

describe('Function: exportUsers', () => {
  beforeEach(() => connect.reset());

  it('should trust SearchUsers where its units agree, and read a user again with DescribeUser where they do not', async () => {
    // Prepare: ann's per-channel ACW matches her legacy ACW (30 s); ben's looks like milliseconds.
    connect.on(SearchUsersCommand).resolvesOnce({ Users: [summary('u-ben', 'ben', 45000, 45000), summary('u-ann', 'ann', 30000, 30)], NextToken: 'next', ApproximateTotalCount: 3 })
      .resolvesOnce({ Users: [summary('u-cat', 'cat', 0, 0)], ApproximateTotalCount: 3 });
    connect.on(DescribeUserCommand, { UserId: 'u-ben' }).resolves({
      User: { Id: 'u-ben', Username: 'ben', PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 45 }, AfterContactWorkConfigs: [{ Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 45 } }] },
    });
    const progress: Array<[number, number]> = [];

    // Act
    const result = await exportUsers(new ConnectClient({ region: 'us-east-1' }), ARGS, (read, total) => progress.push([read, total]));

    // Assess
    expect(result.confirmed).toBe(1);
    expect(result.users.map((u) => [u.username, u.afterContactWorkTimeLimit])).toEqual([['ann', 30], ['ben', 45], ['cat', 0]]);
    expect(connect.commandCalls(DescribeUserCommand).map((c) => c.args[0].input.UserId)).toEqual(['u-ben']);
    expect(connect.commandCalls(SearchUsersCommand).map((c) => c.args[0].input)).toEqual([
      { InstanceId: INSTANCE, MaxResults: 500, NextToken: undefined },
      { InstanceId: INSTANCE, MaxResults: 500, NextToken: 'next' },
    ]);
    expect(progress).toEqual([[2, 3], [3, 3]]);
  });

  it('should send the filters as SearchCriteria and SearchFilter', async () => {
    // Prepare
    connect.on(SearchUsersCommand).resolves({ Users: [] });

    // Act
    await exportUsers(new ConnectClient({ region: 'us-east-1' }), { ...ARGS, filters: { routingProfileId: 'rp', withChildGroups: false, tags: [{ key: 'team', value: 'sales' }] } }, () => undefined);

    // Assess
    expect(connect.commandCalls(SearchUsersCommand)[0].args[0].input).toMatchObject({
      SearchCriteria: { StringCondition: { FieldName: 'RoutingProfileId', Value: 'rp', ComparisonType: 'EXACT' } },
      SearchFilter: { TagFilter: { TagCondition: { TagKey: 'team', TagValue: 'sales' } } },
    });
  });
});
