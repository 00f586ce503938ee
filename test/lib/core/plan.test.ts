import { UserSpec } from '../../../lib/core/contract';
import { LiveUser, fromDescribeUser } from '../../../lib/core/live';
import { captureTarget, describeChange, planTarget, planUser, showValue, targetOf } from '../../../lib/core/plan';
import { DESK_PHONE, OTHER_DESK_PHONE, SOFT_PHONE_LIVE, describedUser, userId } from '../../fixtures/events';

const ID = userId(1);
const LEGACY_ONLY = { perChannelWrites: false };
const PER_CHANNEL = { perChannelWrites: true };

function live(overrides: Partial<LiveUser> = {}): LiveUser {
  return { ...fromDescribeUser(describedUser(ID, SOFT_PHONE_LIVE, { username: 'alice' })), ...overrides };
}

describe('Function: planUser', () => {
  it('should plan no write when nothing declared differs', () => {
    // Prepare
    const desired: UserSpec = { UserId: ID, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 30 }, Channels: [{ Channel: 'CHAT', AutoAccept: false }] };

    // Act
    const plan = planUser(desired, live(), PER_CHANNEL);

    // Assess
    expect(plan).toEqual({ userId: ID, username: 'alice', changes: [] });
  });

  it('should send the whole PhoneConfig, undeclared live fields included, when a legacy setting drifted', () => {
    // Prepare
    const current = live({ PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE, AutoAccept: true, AfterContactWorkTimeLimit: 30, PersistentConnection: true }, Channels: {} });

    // Act
    const plan = planUser({ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 60 } }, current, LEGACY_ONLY);

    // Assess
    expect(plan.changes).toEqual([{ channel: 'VOICE', field: 'AfterContactWorkTimeLimit', from: 30, to: 60 }]);
    expect(plan.write).toEqual({
      api: 'UpdateUserPhoneConfig',
      input: { PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE, AutoAccept: true, AfterContactWorkTimeLimit: 60, PersistentConnection: true } },
    });
    expect(plan.blockedReason).toBeUndefined();
  });

  it('should write 0 and false when they are the desired values', () => {
    // Prepare
    const current = live({ PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30, PersistentConnection: true }, Channels: {} });

    // Act
    const plan = planUser({ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 0, AutoAccept: false, PersistentConnection: false } }, current, LEGACY_ONLY);

    // Assess
    expect(plan.changes).toHaveLength(3);
    expect(plan.write).toEqual({ api: 'UpdateUserPhoneConfig', input: { PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0, PersistentConnection: false } } });
  });

  it('should see a change when a falsy value is declared and the live field is unset', () => {
    // Act
    const plan = planUser({ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 0 } }, live({ PhoneConfig: { PhoneType: 'SOFT_PHONE' }, Channels: {} }), LEGACY_ONLY);

    // Assess
    expect(plan.changes).toEqual([{ channel: 'VOICE', field: 'AfterContactWorkTimeLimit', from: undefined, to: 0 }]);
  });

  it('should write only the changed channels and lists through UpdateUserConfig when a per-channel setting drifted', () => {
    // Prepare
    const desired: UserSpec = { UserId: ID, Channels: [{ Channel: 'CHAT', AfterContactWorkTimeLimit: 120 }, { Channel: 'TASK', AfterContactWorkTimeLimit: 30 }] };

    // Act
    const plan = planUser(desired, live(), PER_CHANNEL);

    // Assess
    expect(plan.changes).toEqual([{ channel: 'CHAT', field: 'AfterContactWorkTimeLimit', from: 30, to: 120 }]);
    expect(plan.write).toEqual({
      api: 'UpdateUserConfig',
      input: { AfterContactWorkConfigs: [{ Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 120 } }] },
    });
  });

  it('should fill required fields of a written list from live when only one field of it changed', () => {
    // Prepare
    const current = live({ PhoneConfig: { ...SOFT_PHONE_LIVE, PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE }, Channels: { VOICE: { AutoAccept: true, AgentFirstCallbackAutoAccept: true, AfterContactWorkTimeLimit: 30, AgentFirstCallbackAfterContactWorkTimeLimit: 15, PhoneType: 'DESK_PHONE', PhoneNumber: DESK_PHONE } } });
    const desired: UserSpec = { UserId: ID, Channels: [{ Channel: 'VOICE', AgentFirstCallbackAfterContactWorkTimeLimit: 45, PhoneNumber: OTHER_DESK_PHONE }] };

    // Act
    const plan = planUser(desired, current, PER_CHANNEL);

    // Assess
    expect(plan.write).toEqual({
      api: 'UpdateUserConfig',
      input: {
        AfterContactWorkConfigs: [{ Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 30 }, AgentFirstCallbackAfterContactWorkConfig: { AfterContactWorkTimeLimit: 45 } }],
        PhoneNumberConfigs: [{ Channel: 'VOICE', PhoneType: 'DESK_PHONE', PhoneNumber: OTHER_DESK_PHONE }],
      },
    });
  });

  it('should fill a required field with the API default when live has none', () => {
    // Prepare
    const current = live({ Channels: {} });

    // Act
    const plan = planUser({ UserId: ID, Channels: [{ Channel: 'CHAT', AgentFirstCallbackAutoAccept: undefined, AutoAccept: true }] }, current, PER_CHANNEL);

    // Assess
    expect(plan.write).toEqual({ api: 'UpdateUserConfig', input: { AutoAcceptConfigs: [{ Channel: 'CHAT', AutoAccept: true }] } });
  });

  it('should fold legacy changes into VOICE and never call UpdateUserPhoneConfig when a channel also changed', () => {
    // Prepare
    const desired: UserSpec = { UserId: ID, PhoneConfig: { AutoAccept: true }, Channels: [{ Channel: 'CHAT', AutoAccept: true }] };

    // Act
    const plan = planUser(desired, live(), PER_CHANNEL);

    // Assess
    expect(plan.write).toEqual({
      api: 'UpdateUserConfig',
      input: { AutoAcceptConfigs: [{ Channel: 'VOICE', AutoAccept: true }, { Channel: 'CHAT', AutoAccept: true }] },
    });
  });

  it('should write the legacy change to VOICE only when live ACW differs by channel and perChannelWrites is on', () => {
    // Prepare
    const current = fromDescribeUser(describedUser(ID, SOFT_PHONE_LIVE, { channelAcw: { CHAT: 300 } }));

    // Act
    const plan = planUser({ UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 60 } }, current, PER_CHANNEL);

    // Assess
    expect(plan.changes).toEqual([{ channel: 'VOICE', field: 'AfterContactWorkTimeLimit', from: 30, to: 60 }]);
    expect(plan.write).toEqual({ api: 'UpdateUserConfig', input: { AfterContactWorkConfigs: [{ Channel: 'VOICE', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 60 } }] } });
  });

  it('should map deskPhoneNumber to the VOICE phone number when the legacy change goes per channel', () => {
    // Prepare
    const current = fromDescribeUser(describedUser(ID, { ...SOFT_PHONE_LIVE, PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE }, { channelAcw: { TASK: 5 } }));

    // Act
    const plan = planUser({ UserId: ID, PhoneConfig: { DeskPhoneNumber: OTHER_DESK_PHONE } }, current, PER_CHANNEL);

    // Assess
    expect(plan.write).toEqual({ api: 'UpdateUserConfig', input: { PhoneNumberConfigs: [{ Channel: 'VOICE', PhoneType: 'DESK_PHONE', PhoneNumber: OTHER_DESK_PHONE }] } });
  });

  it('should block the user with a reason when live ACW differs by channel and perChannelWrites is off', () => {
    // Prepare
    const current = fromDescribeUser(describedUser(ID, { ...SOFT_PHONE_LIVE, DeskPhoneNumber: DESK_PHONE }, { channelAcw: { CHAT: 300 }, username: 'alice' }));

    // Act
    const plan = planUser({ UserId: ID, PhoneConfig: { AutoAccept: true } }, current, LEGACY_ONLY);

    // Assess
    expect(plan.write).toBeUndefined();
    expect(plan.changes).toEqual([{ channel: 'VOICE', field: 'AutoAccept', from: false, to: true }]);
    expect(plan.blockedReason).toBe(`alice (${ID}): UpdateUserPhoneConfig would also set the after-contact-work timeout of CHAT (300 s) to 30 s, which is not declared, and \`perChannelWrites\` is false. Remove \`perChannelWrites: false\` (grants connect:UpdateUserConfig) so only the declared settings change, or declare the value for every channel (\`everyChannel\`).`);
    expect(plan.blockedReason).not.toContain(DESK_PHONE);
  });

  it('should block a per-channel change when perChannelWrites is off', () => {
    // Act
    const plan = planUser({ UserId: ID, Channels: [{ Channel: 'CHAT', AutoAccept: true }] }, live(), LEGACY_ONLY);

    // Assess
    expect(plan.write).toBeUndefined();
    expect(plan.blockedReason).toBeDefined();
  });
});

