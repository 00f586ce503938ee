import { physicalResourceId } from '../../../lib/engine/physical-id';
import { INSTANCE_ID, userId } from '../../fixtures/events';

describe('Function: physicalResourceId', () => {
  it('should name the instance and the user when there is one user', () => {
    // Act / Assess
    expect(physicalResourceId(INSTANCE_ID, [{ UserId: userId(1).toUpperCase() }])).toBe(`${INSTANCE_ID}/id:${userId(1)}`);
    expect(physicalResourceId(INSTANCE_ID, [{ Username: 'alice' }])).toBe(`${INSTANCE_ID}/username:alice`);
  });

  it('should be the same when the same users are declared in another order', () => {
    // Act
    const a = physicalResourceId(INSTANCE_ID, [{ UserId: userId(1) }, { Username: 'bob' }, { UserId: userId(2) }]);
    const b = physicalResourceId(INSTANCE_ID, [{ UserId: userId(2) }, { UserId: userId(1) }, { Username: 'bob' }]);

    // Assess
    expect(a).toBe(b);
    expect(a).toMatch(new RegExp(`^${INSTANCE_ID}/users-3-[0-9a-f]{20}$`));
  });

  it('should change when a user or the instance changes', () => {
    // Prepare
    const base = physicalResourceId(INSTANCE_ID, [{ UserId: userId(1) }, { UserId: userId(2) }]);

    // Act
    const otherUser = physicalResourceId(INSTANCE_ID, [{ UserId: userId(1) }, { UserId: userId(3) }]);
    const otherInstance = physicalResourceId('22222222-2222-4333-8444-555555555555', [{ UserId: userId(1) }, { UserId: userId(2) }]);
    const single = physicalResourceId(INSTANCE_ID, [{ UserId: userId(1) }]);

    // Assess
    expect(new Set([base, otherUser, otherInstance, single]).size).toBe(4);
  });

  it('should stay short when there are 10,000 users or a long username', () => {
    // Act
    const many = physicalResourceId(INSTANCE_ID, Array.from({ length: 10_000 }, (_, i) => ({ UserId: userId(i) })));
    const long = physicalResourceId(INSTANCE_ID, [{ Username: 'a'.repeat(300) }]);

    // Assess
    expect(Buffer.byteLength(many)).toBeLessThanOrEqual(100);
    expect(long).toMatch(/\/users-1-[0-9a-f]{20}$/);
  });
});
