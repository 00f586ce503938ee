import { ResourceSpec, UserSpec } from '../../../lib/core/contract';
import {
  InvalidPhoneConfigError,
  ValidationResult,
  describeUserRef,
  throwIfInvalid,
  validateResource,
  validateUser,
} from '../../../lib/core/validate';
import { DESK_PHONE, INSTANCE_ARN, OTHER_DESK_PHONE, userId } from '../../fixtures/events';

const TOKEN = '${Token[TOKEN.123]}';
const isUnresolved = (v: unknown) => typeof v === 'string' && v.startsWith('${Token[');

function resource(users: UserSpec[], extra: Partial<ResourceSpec> = {}): ResourceSpec {
  return { Version: '1', InstanceArn: INSTANCE_ARN, Users: users, ...extra };
}

function messages(result: ValidationResult): string {
  return result.errors.map((e) => `${e.where}: ${e.message}`).join('\n');
}

describe('Function: validateResource', () => {
  it('should accept a valid resource when every rule holds', () => {
    // Prepare
    const spec = resource([
      { UserId: userId(1), PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE, AutoAccept: false, AfterContactWorkTimeLimit: 0, PersistentConnection: true } },
      { Username: 'alice', Channels: [{ Channel: 'CHAT', AutoAccept: true, AfterContactWorkTimeLimit: 30 }] },
    ], { WritesPerSecond: 2, SkipMissingUsers: true, PerChannelWrites: true, RemovalPolicy: 'retain' });

    // Act
    const result = validateResource(spec);

    // Assess
    expect(result).toEqual({ errors: [], warnings: [] });
  });

  it('should name instanceArn and show the value when the ARN is malformed', () => {
    // Act
    const result = validateResource(resource([{ UserId: userId(1), PhoneConfig: { AutoAccept: true } }], { InstanceArn: 'arn:aws:connect:us-east-1:123:instance/x' }));

    // Assess
    expect(messages(result)).toMatch(/`instanceArn` is "arn:aws:connect:us-east-1:123:instance\/x"; it must look like/);
  });

  it('should report a missing instanceArn when the property is absent', () => {
    // Act
    const result = validateResource({ Version: '1', Users: [{ UserId: userId(1), PhoneConfig: { AutoAccept: true } }] } as unknown as ResourceSpec);

    // Assess
    expect(messages(result)).toMatch(/`instanceArn` is missing/);
  });

  it.each([0, -1, 101, Number.NaN, '2'])('should reject writesPerSecond %p when it is not in (0, 100]', (value) => {
    // Act
    const result = validateResource(resource([{ UserId: userId(1), PhoneConfig: { AutoAccept: true } }], { WritesPerSecond: value as number }));

    // Assess
    expect(messages(result)).toContain('`writesPerSecond` is ');
    expect(messages(result)).toContain(typeof value === 'string' ? `"${value}"` : String(value));
  });

  it.each([
    ['DescribeUsersPerSecond', 'describeUsersPerSecond', 'DescribeUser quota, 10 per second'],
    ['SearchUsersPerSecond', 'searchUsersPerSecond', 'SearchUsers quota, 2 per second'],
  ])('should reject %s out of (0, 100] naming %s and the quota', (field, prop, quota) => {
    // Act
    const result = validateResource(resource([{ UserId: userId(1), PhoneConfig: { AutoAccept: true } }], { [field]: 0 }));

    // Assess
    expect(messages(result)).toContain(`\`${prop}\` is 0; it must be a number above 0 and at most 100 (your account's ${quota} by default).`);
  });

  it.each([
    ['WritesBurst', 'writesBurst', 0, 'UpdateUserPhoneConfig quota lets through at once, 5 by default'],
    ['DescribeUsersBurst', 'describeUsersBurst', 2.5, 'DescribeUser quota lets through at once, 10 by default'],
    ['SearchUsersBurst', 'searchUsersBurst', 1001, 'SearchUsers quota lets through at once, 5 by default'],
  ])('should reject %s that is not a whole number from 1 to 1000, naming %s and the default', (field, prop, value, quota) => {
    // Act
    const result = validateResource(resource([{ UserId: userId(1), PhoneConfig: { AutoAccept: true } }], { [field]: value }));

    // Assess
    expect(messages(result)).toContain(`\`${prop}\` is ${value}; it must be a whole number from 1 to 1000 (the calls your account's ${quota}).`);
  });

  it('should accept bursts of 1 and 1000', () => {
    // Act
    const result = validateResource(resource([{ UserId: userId(1), PhoneConfig: { AutoAccept: true } }], { WritesBurst: 1, SearchUsersBurst: 1000 }));

    // Assess
    expect(result.errors).toEqual([]);
  });

  it('should reject an unknown removalPolicy when it is not retain or restore', () => {
    // Act
    const result = validateResource(resource([{ UserId: userId(1), PhoneConfig: { AutoAccept: true } }], { RemovalPolicy: 'destroy' as never }));

    // Assess
    expect(messages(result)).toMatch(/`removalPolicy` is "destroy"; use one of retain, restore/);
  });

  it('should reject an empty or missing users list when no desired-state object is given', () => {
    // Act
    const empty = validateResource(resource([]));
    const missing = validateResource({ Version: '1', InstanceArn: INSTANCE_ARN });
    const fromObject = validateResource({ Version: '1', InstanceArn: INSTANCE_ARN, DesiredStateObject: { Bucket: 'b', Key: 'k' } });

    // Assess
    expect(messages(empty)).toMatch(/`users` is empty/);
    expect(messages(missing)).toMatch(/`users` is missing/);
    expect(fromObject.errors).toEqual([]);
  });

  it('should report a user declared twice when ids differ only by case', () => {
    // Act
    const result = validateResource(resource([
      { UserId: userId(10), PhoneConfig: { AutoAccept: true } },
      { UserId: userId(10).toUpperCase(), PhoneConfig: { AutoAccept: false } },
    ]));

    // Assess
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].where).toBe(`users[1] (${userId(10).toUpperCase()})`);
    expect(result.errors[0].message).toMatch(/is declared twice \(also users\[0\]\)/);
  });

  it('should skip every value check when the values are Tokens', () => {
    // Prepare
    const spec = resource([
      { UserId: TOKEN, PhoneConfig: { PhoneType: TOKEN as never, AfterContactWorkTimeLimit: TOKEN as never, DeskPhoneNumber: TOKEN, AutoAccept: TOKEN as never } },
      { UserId: TOKEN, PhoneConfig: { AutoAccept: true } },
    ], { InstanceArn: TOKEN, WritesPerSecond: TOKEN as never });

    // Act
    const result = validateResource(spec, { isUnresolved });

    // Assess
    expect(result.errors).toEqual([]);
  });

  it('should still check Tokens when no isUnresolved is given', () => {
    // Act
    const result = validateResource(resource([{ UserId: TOKEN, PhoneConfig: { AutoAccept: true } }]));

    // Assess
    expect(messages(result)).toMatch(/`userId` is "\$\{Token\[TOKEN.123\]\}"/);
  });
});