describe('Function: captureTarget', () => {
  it('should capture the live value of every declared setting, null where absent, and nothing else', () => {
    // Prepare
    const current = fromDescribeUser(describedUser(ID, SOFT_PHONE_LIVE, { channelAcw: { CHAT: 300 } }));
    const desired: UserSpec = { Username: 'alice', PhoneConfig: { AfterContactWorkTimeLimit: 60, DeskPhoneNumber: DESK_PHONE, PhoneType: 'DESK_PHONE' }, Channels: [{ Channel: 'CHAT', AfterContactWorkTimeLimit: 10 }] };

    // Act
    const original = captureTarget(targetOf(desired), current);

    // Assess
    expect(original).toEqual({ VOICE: { AfterContactWorkTimeLimit: 30, PhoneNumber: null, PhoneType: 'SOFT_PHONE' }, CHAT: { AfterContactWorkTimeLimit: 300 } });
  });

  it('should undo the change when the original is planned against the changed user', () => {
    // Prepare
    const before = live();
    const desired: UserSpec = { UserId: ID, PhoneConfig: { AfterContactWorkTimeLimit: 60 }, Channels: [{ Channel: 'CHAT', AfterContactWorkTimeLimit: 60 }, { Channel: 'TASK', AfterContactWorkTimeLimit: 60 }, { Channel: 'EMAIL', AfterContactWorkTimeLimit: 60 }] };
    const original = captureTarget(targetOf(desired), before);
    const after = fromDescribeUser(describedUser(ID, { ...SOFT_PHONE_LIVE, AfterContactWorkTimeLimit: 60 }));

    // Act
    const plan = planTarget(original, after, LEGACY_ONLY);

    // Assess
    expect(plan.write).toEqual({ api: 'UpdateUserPhoneConfig', input: { PhoneConfig: before.PhoneConfig } });
  });

  it('should remove a desk number the stack added with UpdateUserPhoneConfig, and put the flattened channels back', () => {
    // Prepare
    const withNumber = fromDescribeUser(describedUser(ID, { ...SOFT_PHONE_LIVE, PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE }, { channelAcw: { CHAT: 300 } }));

    // Act
    const plan = planTarget({ VOICE: { PhoneType: 'SOFT_PHONE', PhoneNumber: null } }, withNumber, PER_CHANNEL);

    // Assess
    expect(plan.changes).toEqual([
      { channel: 'VOICE', field: 'PhoneType', from: 'DESK_PHONE', to: 'SOFT_PHONE' },
      { channel: 'VOICE', field: 'PhoneNumber', from: DESK_PHONE, to: undefined },
    ]);
    expect(plan.write).toEqual({ api: 'UpdateUserPhoneConfig', input: { PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30, PersistentConnection: false } } });
    expect(plan.followUp).toEqual({ api: 'UpdateUserConfig', input: { AfterContactWorkConfigs: [{ Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 300 } }] } });
  });
});

describe('Function: describeChange', () => {
  it('should mask phone numbers when the field is a phone number', () => {
    // Act
    const voice = describeChange({ channel: 'VOICE', field: 'PhoneNumber', from: undefined, to: DESK_PHONE });

    // Assess
    expect(voice).toBe('VOICE.phoneNumber: (unset) -> +*********23');
  });

  it('should show other values as they are when they are not phone numbers', () => {
    // Act / Assess
    expect(describeChange({ channel: 'CHAT', field: 'AfterContactWorkTimeLimit', from: 30, to: 0 })).toBe('CHAT.afterContactWorkTimeLimit: 30 -> 0');
    expect(showValue('AutoAccept', false)).toBe('false');
  });
});
