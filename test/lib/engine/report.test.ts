import { MAX_DATA_BYTES, MAX_RESPONSE_BYTES } from '../../../lib/core/contract';
import { UserOutcome } from '../../../lib/engine/reconcile';
import { MAX_REASON_BYTES, buildData, buildFinalData, failureReason, fit, summarize } from '../../../lib/engine/report';
import { DESK_PHONE, INSTANCE_ID as INSTANCE, userId } from '../../fixtures/events';

const bytes = (s: string) => Buffer.byteLength(s);

function changed(n: number): UserOutcome {
  return {
    ref: `user id ${userId(n)}`, userId: userId(n), status: 'changed', api: 'UpdateUserPhoneConfig',
    changes: [{ channel: 'VOICE', field: 'PhoneNumber', from: undefined, to: DESK_PHONE }, { channel: 'VOICE', field: 'AfterContactWorkTimeLimit', from: 30, to: 0 }],
  };
}

function unchangedUser(n: number): UserOutcome {
  return { ref: `user id ${userId(n)}`, userId: userId(n), status: 'unchanged', changes: [] };
}

function failed(n: number): UserOutcome {
  return { ref: `user id ${userId(n)}`, userId: userId(n), status: 'failed', changes: [], reason: `user id ${userId(n)}: InvalidParameterException: bad request for this user, please check it` };
}

describe('Function: fit', () => {
  it('should join every item when they fit the budget exactly', () => {
    // Act / Assess
    expect(fit(['a', 'b', 'c'], ',', 5)).toBe('a,b,c');
  });

  it('should still say how many are left out when the first item alone nearly fills the budget', () => {
    // Act
    const out = fit(['x'.repeat(30), 'y', 'z'], ',', 32);

    // Assess
    expect(out).toBe(`${'x'.repeat(19)}... (+2 more)`);
    expect(bytes(out)).toBeLessThanOrEqual(32);
  });

  it('should cut the list and say how many are left out when the budget is reached', () => {
    // Act
    const out = fit(['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee'], ',', 20);

    // Assess
    expect(out).toBe('aaaa,bbbb (+3 more)');
    expect(bytes(out)).toBeLessThanOrEqual(20);
  });

  it('should append the suffix to the note when one is given', () => {
    // Act / Assess
    expect(fit(['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee'], ' | ', 26, ' (see log)')).toBe('aaaa (+4 more (see log))');
  });

  it('should truncate a single item with an ellipsis when it alone is over budget', () => {
    // Act
    const out = fit(['x'.repeat(50)], ',', 10);

    // Assess
    expect(out).toBe('xxxxxxx...');
  });

  it('should count bytes, not characters, when items are multi-byte', () => {
    // Act
    const out = fit(['é'.repeat(10), 'é'.repeat(10)], ',', 30);

    // Assess
    expect(bytes(out)).toBeLessThanOrEqual(30);
    expect(out).toMatch(/\(\+1 more\)$/);
  });

  it('should return an empty string when there are no items', () => {
    // Act / Assess
    expect(fit([], ',', 10)).toBe('');
  });
});

describe('Function: buildData', () => {
  it('should stay within the Data budget and mask phone numbers when 1,000 users changed', () => {
    // Prepare
    const outcomes = Array.from({ length: 1000 }, (_, i) => changed(i));

    // Act
    const data = buildData(outcomes, true);

    // Assess
    expect(bytes(JSON.stringify(data))).toBeLessThanOrEqual(MAX_DATA_BYTES);
    expect(data.Summary).toBe('1000 users: 1000 changed, 0 unchanged');
    expect(data.ChangedUsers).toMatch(/^0b8d1e9c-.*\(\+\d+ more\)$/);
    expect(data.Changes).toContain(`user id ${userId(0)}: VOICE.phoneNumber: (unset) -> +*********23, VOICE.afterContactWorkTimeLimit: 30 -> 0`);
    expect(JSON.stringify(data)).not.toContain(DESK_PHONE);
    expect(data.Converged).toBe('true');
  });

  it('should list skipped users and report not converged when asked', () => {
    // Prepare
    const outcomes: UserOutcome[] = [changed(1), { ref: 'username ghost', status: 'skipped', changes: [] }, { ref: `user id ${userId(2)}`, userId: userId(2), status: 'unchanged', changes: [] }];

    // Act
    const data = buildData(outcomes, false);

    // Assess
    expect(data).toEqual({
      Summary: '3 users: 1 changed, 1 unchanged, 1 skipped',
      UserIds: `${userId(1)},?,${userId(2)}`,
      ChangedUsers: userId(1),
      ChangedCount: '1',
      Changes: `user id ${userId(1)}: VOICE.phoneNumber: (unset) -> +*********23, VOICE.afterContactWorkTimeLimit: 30 -> 0`,
      SkippedUsers: 'username ghost',
      GoneUsers: '',
      Converged: 'false',
    });
  });
});

