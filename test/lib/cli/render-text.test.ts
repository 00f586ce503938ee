import { renderText } from '../../../lib/cli/render-text';
import { DESK_PHONE_NUMBER, INSTANCE_ID, userId } from '../../fixtures/stacks';
import { BLOCKED, CHANGED, MISSING, OLD_DESK_PHONE_NUMBER, SKIPPED, UNCHANGED, UNREADABLE, assemblyPlan, resource } from './plan-fixtures';

describe('Function: renderText', () => {
  it('should list per stack and resource each change, each failure and the unchanged count', () => {
    // Act
    const text = renderText(assemblyPlan(resource([CHANGED, UNCHANGED, MISSING, SKIPPED, BLOCKED, UNREADABLE])));

    // Assess
    expect(text).toBe([
      'Stack Stack',
      `  Stack/Agents (AgentsA1B2C3), instance ${INSTANCE_ID}`,
      `    ~ alice (${userId(1)})`,
      '        VOICE.autoAccept: false -> true',
      '        VOICE.phoneNumber: +*********77 -> +*********00',
      '        CHAT.afterContactWorkTimeLimit: (unset) -> 30',
      `    x username ghost: missing. username ghost was not found in instance ${INSTANCE_ID}. Check the spelling (usernames are case-sensitive).`,
      `    x user id ${userId(3)}: blocked. its live after-contact-work timeout differs by channel (VOICE 10 s, CHAT 60 s). Set \`perChannelWrites: true\`.`,
      '        VOICE.afterContactWorkTimeLimit: 10 -> 20 (not writable)',
      `    x user id ${userId(4)}: cannot be read. ThrottlingException: Rate exceeded`,
      '    - username gone: missing, skipped (skipMissingUsers).',
      '    = 1 user unchanged',
      '',
      'Plan: 1 user to change, 1 unchanged, 1 missing, 1 missing and skipped, 1 blocked, 1 unreadable (1 resource in 1 stack).',
      '',
    ].join('\n'));
  });

  it('should head each stack once and fall back to the logical id without a construct path', () => {
    // Act
    const text = renderText(assemblyPlan(
      resource([UNCHANGED], { path: undefined, logicalId: 'First' }),
      resource([UNCHANGED], { path: undefined, logicalId: 'Second' }),
      resource([UNCHANGED], { stackName: 'Other' }),
    ));

    // Assess
    expect(text.match(/^Stack Stack$/gm)).toHaveLength(1);
    expect(text).toContain(`  First, instance ${INSTANCE_ID}\n`);
    expect(text).toContain(`  Second, instance ${INSTANCE_ID}\n`);
    expect(text).toContain('Stack Other\n');
  });

  it('should show why a resource was not planned, phone numbers masked', () => {
    // Act
    const text = renderText(assemblyPlan(resource([], { instanceId: undefined, error: `users[0]: \`deskPhoneNumber\` ${DESK_PHONE_NUMBER}x is not E.164` })));

    // Assess
    expect(text).toContain('  Stack/Agents (AgentsA1B2C3)\n    x not planned: users[0]: `deskPhoneNumber` +*********00x is not E.164\n');
    expect(text).not.toContain(DESK_PHONE_NUMBER);
  });

  it('should never show a phone number raw', () => {
    const text = renderText(assemblyPlan(resource([CHANGED])));
    expect(text).not.toContain(DESK_PHONE_NUMBER);
    expect(text).not.toContain(OLD_DESK_PHONE_NUMBER);
  });

  it('should say so when the assembly declares nothing', () => {
    expect(renderText(assemblyPlan())).toBe('Plan: no phone-config resources in cdk.out; nothing to change.\n');
  });
});
