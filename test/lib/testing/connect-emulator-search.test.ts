import { ConnectClient, SearchUsersCommand, SearchUsersCommandInput, UserSearchSummary } from '@aws-sdk/client-connect';
import { ConnectEmulator } from '../../../lib/testing';
import { captureError, connectClient, startWithClient, stopWithClient } from '../../fixtures/emulator-clients';

describe('ConnectEmulator SearchUsers', () => {
  let emulator: ConnectEmulator;
  let client: ConnectClient;
  let instanceId: string;
  const ids: Record<string, string> = {};

  const search = (input: Omit<SearchUsersCommandInput, 'InstanceId'>, instance = instanceId) =>
    client.send(new SearchUsersCommand({ InstanceId: instance, ...input }));
  const names = (users: UserSearchSummary[] | undefined): string[] => (users ?? []).map((u) => u.Username ?? '');

  beforeAll(async () => {
    ({ emulator, client } = await startWithClient(connectClient));
    instanceId = emulator.createInstance();
    const people: Array<[string, string, string]> = [
      ['carol.smith', 'Carol', 'Smith'],
      ['alice.jones', 'Alice', 'Jones'],
      ['bob.smith', 'Bob', 'Smith'],
      ['alice.brown', 'Alice', 'Brown'],
    ];
    for (const [username, firstName, lastName] of people) {
      ids[username] = emulator.createUser(instanceId, {
        username, firstName, lastName,
        phoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 30 },
      });
    }
  });

  afterAll(() => stopWithClient(emulator, client));

  it('should return every user sorted by username when there are no criteria', async () => {
    // Act
    const out = await search({});

    // Assess
    expect(names(out.Users)).toEqual(['alice.brown', 'alice.jones', 'bob.smith', 'carol.smith']);
    expect(out.ApproximateTotalCount).toBe(4);
    expect(out.NextToken).toBeUndefined();
  });

  it.each([
    ['EXACT', 'bob.smith', ['bob.smith']],
    ['STARTS_WITH', 'alice', ['alice.brown', 'alice.jones']],
    ['CONTAINS', 'smith', ['bob.smith', 'carol.smith']],
  ] as const)('should match usernames with %s when searching by Username', async (comparison, value, expected) => {
    // Act
    const out = await search({ SearchCriteria: { StringCondition: { FieldName: 'Username', Value: value, ComparisonType: comparison } } });

    // Assess
    expect(names(out.Users)).toEqual(expected);
  });

  it.each(['resourceId', 'ResourceId'])('should find a user by id when FieldName is %s', async (fieldName) => {
    // Act
    const out = await search({ SearchCriteria: { StringCondition: { FieldName: fieldName, Value: ids['bob.smith'], ComparisonType: 'EXACT' } } });

    // Assess
    expect(out.Users?.map((u) => u.Id)).toEqual([ids['bob.smith']]);
  });

  it('should combine nested OR and AND conditions when criteria are nested', async () => {
    // Prepare: (FirstName = Alice AND LastName = Jones) OR LastName = Smith
    const criteria = {
      OrConditions: [
        {
          AndConditions: [
            { StringCondition: { FieldName: 'FirstName', Value: 'Alice', ComparisonType: 'EXACT' as const } },
            { StringCondition: { FieldName: 'LastName', Value: 'Jones', ComparisonType: 'EXACT' as const } },
          ],
        },
        { StringCondition: { FieldName: 'LastName', Value: 'Smith', ComparisonType: 'EXACT' as const } },
      ],
    };

    // Act
    const out = await search({ SearchCriteria: criteria });

    // Assess
    expect(names(out.Users)).toEqual(['alice.jones', 'bob.smith', 'carol.smith']);
  });

  it('should report PhoneConfig ACW in milliseconds but per-channel ACW in seconds when searching', async () => {
    // Act
    const out = await search({ SearchCriteria: { StringCondition: { FieldName: 'Username', Value: 'carol.smith', ComparisonType: 'EXACT' } } });

    // Assess
    const user = out.Users?.[0];
    expect(user?.PhoneConfig?.AfterContactWorkTimeLimit).toBe(30_000);
    expect(user?.AfterContactWorkConfigs?.map((c) => c.AfterContactWorkConfig?.AfterContactWorkTimeLimit)).toEqual([30, 30, 30, 30]);
    expect(user?.IdentityInfo).toEqual({ FirstName: 'Carol', LastName: 'Smith' });
    expect(user?.Arn).toBe(emulator.userArn(instanceId, ids['carol.smith']));
    expect(user?.AutoAcceptConfigs).toHaveLength(4);
    expect(user?.PhoneNumberConfigs).toEqual([{ Channel: 'VOICE', PhoneType: 'SOFT_PHONE' }]);
    expect(user?.PersistentConnectionConfigs).toEqual([{ Channel: 'VOICE', PersistentConnection: false }]);
    expect(user?.VoiceEnhancementConfigs).toEqual([{ Channel: 'VOICE', VoiceEnhancementMode: 'NONE' }]);
    expect(user?.RoutingProfileId).toEqual(expect.any(String));
  });

  it('should answer InvalidParameterException when MaxResults is 501', async () => {
    // Act
    const err = await captureError(search({ MaxResults: 501 }));

    // Assess
    expect(err.name).toBe('InvalidParameterException');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toContain('MaxResults');
  });

  it('should answer InvalidParameterException when the field name is unknown', async () => {
    // Act
    const err = await captureError(search({ SearchCriteria: { StringCondition: { FieldName: 'Shoe', Value: 'x', ComparisonType: 'EXACT' } } }));

    // Assess
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toContain('FieldName');
  });

  it('should answer InvalidParameterException when NextToken is forged', async () => {
    // Act
    const err = await captureError(search({ NextToken: 'not-a-token' }));

    // Assess
    expect(err.name).toBe('InvalidParameterException');
  });

  it('should answer ResourceNotFoundException when the instance is unknown', async () => {
    // Act
    const err = await captureError(search({}, 'missing-instance'));

    // Assess
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });
});