describe('Function: failureReason', () => {
  it('should name the failed user and count the failures when one user failed', () => {
    // Act
    const reason = failureReason([changed(1), failed(2), changed(3)], INSTANCE);

    // Assess
    expect(reason).toBe(`1 of 3 users failed. user id ${userId(2)}: InvalidParameterException: bad request for this user, please check it 2 users were changed by this deployment; CloudFormation's rollback returns them to the previous declaration.`);
  });

  it('should say "1 of 1 user failed" and that nothing else changed when the only user failed', () => {
    // Act
    const reason = failureReason([failed(1)], INSTANCE, { requestType: 'Create', log: { group: '/aws/lambda/stack-OnEvent', requestId: 'req-1' } });

    // Assess
    expect(reason).toBe(`1 of 1 user failed. user id ${userId(1)}: InvalidParameterException: bad request for this user, please check it No user was changed. Handler log: /aws/lambda/stack-OnEvent, request req-1.`);
  });

  it('should say that a failed Create leaves the users it changed changed, counting earlier passes', () => {
    // Act
    const reason = failureReason([changed(1), failed(2)], INSTANCE, { requestType: 'Create', changedEarlier: 4 });

    // Assess
    expect(reason).toContain('5 users were changed and stay changed: CloudFormation does not roll back a failed Create');
  });

  it('should count JSON escapes against the budget, so names full of quotes still fit', () => {
    // Prepare: usernames made of characters JSON escapes to two or six bytes
    const outcomes = Array.from({ length: 500 }, (_, i): UserOutcome => ({ ref: `username "${'\\'.repeat(20)}${i}"`, status: 'failed', cause: 'error', changes: [], reason: `username "${'\u0001'.repeat(30)}${i}": InvalidParameterException` }));

    // Act
    const reason = failureReason(outcomes, INSTANCE, { requestType: 'Update', log: { group: '/aws/lambda/x', requestId: 'r' } });

    // Assess
    expect(Buffer.byteLength(JSON.stringify(reason)) - 2).toBeLessThanOrEqual(MAX_REASON_BYTES);
    expect(reason).toMatch(/Handler log: \/aws\/lambda\/x, request r\.$/);
  });

  it('should fit the response limit and name the first failures when 1,000 users failed', () => {
    // Prepare
    const outcomes = Array.from({ length: 1000 }, (_, i) => failed(i));

    // Act
    const reason = failureReason(outcomes, INSTANCE);

    // Assess
    expect(bytes(reason)).toBeLessThanOrEqual(MAX_REASON_BYTES);
    expect(bytes(reason)).toBeLessThan(MAX_RESPONSE_BYTES);
    expect(reason).toMatch(/^1000 of 1000 users failed/);
    expect(reason).toContain(userId(0));
    expect(reason).toMatch(/\(\+\d+ more; see the handler log for the rest\) No user was changed\.$/);
  });

  it('should name many missing users in one clause with the advice given once', () => {
    // Prepare
    const missing = (i: number): UserOutcome => ({ ref: `user id ${userId(i)}`, userId: userId(i), status: 'failed', cause: 'missing', changes: [], reason: `user id ${userId(i)} was not found in instance ${INSTANCE} (long advice)` });
    const outcomes = [changed(100), ...Array.from({ length: 5 }, (_, i) => missing(i)), failed(200)];

    // Act
    const reason = failureReason(outcomes, INSTANCE);

    // Assess
    expect(reason).toContain(`5 users were not found in instance ${INSTANCE}: ${[0, 1, 2, 3, 4].map((i) => `user id ${userId(i)}`).join(', ')}.`);
    expect(reason.match(/skipMissingUsers/g)).toHaveLength(1);
    expect(reason).toContain(`user id ${userId(200)}: InvalidParameterException`);
    expect(reason).not.toContain('long advice');
  });
});

describe('Function: buildFinalData', () => {
  it('should report the first and last passes of a deployment that took several, counting at least their changes', () => {
    // Prepare
    const first = buildData([changed(1), changed(2)], false);

    // Act
    const data = buildFinalData([changed(3), unchangedUser(1), unchangedUser(2)], first);

    // Assess
    expect(data.Summary).toBe('3 users in their declared configuration; this deployment changed at least 3 (the first and last of several passes; the handler log has every change)');
    expect(data.ChangedUsers).toBe(`${userId(1)},${userId(2)},${userId(3)}`);
    expect(data.Converged).toBe('true');
  });

  it('should be the pass\'s own Data when the deployment took one pass', () => {
    // Act / Assess
    expect(buildFinalData([changed(1)], undefined)).toEqual(buildData([changed(1)], true));
  });
});

describe('Function: summarize', () => {
  it('should count each status and use the singular when there is one user', () => {
    // Act / Assess
    expect(summarize([failed(1)])).toBe('1 user: 0 changed, 0 unchanged, 1 failed');
  });
});
