import { renderJson } from '../../../lib/cli/render-json';
import { DESK_PHONE_NUMBER, userId } from '../../fixtures/stacks';
import { CHANGED, MISSING, OLD_DESK_PHONE_NUMBER, UNCHANGED, assemblyPlan, resource } from './plan-fixtures';

describe('Function: renderJson', () => {
  it('should give the summary, the exit code and every user with its verdict and masked changes', () => {
    // Act
    const json = renderJson(assemblyPlan(resource([CHANGED, UNCHANGED, MISSING])));
    const doc = JSON.parse(json);

    // Assess
    expect(doc).toMatchObject({
      summary: 'Plan: 1 user to change, 1 unchanged, 1 missing (1 resource in 1 stack).',
      exitCode: 1,
      totals: { stacks: 1, resources: 1, resourcesNotPlanned: 0, users: { change: 1, unchanged: 1, missing: 1 } },
    });
    expect(doc.resources[0].users[0]).toEqual({
      user: `alice (${userId(1)})`,
      userId: userId(1),
      username: 'alice',
      verdict: 'change',
      api: 'UpdateUserPhoneConfig',
      changes: [
        { setting: 'VOICE.autoAccept', channel: 'VOICE', field: 'AutoAccept', from: 'false', to: 'true' },
        { setting: 'VOICE.phoneNumber', channel: 'VOICE', field: 'PhoneNumber', from: '+*********77', to: '+*********00' },
        { setting: 'CHAT.afterContactWorkTimeLimit', channel: 'CHAT', field: 'AfterContactWorkTimeLimit', from: '(unset)', to: '30' },
      ],
    });
    expect(doc.resources[0].users[2]).toMatchObject({ verdict: 'missing', reason: expect.stringContaining('was not found') });
    expect(json).not.toContain(DESK_PHONE_NUMBER);
    expect(json).not.toContain(OLD_DESK_PHONE_NUMBER);
  });
});