describe('Function: validateUser', () => {
  it.each<[string, UserSpec, RegExp]>([
    ['both ids', { UserId: userId(1), Username: 'a', PhoneConfig: { AutoAccept: true } }, /declares both `userId` and `username`/],
    ['no id', { PhoneConfig: { AutoAccept: true } }, /declares neither `userId` nor `username`/],
    ['a non-UUID id', { UserId: 'alice', PhoneConfig: { AutoAccept: true } }, /`userId` is "alice"; a Connect user id is a UUID/],
    ['a username with a space', { Username: 'al ice', PhoneConfig: { AutoAccept: true } }, /`username` is "al ice"; a Connect username is 1 to 100 of the letters/],
    ['a username too long', { Username: 'a'.repeat(101), PhoneConfig: { AutoAccept: true } }, /`username` is "a{101}"/],
    ['no setting', { UserId: userId(1) }, /declares no setting; declare at least one of `phoneType`/],
    ['an empty PhoneConfig', { UserId: userId(1), PhoneConfig: {} }, /declares no setting/],
    ['an unknown phone type', { UserId: userId(1), PhoneConfig: { PhoneType: 'CELL' as never } }, /`phoneType` is "CELL"; use one of SOFT_PHONE, DESK_PHONE/],
    ['a string autoAccept', { UserId: userId(1), PhoneConfig: { AutoAccept: 'yes' as never } }, /`autoAccept` is "yes"; use true or false/],
    ['a string persistentConnection', { UserId: userId(1), PhoneConfig: { PersistentConnection: 'TRUE' as never } }, /`persistentConnection` is "TRUE"; use true or false/],
    ['a negative ACW', { UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: -1 } }, /`afterContactWorkTimeLimit` is -1 seconds; it must be a whole number of seconds from 0 to 2000000/],
    ['a fractional ACW', { UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: 1.5 } }, /`afterContactWorkTimeLimit` is 1.5 seconds/],
    ['an ACW over the maximum', { UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: 2_000_001 } }, /`afterContactWorkTimeLimit` is 2000001 seconds/],
    ['a non-numeric ACW', { UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: 'abc' as never } }, /`afterContactWorkTimeLimit` is "abc" seconds/],
    ['DESK_PHONE without a number', { UserId: userId(1), PhoneConfig: { PhoneType: 'DESK_PHONE' } }, /`phoneType` is DESK_PHONE but no `deskPhoneNumber` is declared/],
    ['an unknown channel', { UserId: userId(1), Channels: [{ Channel: 'SMS' as never, AutoAccept: true }] }, /channels\[0\]: `channel` is "SMS"; use one of VOICE, CHAT, TASK, EMAIL/],
    ['a channel twice', { UserId: userId(1), Channels: [{ Channel: 'CHAT', AutoAccept: true }, { Channel: 'CHAT', AfterContactWorkTimeLimit: 5 }] }, /channels\[1\]: channel CHAT is declared twice/],
    ['an empty channel', { UserId: userId(1), Channels: [{ Channel: 'TASK' }] }, /channel TASK declares no setting/],
    ['a VOICE-only field on CHAT', { UserId: userId(1), Channels: [{ Channel: 'CHAT', PersistentConnection: true }] }, /`persistentConnection` is declared for CHAT; Connect has it on the VOICE channel only/],
    ['an unknown voice enhancement', { UserId: userId(1), Channels: [{ Channel: 'VOICE', VoiceEnhancementMode: 'LOUD' as never }] }, /`voiceEnhancementMode` is "LOUD"; use one of VOICE_ISOLATION, NOISE_SUPPRESSION, NONE/],
    ['a bad agent-first-callback ACW', { UserId: userId(1), Channels: [{ Channel: 'VOICE', AgentFirstCallbackAfterContactWorkTimeLimit: -5 }] }, /`agentFirstCallbackAfterContactWorkTimeLimit` is -5 seconds/],
    ['VOICE DESK_PHONE without a number', { UserId: userId(1), Channels: [{ Channel: 'VOICE', PhoneType: 'DESK_PHONE' }] }, /`phoneType` is DESK_PHONE but no `phoneNumber` is declared/],
    ['a contradicting VOICE ACW', { UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: 30 }, Channels: [{ Channel: 'VOICE', AfterContactWorkTimeLimit: 60 }] }, /VOICE `afterContactWorkTimeLimit` \(60\) contradicts `afterContactWorkTimeLimit` \(30\)/],
  ])('should reject %s with a message naming the property', (_case, user, expected) => {
    // Act
    const result = validateUser(user, 'users[0]');

    // Assess
    expect(result.errors.map((e) => `${e.where}: ${e.message}`).join('\n')).toMatch(expected);
  });

  it('should accept 0 and false when they are declared', () => {
    // Act
    const result = validateUser({ UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: 0, AutoAccept: false, PersistentConnection: false } }, 'u');

    // Assess
    expect(result).toEqual({ errors: [], warnings: [] });
  });

  it('should accept DESK_PHONE on VOICE when the legacy deskPhoneNumber gives the number', () => {
    // Act
    const result = validateUser({ UserId: userId(1), PhoneConfig: { DeskPhoneNumber: DESK_PHONE }, Channels: [{ Channel: 'VOICE', PhoneType: 'DESK_PHONE' }] }, 'u');

    // Assess
    expect(result.errors).toEqual([]);
  });

  it.each(['14155550123', '+0123456', '+9', '+1234567890123456', '+1 415 555 0123', `${DESK_PHONE}\n`])('should reject desk phone number %p masked when it is not E.164', (bad) => {
    // Act
    const result = validateUser({ UserId: userId(1), PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: bad } }, 'u');

    // Assess
    const text = messages(result);
    expect(text).toMatch(/`deskPhoneNumber` \([\s\S]*\) is not an E.164 number/);
    expect(text).not.toContain(bad.trim());
  });

  it('should mask both numbers when the VOICE phone number contradicts deskPhoneNumber', () => {
    // Act
    const result = validateUser({ UserId: userId(1), PhoneConfig: { DeskPhoneNumber: DESK_PHONE }, Channels: [{ Channel: 'VOICE', PhoneNumber: OTHER_DESK_PHONE }] }, 'u');

    // Assess
    const text = messages(result);
    expect(text).toMatch(/VOICE `phoneNumber` \(\+\*{9}99\) contradicts `deskPhoneNumber` \(\+\*{9}23\)/);
    expect(text).not.toContain(DESK_PHONE);
    expect(text).not.toContain(OTHER_DESK_PHONE);
  });

  it('should warn with the number masked when a desk phone number is declared with SOFT_PHONE', () => {
    // Act
    const result = validateUser({ UserId: userId(1), PhoneConfig: { PhoneType: 'SOFT_PHONE', DeskPhoneNumber: DESK_PHONE } }, 'users[0]');

    // Assess
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([{ where: 'users[0]', message: expect.stringContaining('`deskPhoneNumber` (+*********23) is declared with SOFT_PHONE') }]);
  });

  it('should not compare a Token with the VOICE setting when the legacy value is unresolved', () => {
    // Act
    const result = validateUser(
      { UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: TOKEN as never }, Channels: [{ Channel: 'VOICE', AfterContactWorkTimeLimit: 60 }] },
      'u', { isUnresolved },
    );

    // Assess
    expect(result.errors).toEqual([]);
  });
});

describe('Function: throwIfInvalid', () => {
  it('should throw InvalidPhoneConfigError listing every issue when there are errors', () => {
    // Prepare
    const result = validateResource(resource([{ UserId: 'x', PhoneConfig: { AfterContactWorkTimeLimit: -1 } }]));

    // Act
    const act = () => throwIfInvalid(result);

    // Assess
    expect(act).toThrow(InvalidPhoneConfigError);
    expect(act).toThrow(/users\[0\] \(x\): `userId` is "x"[\s\S]*\nusers\[0\] \(x\): `afterContactWorkTimeLimit` is -1/);
  });

  it('should not throw when there are only warnings', () => {
    // Act / Assess
    expect(() => throwIfInvalid({ errors: [], warnings: [{ where: 'u', message: 'm' }] })).not.toThrow();
  });
});

describe('Function: describeUserRef', () => {
  it('should name the user by id when it has one, else by username', () => {
    // Act / Assess
    expect(describeUserRef({ UserId: userId(1) })).toBe(`user id ${userId(1)}`);
    expect(describeUserRef({ Username: 'alice' })).toBe('username alice');
  });
});
