import { SelectorSpec } from '../../../lib/core/contract';
import { agentSearch, resolveSelection, specificity, staticContradictions } from '../../../lib/core/selectors';
import { validateResource } from '../../../lib/core/validate';

const ARN = 'arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555';
const SALES: SelectorSpec = { RoutingProfileId: 'rp-sales', PhoneConfig: { AfterContactWorkTimeLimit: 20, AutoAccept: true } };
const SALES_DUBLIN: SelectorSpec = { RoutingProfileId: 'rp-sales', Tags: { site: 'dub' }, PhoneConfig: { AfterContactWorkTimeLimit: 45 } };
const NIGHT_SHIFT: SelectorSpec = { Tags: { shift: 'night' }, PhoneConfig: { AfterContactWorkTimeLimit: 60 }, Channels: [{ Channel: 'CHAT', AutoAccept: false }] };

describe('Function: resolveSelection', () => {
  it('should give each matched agent the most specific selector\'s value, setting by setting', () => {
    // Act
    const selection = resolveSelection([], [SALES, SALES_DUBLIN], [[{ userId: 'u1', username: 'ann' }, { userId: 'u2', username: 'ben' }], [{ userId: 'u2', username: 'ben' }]]);

    // Assess
    expect(selection.users).toEqual([
      { UserId: 'u1', Username: 'ann', PhoneConfig: { AfterContactWorkTimeLimit: 20, AutoAccept: true } },
      { UserId: 'u2', Username: 'ben', PhoneConfig: { AfterContactWorkTimeLimit: 45, AutoAccept: true } },
    ]);
    expect(selection.matched).toEqual([2, 1]);
    expect(selection.contradictions.size).toBe(0);
  });

  it('should keep what a user declares and complete it with the selectors\' other settings', () => {
    // Act
    const selection = resolveSelection([{ Username: 'ann', PhoneConfig: { AfterContactWorkTimeLimit: 5 } }, { UserId: 'u9', PhoneConfig: { AutoAccept: false } }], [SALES], [[{ userId: 'u1', username: 'ann' }]]);

    // Assess
    expect(selection.users).toEqual([
      { Username: 'ann', PhoneConfig: { AfterContactWorkTimeLimit: 5, AutoAccept: true } },
      { UserId: 'u9', PhoneConfig: { AutoAccept: false } },
    ]);
  });

  it('should fail an agent two equally specific selectors disagree on, naming both, and not one they agree on', () => {
    // Act
    const selection = resolveSelection([], [SALES, NIGHT_SHIFT], [[{ userId: 'u1', username: 'ann' }, { userId: 'u2', username: 'ben' }], [{ userId: 'u1', username: 'ann' }]]);

    // Assess
    expect([...selection.contradictions.keys()]).toEqual(['u1']);
    expect(selection.contradictions.get('u1')).toBe('selectors[0] (routing profile rp-sales) and selectors[1] (tag shift=night) both match and set AfterContactWorkTimeLimit differently (20 and 60). Make one selector more specific, or declare this agent explicitly');
    expect(selection.users.find((u) => u.UserId === 'u1')?.Channels).toEqual([{ Channel: 'CHAT', AutoAccept: false }]);
  });
});

describe('Function: agentSearch', () => {
  it('should AND every criterion as SearchUsers documents them', () => {
    // Act / Assess
    expect(agentSearch({ routingProfileId: 'rp', hierarchyGroupId: 'g', withChildGroups: true, usernamePrefix: 'sales.', tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] })).toEqual({
      SearchCriteria: { AndConditions: [
        { StringCondition: { FieldName: 'RoutingProfileId', Value: 'rp', ComparisonType: 'EXACT' } },
        { HierarchyGroupCondition: { Value: 'g', HierarchyGroupMatchType: 'WITH_CHILD_GROUPS' } },
        { StringCondition: { FieldName: 'Username', Value: 'sales.', ComparisonType: 'STARTS_WITH' } },
      ] },
      SearchFilter: { TagFilter: { AndConditions: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }] } },
    });
    expect(agentSearch({ routingProfileId: 'rp' })).toEqual({ SearchCriteria: { StringCondition: { FieldName: 'RoutingProfileId', Value: 'rp', ComparisonType: 'EXACT' } } });
    expect(specificity(SALES_DUBLIN)).toBe(2);
  });
});

describe('Function: validateResource (selectors)', () => {
  const problems = (selectors: SelectorSpec[]) => validateResource({ Version: '1', InstanceArn: ARN, Users: [], Selectors: selectors }).errors.map((e) => `${e.where}: ${e.message}`);

  it('should accept a fleet of selectors only', () => {
    expect(problems([SALES, SALES_DUBLIN])).toEqual([]);
  });

  it('should name each selector that cannot work, all at once', () => {
    // Act
    const found = problems([
      { PhoneConfig: { AutoAccept: true } },
      { RoutingProfileId: 'rp', PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+15555550100' } },
      { RoutingProfileId: 'rp' },
      { IncludeChildGroups: true, UsernamePrefix: 'x', PhoneConfig: { AutoAccept: true } },
    ]);

    // Assess
    expect(found).toEqual([
      'selectors[0]: selects no agents by anything; give at least one of `routingProfileId`, `hierarchyGroupId`, `tags` or `usernamePrefix`.',
      'selectors[1]: declares a desk phone (DESK_PHONE or a number), which is each agent\'s own; declare desk phones per user instead.',
      'selectors[2]: declares no setting for the agents it selects; add `settings`, e.g. { afterContactWorkTimeLimit: Duration.seconds(30) }.',
      'selectors[3]: `includeChildGroups` is true but no `hierarchyGroupId` is given; name the group whose child groups to include.',
    ]);
  });

  it('should fail at synth two selectors of the same agents that disagree', () => {
    // Act
    const found = staticContradictions([SALES, { RoutingProfileId: 'rp-sales', PhoneConfig: { AutoAccept: false } }]);

    // Assess
    expect(found).toEqual([{ index: 1, message: 'selects the same agents as selectors[0] and sets AutoAccept to false where it sets true; merge the two selectors.' }]);
    expect(problems([SALES, { RoutingProfileId: 'rp-sales', PhoneConfig: { AutoAccept: false } }])).toHaveLength(1);
  });
});

describe('Function: resolveSelection (one setting, two spellings)', () => {
  it('should treat a top-level setting and the same VOICE channel setting as one setting', () => {
    // Prepare: a user's top-level ACW is VOICE's ACW; a selector declaring VOICE's must not add a second value.
    const voiceAcw: SelectorSpec = { RoutingProfileId: 'rp', Channels: [{ Channel: 'VOICE', AfterContactWorkTimeLimit: 90 }] };

    // Act
    const selection = resolveSelection([{ Username: 'ann', PhoneConfig: { AfterContactWorkTimeLimit: 5 } }], [voiceAcw], [[{ userId: 'u1', username: 'ann' }]]);

    // Assess
    expect(selection.users).toEqual([{ Username: 'ann', PhoneConfig: { AfterContactWorkTimeLimit: 5 } }]);
  });
});