describe('ConnectEmulator SearchUsers at scale', () => {
  let emulator: ConnectEmulator;
  let client: ConnectClient;

  beforeAll(async () => {
    ({ emulator, client } = await startWithClient(connectClient));
  });

  afterAll(() => stopWithClient(emulator, client));

  it('should page 1,200 users in three pages without gaps when MaxResults is 500', async () => {
    // Prepare
    const instanceId = emulator.createInstance();
    const created = new Set<string>();
    for (let i = 0; i < 1200; i++) created.add(emulator.createUser(instanceId, { username: `agent-${String(i).padStart(5, '0')}` }));

    // Act
    const pages: UserSearchSummary[][] = [];
    let nextToken: string | undefined;
    let total: number | undefined;
    do {
      const out = await client.send(new SearchUsersCommand({ InstanceId: instanceId, MaxResults: 500, NextToken: nextToken }));
      pages.push(out.Users ?? []);
      nextToken = out.NextToken;
      total = out.ApproximateTotalCount;
    } while (nextToken);

    // Assess
    expect(pages.map((p) => p.length)).toEqual([500, 500, 200]);
    const seen = pages.flat().map((u) => u.Username ?? '');
    expect(seen).toEqual([...seen].sort());
    expect(new Set(pages.flat().map((u) => u.Id))).toEqual(created);
    expect(total).toBe(1200);
  });

  it('should default to 100 results per page when MaxResults is omitted', async () => {
    // Prepare
    const instanceId = emulator.createInstance();
    for (let i = 0; i < 150; i++) emulator.createUser(instanceId, { username: `u${i}` });

    // Act
    const out = await client.send(new SearchUsersCommand({ InstanceId: instanceId }));

    // Assess
    expect(out.Users).toHaveLength(100);
    expect(out.NextToken).toEqual(expect.any(String));
  });

  it('should answer an OR of 500 resourceId conditions over 5,000 users quickly', async () => {
    // Prepare
    const instanceId = emulator.createInstance();
    const all: string[] = [];
    for (let i = 0; i < 5000; i++) all.push(emulator.createUser(instanceId, { username: `big-${i}` }));
    const wanted = all.filter((_, i) => i % 10 === 3);
    const criteria = {
      OrConditions: wanted.map((id) => ({ StringCondition: { FieldName: 'resourceId', Value: id, ComparisonType: 'EXACT' as const } })),
    };

    // Act
    const started = performance.now();
    const responses = [];
    for (let i = 0; i < 5; i++) {
      responses.push(await client.send(new SearchUsersCommand({ InstanceId: instanceId, MaxResults: 500, SearchCriteria: criteria })));
    }
    const elapsed = performance.now() - started;

    // Assess
    const out = responses[0];
    expect(out.Users).toHaveLength(500);
    expect(new Set(out.Users?.map((u) => u.Id))).toEqual(new Set(wanted));
    expect(out.NextToken).toBeUndefined();
    // Most of this is the SDK parsing 500 users; a quadratic emulator would blow well past it.
    expect(elapsed).toBeLessThan(2500);
  });
});

