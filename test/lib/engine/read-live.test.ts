import {
  ConnectClient,
  DescribeUserCommand,
  SearchUsersCommand,
  UpdateUserConfigCommand,
  UpdateUserPhoneConfigCommand,
  UserSearchSummary,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { UserSpec } from '../../../lib/core/contract';
import { ConnectApi } from '../../../lib/engine/connect-api';
import { IndexedLookups, readLiveUsers, streamLiveUsers } from '../../../lib/engine/read-live';
import { INSTANCE_ID, SOFT_PHONE_LIVE, describedUser, searchedUser, serviceError, userId } from '../../fixtures/events';
import { UNPACED_RATES } from '../../fixtures/handler-mocks';

const connect = mockClient(ConnectClient);

function api(): ConnectApi {
  return new ConnectApi(new ConnectClient({ region: 'us-east-1' }), INSTANCE_ID, UNPACED_RATES);
}

function byId(n: number): UserSpec {
  return { UserId: userId(n), PhoneConfig: { AutoAccept: true } };
}

describe('Function: readLiveUsers', () => {
  beforeEach(() => {
    connect.reset();
    connect.on(DescribeUserCommand).rejects(new Error('unexpected DescribeUser'));
    connect.on(SearchUsersCommand).rejects(new Error('unexpected SearchUsers'));
    connect.on(UpdateUserPhoneConfigCommand).rejects(new Error('unexpected write'));
    connect.on(UpdateUserConfigCommand).rejects(new Error('unexpected write'));
  });

  it('should read each user with DescribeUser only when at most 10 users are named by id', async () => {
    // Prepare
    const users = Array.from({ length: 10 }, (_, i) => byId(i));
    for (let i = 0; i < 10; i++) {
      connect.on(DescribeUserCommand, { InstanceId: INSTANCE_ID, UserId: userId(i) }).resolves({ User: describedUser(userId(i), SOFT_PHONE_LIVE) });
    }

    // Act
    const lookups = await readLiveUsers(api(), users);

    // Assess
    expect(lookups.map((l) => (l.kind === 'found' ? l.live.UserId : l.kind))).toEqual(users.map((u) => u.UserId));
    expect(lookups.every((l) => l.kind === 'found' && l.live.source === 'DescribeUser')).toBe(true);
    expect(connect).toHaveReceivedCommandTimes(DescribeUserCommand, 10);
    expect(connect).not.toHaveReceivedCommand(SearchUsersCommand);
  });

  it('should report a user missing when DescribeUser says ResourceNotFoundException, and keep other errors', async () => {
    // Prepare
    connect.on(DescribeUserCommand, { UserId: userId(1) }).rejects(serviceError('ResourceNotFoundException', 'User not found', 404));
    connect.on(DescribeUserCommand, { UserId: userId(2) }).rejects(serviceError('ThrottlingException', 'Rate exceeded', 429));

    // Act
    const lookups = await readLiveUsers(api(), [byId(1), byId(2)]);

    // Assess
    expect(lookups[0]).toEqual({ kind: 'missing' });
    expect(lookups[1]).toMatchObject({ kind: 'error', error: { name: 'ThrottlingException' } });
  });

  it('should OR exact resourceId conditions into one SearchUsers call when 11 to 100 users are named by id', async () => {
    // Prepare
    const users = Array.from({ length: 25 }, (_, i) => byId(i));
    connect.on(SearchUsersCommand).resolves({ Users: users.map((u) => searchedUser(u.UserId as string, SOFT_PHONE_LIVE)) });

    // Act
    const lookups = await readLiveUsers(api(), users);

    // Assess
    expect(connect).toHaveReceivedCommandTimes(SearchUsersCommand, 1);
    expect(connect).toHaveReceivedCommandWith(SearchUsersCommand, {
      InstanceId: INSTANCE_ID,
      SearchCriteria: { OrConditions: users.map((u) => ({ StringCondition: { FieldName: 'resourceId', Value: u.UserId, ComparisonType: 'EXACT' } })) },
    });
    expect(connect).not.toHaveReceivedCommand(DescribeUserCommand);
    expect(lookups.every((l) => l.kind === 'found' && l.live.source === 'SearchUsers' && l.live.PhoneConfig.AfterContactWorkTimeLimit === 30)).toBe(true);
  });

  it('should search by exact Username and report an unknown username missing when users are named by username', async () => {
    // Prepare
    connect.on(SearchUsersCommand).resolves({ Users: [searchedUser(userId(1), SOFT_PHONE_LIVE, { username: 'alice' })] });

    // Act
    const lookups = await readLiveUsers(api(), [{ Username: 'alice', PhoneConfig: { AutoAccept: true } }, { Username: 'ghost', PhoneConfig: { AutoAccept: true } }]);

    // Assess
    expect(connect).toHaveReceivedCommandWith(SearchUsersCommand, {
      SearchCriteria: { OrConditions: [
        { StringCondition: { FieldName: 'Username', Value: 'alice', ComparisonType: 'EXACT' } },
        { StringCondition: { FieldName: 'Username', Value: 'ghost', ComparisonType: 'EXACT' } },
      ] },
    });
    expect(lookups[0]).toMatchObject({ kind: 'found', live: { UserId: userId(1), Username: 'alice' } });
    expect(lookups[1]).toEqual({ kind: 'missing' });
    expect(connect).not.toHaveReceivedCommand(DescribeUserCommand);
  });

  it('should send a single condition without OrConditions when one user is named by username', async () => {
    // Prepare
    connect.on(SearchUsersCommand).resolves({ Users: [] });

    // Act
    await readLiveUsers(api(), [{ Username: 'alice', PhoneConfig: { AutoAccept: true } }]);

    // Assess
    expect(connect).toHaveReceivedCommandWith(SearchUsersCommand, { SearchCriteria: { StringCondition: { FieldName: 'Username', Value: 'alice', ComparisonType: 'EXACT' } } });
  });

  it('should confirm with DescribeUser when an id is missing from the search results', async () => {
    // Prepare
    const users = Array.from({ length: 12 }, (_, i) => byId(i));
    connect.on(SearchUsersCommand).resolves({ Users: users.slice(1).map((u) => searchedUser(u.UserId as string, SOFT_PHONE_LIVE)) });
    connect.on(DescribeUserCommand, { InstanceId: INSTANCE_ID, UserId: userId(0) }).resolves({ User: describedUser(userId(0), SOFT_PHONE_LIVE) });

    // Act
    const lookups = await readLiveUsers(api(), users);

    // Assess
    expect(connect).toHaveReceivedCommandTimes(DescribeUserCommand, 1);
    expect(connect).toHaveReceivedCommandWith(DescribeUserCommand, { UserId: userId(0) });
    expect(lookups[0]).toMatchObject({ kind: 'found', live: { UserId: userId(0), source: 'DescribeUser' } });
  });

  it('should scan the whole instance page by page without criteria when more than 100 users are declared', async () => {
    // Prepare
    const users = Array.from({ length: 101 }, (_, i) => byId(i));
    const everyone: UserSearchSummary[] = Array.from({ length: 700 }, (_, i) => searchedUser(userId(i), SOFT_PHONE_LIVE));
    connect.on(SearchUsersCommand, { NextToken: undefined }).resolves({ Users: everyone.slice(0, 500), NextToken: 'page-2' });
    connect.on(SearchUsersCommand, { NextToken: 'page-2' }).resolves({ Users: everyone.slice(500) });

    // Act
    const lookups = await readLiveUsers(api(), users);

    // Assess
    expect(connect).toHaveReceivedCommandTimes(SearchUsersCommand, 2);
    expect(connect).toHaveReceivedNthSpecificCommandWith(1, SearchUsersCommand, { InstanceId: INSTANCE_ID, MaxResults: 500, SearchCriteria: undefined });
    expect(connect).toHaveReceivedNthSpecificCommandWith(2, SearchUsersCommand, { InstanceId: INSTANCE_ID, MaxResults: 500, NextToken: 'page-2', SearchCriteria: undefined });
    expect(connect).not.toHaveReceivedCommand(DescribeUserCommand);
    expect(lookups.every((l) => l.kind === 'found')).toBe(true);
  });

  it('should give every user the error when the search itself fails', async () => {
    // Prepare
    connect.on(SearchUsersCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded', 429));

    // Act
    const lookups = await readLiveUsers(api(), Array.from({ length: 11 }, (_, i) => byId(i)));

    // Assess
    expect(lookups).toHaveLength(11);
    expect(lookups.every((l) => l.kind === 'error' && (l.error as Error).name === 'ThrottlingException')).toBe(true);
  });
});

describe('Function: streamLiveUsers', () => {
  beforeEach(() => {
    connect.reset();
    connect.on(DescribeUserCommand).rejects(new Error('unexpected DescribeUser'));
    connect.on(SearchUsersCommand).rejects(new Error('unexpected SearchUsers'));
  });

  it('should hand over each page\'s users before the next page is asked for, then the ones search did not return', async () => {
    // Prepare: 150 users over two pages; user 149 is not in the index, so DescribeUser confirms it
    const users = Array.from({ length: 150 }, (_, i) => byId(i));
    const batches: IndexedLookups[] = [];
    const pagesAsked: number[] = [];
    connect.on(SearchUsersCommand).callsFake((input: { NextToken?: string }) => {
      pagesAsked.push(batches.length);
      return input.NextToken === undefined
        ? { Users: users.slice(0, 100).map((u) => searchedUser(u.UserId as string, SOFT_PHONE_LIVE)), NextToken: 'page-2' }
        : { Users: users.slice(100, 149).map((u) => searchedUser(u.UserId as string, SOFT_PHONE_LIVE)) };
    });
    connect.on(DescribeUserCommand, { UserId: userId(149) }).resolves({ User: describedUser(userId(149), SOFT_PHONE_LIVE) });

    // Act
    await streamLiveUsers(api(), users, (batch) => batches.push(batch));

    // Assess
    expect(pagesAsked).toEqual([0, 1]);
    expect(batches.map((b) => b.length)).toEqual([100, 49, 1]);
    expect(batches.flat().map(([i]) => i).sort((a, b) => a - b)).toEqual(users.map((_, i) => i));
    expect(batches[2][0][1]).toMatchObject({ kind: 'found', live: { source: 'DescribeUser' } });
  });

  it('should give the users not read yet the error of a failed page, and no user twice', async () => {
    // Prepare
    const users = Array.from({ length: 150 }, (_, i) => byId(i));
    connect.on(SearchUsersCommand)
      .resolvesOnce({ Users: users.slice(0, 100).map((u) => searchedUser(u.UserId as string, SOFT_PHONE_LIVE)), NextToken: 'page-2' })
      .rejects(serviceError('ThrottlingException', 'Rate exceeded', 429));
    const batches: IndexedLookups[] = [];

    // Act
    await streamLiveUsers(api(), users, (batch) => batches.push(batch));

    // Assess
    expect(batches.map((b) => b.length)).toEqual([100, 50]);
    expect(batches[1].every(([i, l]) => i >= 100 && l.kind === 'error')).toBe(true);
  });
});
