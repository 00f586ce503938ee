import { InvalidPhoneConfigError } from '../../../lib/core/validate';
import { parseResourceProperties, parseUsers } from '../../../lib/core/parse';
import { DESK_PHONE, INSTANCE_ARN, SERVICE_TOKEN, resourceProps, toWire, userId } from '../../fixtures/events';

describe('Function: parseResourceProperties', () => {
  it('should turn string-typed scalars into booleans and numbers when CloudFormation stringified them', () => {
    // Prepare
    const wire = toWire(resourceProps([
      { UserId: userId(1), PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE, AutoAccept: true, AfterContactWorkTimeLimit: 30, PersistentConnection: true } },
      { Username: 'alice', Channels: [{ Channel: 'VOICE', AgentFirstCallbackAfterContactWorkTimeLimit: 45, AgentFirstCallbackAutoAccept: true, VoiceEnhancementMode: 'NONE' }] },
    ], { WritesPerSecond: 2.5, SkipMissingUsers: true, PerChannelWrites: true }));

    // Act
    const spec = parseResourceProperties(wire);

    // Assess
    expect(spec).toEqual({
      Version: '1',
      InstanceArn: INSTANCE_ARN,
      WritesPerSecond: 2.5,
      SkipMissingUsers: true,
      PerChannelWrites: true,
      Users: [
        { UserId: userId(1), PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE, AutoAccept: true, AfterContactWorkTimeLimit: 30, PersistentConnection: true } },
        { Username: 'alice', Channels: [{ Channel: 'VOICE', AgentFirstCallbackAfterContactWorkTimeLimit: 45, AgentFirstCallbackAutoAccept: true, VoiceEnhancementMode: 'NONE' }] },
      ],
    });
    expect(spec).not.toHaveProperty('ServiceToken');
  });

  it('should keep "0" and "false" as 0 and false when they are declared', () => {
    // Prepare
    const wire = toWire(resourceProps([{ UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: 0, AutoAccept: false, PersistentConnection: false } }], { SkipMissingUsers: false }));

    // Act
    const spec = parseResourceProperties(wire);

    // Assess
    expect(spec.Users?.[0].PhoneConfig).toEqual({ AfterContactWorkTimeLimit: 0, AutoAccept: false, PersistentConnection: false });
    expect(spec.SkipMissingUsers).toBe(false);
  });

  it('should keep a phone number that looks numeric as a string when it is a string field', () => {
    // Prepare
    const wire = toWire(resourceProps([{ UserId: userId(1), PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE } }]));

    // Act
    const spec = parseResourceProperties(wire);

    // Assess
    expect(spec.Users?.[0].PhoneConfig?.DeskPhoneNumber).toBe(DESK_PHONE);
  });

  it('should accept typed values when they were not stringified', () => {
    // Act
    const spec = parseResourceProperties(resourceProps([{ UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: 0, AutoAccept: false } }]));

    // Assess
    expect(spec.Users?.[0].PhoneConfig).toEqual({ AfterContactWorkTimeLimit: 0, AutoAccept: false });
  });

  it.each<[string, Record<string, unknown>]>([
    ['at the resource', { Bogus: 'x' }],
    ['in a user', { Users: [{ UserId: userId(1), Nickname: 'x', PhoneConfig: { AutoAccept: 'true' } }] }],
    ['in a phone config', { Users: [{ UserId: userId(1), PhoneConfig: { AutoAccept: 'true', Ringtone: 'x' } }] }],
    ['in a channel', { Users: [{ UserId: userId(1), Channels: [{ Channel: 'CHAT', AutoAccept: 'true', Color: 'red' }] }] }],
  ])('should reject an unknown property when it is %s', (_where, extra) => {
    // Prepare
    const wire = { ServiceToken: SERVICE_TOKEN, Version: '1', InstanceArn: INSTANCE_ARN, Users: [{ UserId: userId(1), PhoneConfig: { AutoAccept: 'true' } }], ...extra };

    // Act
    const act = () => parseResourceProperties(wire);

    // Assess
    expect(act).toThrow(InvalidPhoneConfigError);
    expect(act).toThrow(/has an unknown property `(Bogus|Nickname|Ringtone|Color)`; known: /);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['"yes" for a boolean', { AutoAccept: 'yes' }, /`autoAccept` is "yes"; use true or false/],
    ['"True" for a boolean', { PersistentConnection: 'True' }, /`persistentConnection` is "True"; use true or false/],
    ['"30s" for a number', { AfterContactWorkTimeLimit: '30s' }, /`afterContactWorkTimeLimit` is "30s" seconds/],
    ['"-1" for a number', { AfterContactWorkTimeLimit: '-1' }, /`afterContactWorkTimeLimit` is -1 seconds/],
    ['"1.5" for a number', { AfterContactWorkTimeLimit: '1.5' }, /`afterContactWorkTimeLimit` is 1.5 seconds/],
  ])('should let the validator report %s when the value does not parse', (_case, phoneConfig, expected) => {
    // Prepare
    const wire = { ServiceToken: SERVICE_TOKEN, Version: '1', InstanceArn: INSTANCE_ARN, Users: [{ UserId: userId(1), PhoneConfig: phoneConfig }] };

    // Act
    const act = () => parseResourceProperties(wire);

    // Assess
    expect(act).toThrow(expected);
  });

  it.each<[string, unknown, RegExp]>([
    ['Users is a string', { Users: 'alice' }, /`Users` must be a list, got string/],
    ['Channels is a string', { Users: [{ UserId: userId(1), Channels: 'VOICE' }] }, /users\[0\]: `Channels` must be a list, got string/],
    ['PhoneConfig is a string', { Users: [{ UserId: userId(1), PhoneConfig: DESK_PHONE }] }, /users\[0\]: `PhoneConfig` must be an object, got string/],
    ['a user is not an object', { Users: ['alice'] }, /users\[0\]: must be an object, got "alice"/],
  ])('should fail with a clear message when %s', (_case, extra, expected) => {
    // Prepare
    const wire = { Version: '1', InstanceArn: INSTANCE_ARN, ...(extra as object) };

    // Act
    const act = () => parseResourceProperties(wire);

    // Assess
    expect(act).toThrow(InvalidPhoneConfigError);
    expect(act).toThrow(expected);
    expect(act).not.toThrow(DESK_PHONE);
  });

  it('should fail naming instanceArn when it is missing', () => {
    // Act
    const act = () => parseResourceProperties({ Version: '1', Users: [{ UserId: userId(1), PhoneConfig: { AutoAccept: 'true' } }] });

    // Assess
    expect(act).toThrow(/`instanceArn` is missing/);
  });

  it('should fail when the properties are not an object', () => {
    // Act / Assess
    expect(() => parseResourceProperties(undefined)).toThrow(/resource: must be an object/);
  });

  it('should read a desired-state object when users are stored in S3', () => {
    // Act
    const spec = parseResourceProperties({ Version: '1', InstanceArn: INSTANCE_ARN, DesiredStateObject: { Bucket: 'assets', Key: 'users.json' } });

    // Assess
    expect(spec.DesiredStateObject).toEqual({ Bucket: 'assets', Key: 'users.json' });
    expect(spec.Users).toBeUndefined();
  });
});

describe('Function: parseUsers', () => {
  it('should parse a stored list of users when scalars are strings', () => {
    // Act
    const users = parseUsers([{ UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: '0', AutoAccept: 'false' } }], 's3://b/k');

    // Assess
    expect(users).toEqual([{ UserId: userId(1), PhoneConfig: { AfterContactWorkTimeLimit: 0, AutoAccept: false } }]);
  });

  it('should name the object when the stored value is not a list', () => {
    // Act / Assess
    expect(() => parseUsers({ Users: [] }, 's3://b/k')).toThrow(/s3:\/\/b\/k: must be a list of users/);
  });
});