describe('ConnectEmulator SearchUsers by routing profile, security profile, hierarchy group and tag', () => {
  let emulator: ConnectEmulator;
  let client: ConnectClient;
  let instanceId: string;
  const groups: Record<string, string> = {};

  const search = (input: Omit<SearchUsersCommandInput, 'InstanceId'>) => client.send(new SearchUsersCommand({ InstanceId: instanceId, ...input }));
  const names = (users: UserSearchSummary[] | undefined): string[] => (users ?? []).map((u) => u.Username ?? '').sort();

  beforeAll(async () => {
    ({ emulator, client } = await startWithClient(connectClient));
    instanceId = emulator.createInstance();
    // Europe > Dublin > Dublin Sales; Americas.
    groups.europe = emulator.createHierarchyGroup(instanceId, { name: 'Europe' });
    groups.dublin = emulator.createHierarchyGroup(instanceId, { name: 'Dublin', parentGroupId: groups.europe });
    groups.dublinSales = emulator.createHierarchyGroup(instanceId, { name: 'Dublin Sales', parentGroupId: groups.dublin });
    groups.americas = emulator.createHierarchyGroup(instanceId, { name: 'Americas' });
    const agents: Array<[string, string, string, Record<string, string>, string[]]> = [
      ['ann', 'rp-sales', groups.europe, { team: 'sales', site: 'dub' }, ['sp-agent']],
      ['ben', 'rp-sales', groups.dublin, { team: 'sales' }, ['sp-agent', 'sp-supervisor']],
      ['cat', 'rp-support', groups.dublinSales, { team: 'support', site: 'dub' }, ['sp-agent']],
      ['dan', 'rp-support', groups.americas, {}, []],
    ];
    for (const [username, routingProfileId, hierarchyGroupId, tags, securityProfileIds] of agents) {
      emulator.createUser(instanceId, { username, routingProfileId, hierarchyGroupId, tags, securityProfileIds, phoneConfig: { PhoneType: 'SOFT_PHONE' } });
    }
  });

  afterAll(() => stopWithClient(emulator, client));

  it('should match RoutingProfileId and any of the user\'s SecurityProfileIds', async () => {
    // Act
    const byProfile = await search({ SearchCriteria: { StringCondition: { FieldName: 'RoutingProfileId', Value: 'rp-sales', ComparisonType: 'EXACT' } } });
    const bySecurity = await search({ SearchCriteria: { StringCondition: { FieldName: 'SecurityProfileId', Value: 'sp-supervisor', ComparisonType: 'EXACT' } } });

    // Assess
    expect(names(byProfile.Users)).toEqual(['ann', 'ben']);
    expect(names(bySecurity.Users)).toEqual(['ben']);
  });

  it('should match a hierarchy group exactly, or with every group below it', async () => {
    // Act
    const exact = await search({ SearchCriteria: { HierarchyGroupCondition: { Value: groups.dublin, HierarchyGroupMatchType: 'EXACT' } } });
    const withChildren = await search({ SearchCriteria: { HierarchyGroupCondition: { Value: groups.europe, HierarchyGroupMatchType: 'WITH_CHILD_GROUPS' } } });

    // Assess
    expect(names(exact.Users)).toEqual(['ben']);
    expect(names(withChildren.Users)).toEqual(['ann', 'ben', 'cat']);
    expect(exact.Users?.[0].HierarchyGroupId).toBe(groups.dublin);
  });

  it('should filter by tag: one condition, all of a list, or any of several lists', async () => {
    // Act
    const one = await search({ SearchFilter: { TagFilter: { TagCondition: { TagKey: 'team', TagValue: 'sales' } } } });
    const all = await search({ SearchFilter: { TagFilter: { AndConditions: [{ TagKey: 'team', TagValue: 'support' }, { TagKey: 'site', TagValue: 'dub' }] } } });
    const any = await search({ SearchFilter: { TagFilter: { OrConditions: [[{ TagKey: 'team', TagValue: 'support' }], [{ TagKey: 'site', TagValue: 'dub' }]] } } });

    // Assess
    expect(names(one.Users)).toEqual(['ann', 'ben']);
    expect(names(all.Users)).toEqual(['cat']);
    expect(names(any.Users)).toEqual(['ann', 'cat']);
  });

  it('should AND the criteria with the filter', async () => {
    // Act
    const out = await search({
      SearchCriteria: { StringCondition: { FieldName: 'RoutingProfileId', Value: 'rp-support', ComparisonType: 'EXACT' } },
      SearchFilter: { TagFilter: { TagCondition: { TagKey: 'site', TagValue: 'dub' } } },
    });

    // Assess
    expect(names(out.Users)).toEqual(['cat']);
  });

  it('should answer ResourceNotFoundException for a hierarchy group the instance does not have', async () => {
    // Act
    const error = await captureError(search({ SearchCriteria: { HierarchyGroupCondition: { Value: 'no-such-group', HierarchyGroupMatchType: 'WITH_CHILD_GROUPS' } } }));

    // Assess
    expect(error.name).toBe('ResourceNotFoundException');
  });
});
