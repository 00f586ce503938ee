import { MAX_PARTS, partCapacity, partOf, splitIntoParts } from '../../../lib/core/fleet-parts';

const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `id:agent-${from + i}`);
const same = (k: string) => k;

describe('Function: splitIntoParts', () => {
  it('should keep users that fit one part together, in declaration order', () => {
    // Act
    const parts = splitIntoParts(keys(10), same, 10);

    // Assess
    expect(parts).toEqual([keys(10)]);
  });

  it('should split into the fewest parts of at most `capacity`, each in declaration order, losing and repeating nobody', () => {
    // Act
    const parts = splitIntoParts(keys(20_000), same, partCapacity(6_040)) as string[][];

    // Assess: 20,000 users at 5,436 a part fit four parts
    expect(parts).toHaveLength(4);
    expect(parts.every((p) => p.length <= 5_436 && p.length > 4_500)).toBe(true);
    expect(parts.flat().sort()).toEqual(keys(20_000).sort());
    const position = new Map(keys(20_000).map((k, i) => [k, i]));
    for (const part of parts) expect(part.every((k, i) => i === 0 || (position.get(k) as number) > (position.get(part[i - 1]) as number))).toBe(true);
  });

  it('should give each user the same part on every split of the same users, whatever their order', () => {
    // Prepare
    const users = keys(3_000);
    const shuffled = [...users].reverse();

    // Act
    const first = splitIntoParts(users, same, 1_000) as string[][];
    const again = splitIntoParts(shuffled, same, 1_000) as string[][];

    // Assess
    expect(again.map((p) => [...p].sort())).toEqual(first.map((p) => [...p].sort()));
  });

  it('should move only the users the new part wins when the fleet grows into one more part', () => {
    // Prepare: 4 parts, then 20% more users need a fifth
    const before = splitIntoParts(keys(8_000), same, 2_200) as string[][];
    const after = splitIntoParts(keys(10_000), same, 2_200) as string[][];
    const partBefore = new Map(before.flatMap((p, i) => p.map((k) => [k, i] as const)));

    // Act
    const moved = after.flatMap((p, i) => p.filter((k) => partBefore.has(k) && partBefore.get(k) !== i));

    // Assess: every user that moved went to the new part, and far fewer than `hash mod P` would move (about 4 in 5)
    expect(before).toHaveLength(4);
    expect(after).toHaveLength(5);
    expect(moved.every((k) => after[4].includes(k))).toBe(true);
    expect(moved.length).toBeLessThan(8_000 * 0.3);
  });

  it('should answer undefined when even the most parts cannot hold the users', () => {
    // Act / Assess
    expect(splitIntoParts(keys(MAX_PARTS * 10 + 1), same, 10)).toBeUndefined();
  });
});

describe('Function: partOf', () => {
  it('should be a pure function of the key and the count, within range', () => {
    // Act
    const parts = keys(1_000).map((k) => partOf(k, 7));

    // Assess
    expect(keys(1_000).map((k) => partOf(k, 7))).toEqual(parts);
    expect(new Set(parts)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
    expect(partOf('id:x', 1)).toBe(0);
  });
});

describe('Function: partCapacity', () => {
  it('should fill a part to 90% of what one resource can write, at least one user', () => {
    // Act / Assess
    expect(partCapacity(6_040)).toBe(5_436);
    expect(partCapacity(0)).toBe(1);
  });
});
