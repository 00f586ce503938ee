import { Channel, PhoneType, VoiceEnhancementMode } from '@aws-sdk/client-connect';
import { EMULATED_CHANNELS, EMULATED_PHONE_TYPES, EMULATED_VOICE_ENHANCEMENT_MODES } from '../../../lib/testing';

describe('Module: user-model (the emulator\'s names for Connect\'s values)', () => {
  it('should list exactly the values of the SDK\'s service model, so the emulator knows no more and no fewer', () => {
    // Act / Assess
    expect([...EMULATED_CHANNELS].sort()).toEqual(Object.values(Channel).sort());
    expect([...EMULATED_PHONE_TYPES].sort()).toEqual(Object.values(PhoneType).sort());
    expect([...EMULATED_VOICE_ENHANCEMENT_MODES].sort()).toEqual(Object.values(VoiceEnhancementMode).sort());
  });
});
