import { Channel, PhoneType, User, VoiceEnhancementMode } from '@aws-sdk/client-connect';
import {
  EMULATED_CHANNELS,
  EMULATED_PHONE_TYPES,
  EMULATED_VOICE_ENHANCEMENT_MODES,
  EmulatedChannel,
  EmulatedPhoneType,
  EmulatedUser,
  EmulatedVoiceEnhancementMode,
} from '../../../lib/testing';

/** Compiles only when A and B are the same type (each assignable to the other). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('Module: user-model (the emulator\'s names for Connect\'s values)', () => {
  it('should list exactly the values of the SDK\'s service model, so the emulator knows no more and no fewer', () => {
    // Act / Assess
    expect([...EMULATED_CHANNELS].sort()).toEqual(Object.values(Channel).sort());
    expect([...EMULATED_PHONE_TYPES].sort()).toEqual(Object.values(PhoneType).sort());
    expect([...EMULATED_VOICE_ENHANCEMENT_MODES].sort()).toEqual(Object.values(VoiceEnhancementMode).sort());
  });

  it('should spell its types as the SDK\'s service model does (checked by the type checker)', () => {
    // Act: each line fails `npm run typecheck` when the published testing types drift from the SDK's.
    const same: [
      Same<EmulatedChannel, `${Channel}`>,
      Same<EmulatedPhoneType, `${PhoneType}`>,
      Same<EmulatedVoiceEnhancementMode, `${VoiceEnhancementMode}`>,
    ] = [true, true, true];
    const asSdkUser = (user: EmulatedUser): User => user;

    // Assess
    expect(same).toEqual([true, true, true]);
    expect(typeof asSdkUser).toBe('function');
  });
});
