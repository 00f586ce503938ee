import { fromDescribeUser, fromSearchSummary } from '../../../lib/core/live';
import { DESK_PHONE, describedUser, searchedUser, userId } from '../../fixtures/events';

describe('Function: fromSearchSummary', () => {
  it('should convert the legacy ACW from milliseconds to seconds when the user comes from SearchUsers', () => {
    // Act
    const live = fromSearchSummary(searchedUser(userId(1), { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 45 }));

    // Assess
    expect(live.PhoneConfig.AfterContactWorkTimeLimit).toBe(45);
    expect(live.source).toBe('SearchUsers');
  });

  it('should keep a millisecond value that is not whole seconds fractional when it does not divide', () => {
    // Act
    const live = fromSearchSummary({ Id: userId(1), PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 1500 } });

    // Assess
    expect(live.PhoneConfig.AfterContactWorkTimeLimit).toBe(1.5);
  });

  it('should keep 0 (unlimited) when the ACW is 0', () => {
    // Act
    const live = fromSearchSummary({ Id: userId(1), PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 } });

    // Assess
    expect(live.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 0 });
  });
});

describe('Function: fromDescribeUser', () => {
  it('should keep seconds and normalize the per-channel lists into one entry per channel', () => {
    // Prepare
    const user = {
      Id: userId(2),
      Username: 'bob',
      PhoneConfig: { PhoneType: 'DESK_PHONE' as const, AutoAccept: false, AfterContactWorkTimeLimit: 30, DeskPhoneNumber: DESK_PHONE, PersistentConnection: false },
      AutoAcceptConfigs: [{ Channel: 'VOICE' as const, AutoAccept: false, AgentFirstCallbackAutoAccept: true }, { Channel: 'CHAT' as const, AutoAccept: true }],
      AfterContactWorkConfigs: [
        { Channel: 'VOICE' as const, AfterContactWorkConfig: { AfterContactWorkTimeLimit: 30 }, AgentFirstCallbackAfterContactWorkConfig: { AfterContactWorkTimeLimit: 0 } },
        { Channel: 'CHAT' as const, AfterContactWorkConfig: { AfterContactWorkTimeLimit: 90 } },
      ],
      PhoneNumberConfigs: [{ Channel: 'VOICE' as const, PhoneType: 'DESK_PHONE' as const, PhoneNumber: DESK_PHONE }],
      PersistentConnectionConfigs: [{ Channel: 'VOICE' as const, PersistentConnection: false }],
      VoiceEnhancementConfigs: [{ Channel: 'VOICE' as const, VoiceEnhancementMode: 'NOISE_SUPPRESSION' as const }],
    };

    // Act
    const live = fromDescribeUser(user);

    // Assess
    expect(live).toEqual({
      UserId: userId(2),
      Username: 'bob',
      PhoneConfig: { PhoneType: 'DESK_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30, DeskPhoneNumber: DESK_PHONE, PersistentConnection: false },
      Channels: {
        VOICE: {
          AutoAccept: false, AgentFirstCallbackAutoAccept: true, AfterContactWorkTimeLimit: 30, AgentFirstCallbackAfterContactWorkTimeLimit: 0,
          PhoneType: 'DESK_PHONE', PhoneNumber: DESK_PHONE, PersistentConnection: false, VoiceEnhancementMode: 'NOISE_SUPPRESSION',
        },
        CHAT: { AutoAccept: true, AfterContactWorkTimeLimit: 90 },
      },
      source: 'DescribeUser',
    });
  });

  it('should treat an empty desk phone number as unset when Connect returns ""', () => {
    // Act
    const live = fromDescribeUser(describedUser(userId(3), { PhoneType: 'SOFT_PHONE', DeskPhoneNumber: '' }));

    // Assess
    expect(live.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE' });
  });

  it('should not divide the ACW when the user comes from DescribeUser', () => {
    // Act
    const live = fromDescribeUser(describedUser(userId(4), { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 45 }));

    // Assess
    expect(live.PhoneConfig.AfterContactWorkTimeLimit).toBe(45);
  });
});
