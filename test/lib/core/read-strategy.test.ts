import { DESCRIBE_EACH_MAX, usesSearch } from '../../../lib/core/read-strategy';
import { userId } from '../../fixtures/events';

describe('Function: usesSearch', () => {
  it('should not search when at most 10 users are named by id', () => {
    // Act / Assess
    expect(usesSearch(Array.from({ length: DESCRIBE_EACH_MAX }, (_, i) => ({ UserId: userId(i) })))).toBe(false);
  });

  it('should search when more than 10 users are named by id', () => {
    // Act / Assess
    expect(usesSearch(Array.from({ length: DESCRIBE_EACH_MAX + 1 }, (_, i) => ({ UserId: userId(i) })))).toBe(true);
  });

  it('should search when any user is named by username', () => {
    // Act / Assess
    expect(usesSearch([{ UserId: userId(1) }, { UserId: undefined }])).toBe(true);
  });
});
