import { TokenBucket, mulberry32 } from '../../../lib/testing';
import { FaultInjector } from '../../../lib/testing/faults';
import { compileUserSearch } from '../../../lib/testing/search';
import { QuotaTable } from '../../../lib/testing/quotas';

describe('TokenBucket', () => {
  it('should allow the burst and then refill at the rate when time passes', () => {
    // Prepare
    const bucket = new TokenBucket(2, 5, 0);

    // Act
    const burst = Array.from({ length: 6 }, () => bucket.tryTake(0));
    const afterHalfSecond = bucket.tryTake(500);
    const immediatelyAgain = bucket.tryTake(500);

    // Assess
    expect(burst).toEqual([true, true, true, true, true, false]);
    expect(afterHalfSecond).toBe(true);
    expect(immediatelyAgain).toBe(false);
  });

  it('should never exceed the burst when idle for a long time', () => {
    // Prepare
    const bucket = new TokenBucket(2, 5, 0);

    // Act
    const available = bucket.available(3_600_000);

    // Assess
    expect(available).toBe(5);
  });
});

describe('QuotaTable', () => {
  it('should reject a non-positive quotaScale when constructed', () => {
    // Act
    const act = (): QuotaTable => new QuotaTable({ quotaScale: 0 }, 0);

    // Assess
    expect(act).toThrow(/quotaScale/);
  });
});

describe('faults', () => {
  it('should generate the same numbers when mulberry32 gets the same seed', () => {
    // Prepare
    const a = mulberry32(123);
    const b = mulberry32(123);

    // Act
    const seqA = Array.from({ length: 5 }, a);
    const seqB = Array.from({ length: 5 }, b);

    // Assess
    expect(seqA).toEqual(seqB);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('should reject probabilities outside 0..1 when configured', () => {
    // Act
    const act = (): FaultInjector => new FaultInjector({ throttleProbability: 1.5 });

    // Assess
    expect(act).toThrow(/throttleProbability/);
  });
});

describe('compileUserSearch', () => {
  const users = [
    { id: 'a', username: 'ann', firstName: 'Ann' },
    { id: 'b', username: 'ben' },
    { id: 'c', username: 'cat', lastName: 'Cole' },
  ];
  const run = (criteria: unknown): string[] => {
    const m = compileUserSearch(criteria);
    return users.filter(m.test).map((u) => u.id);
  };

  it('should narrow candidates to ids when the criteria are an OR of resourceId conditions', () => {
    // Act
    const m = compileUserSearch({
      OrConditions: ['a', 'c'].map((id) => ({ StringCondition: { FieldName: 'resourceId', Value: id, ComparisonType: 'EXACT' } })),
    });

    // Assess
    expect([...(m.candidateIds ?? [])]).toEqual(['a', 'c']);
    expect(users.filter(m.test).map((u) => u.id)).toEqual(['a', 'c']);
  });

  it('should treat an empty OR as matching nothing and an empty AND as matching everything', () => {
    // Act & Assess
    expect(run({ OrConditions: [] })).toEqual([]);
    expect(run({ AndConditions: [] })).toEqual(['a', 'b', 'c']);
  });

  it('should not match users lacking the field when searching by a name they do not have', () => {
    // Act & Assess
    expect(run({ StringCondition: { FieldName: 'LastName', Value: 'C', ComparisonType: 'STARTS_WITH' } })).toEqual(['c']);
  });

  it('should AND the members of one criteria object when several are present', () => {
    // Act
    const ids = run({
      StringCondition: { FieldName: 'Username', Value: 'n', ComparisonType: 'CONTAINS' },
      OrConditions: [{ StringCondition: { FieldName: 'resourceId', Value: 'b', ComparisonType: 'EXACT' } }],
    });

    // Assess
    expect(ids).toEqual(['b']);
  });

  it('should refuse unsupported conditions with InvalidRequestException when a ListCondition is sent', () => {
    // Act
    const act = (): unknown => compileUserSearch({ ListCondition: { TargetListType: 'PROFICIENCIES', Conditions: [] } });

    // Assess
    expect(act).toThrow(expect.objectContaining({ name: 'InvalidRequestException' }));
  });
});
