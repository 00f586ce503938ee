import { CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  ConnectChannel,
  PhoneType,
  UserPhoneConfig,
  UserPhoneConfigFleet,
  VoiceEnhancementMode,
} from '../../lib';
import { RESOURCE_TYPE } from '../../lib/core/contract';
import {
  DESK_PHONE_NUMBER,
  INSTANCE_ID,
  OTHER_INSTANCE_ARN,
  OTHER_USER_ID,
  USER_ID,
  instanceArnJoin,
  messageOf,
  newAgnosticStack,
  newStack,
  synthesized,
} from '../fixtures/stacks';

describe('UserPhoneConfig', () => {
  describe('custom resource properties', () => {
    it('should declare a Custom::ConnectUserPhoneConfig with the Connect field names', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        phoneType: PhoneType.SOFT_PHONE,
        autoAccept: true,
        afterContactWorkTimeLimit: Duration.seconds(30),
        persistentConnection: true,
      });

      // Assess
      expect([UserPhoneConfig.RESOURCE_TYPE, UserPhoneConfigFleet.RESOURCE_TYPE]).toEqual(['Custom::ConnectUserPhoneConfig', 'Custom::ConnectUserPhoneConfig']);
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Version: '1',
        InstanceArn: instanceArnJoin(),
        Users: [{
          UserId: USER_ID,
          PhoneConfig: {
            PhoneType: 'SOFT_PHONE',
            AutoAccept: true,
            AfterContactWorkTimeLimit: 30,
            PersistentConnection: true,
          },
        }],
        WritesPerSecond: Match.absent(),
        SkipMissingUsers: Match.absent(),
        DesiredStateObject: Match.absent(),
      });
    });

    it('should build the instance ARN from instanceId with the stack partition, account and region', () => {
      // Prepare
      const stack = newAgnosticStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        InstanceArn: {
          'Fn::Join': ['', [
            'arn:', { Ref: 'AWS::Partition' },
            ':connect:', { Ref: 'AWS::Region' },
            ':', { Ref: 'AWS::AccountId' },
            `:instance/${INSTANCE_ID}`,
          ]],
        },
      });
    });

    it('should take instanceArn as it is', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceArn: OTHER_INSTANCE_ARN, userId: USER_ID, autoAccept: true });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { InstanceArn: OTHER_INSTANCE_ARN });
    });

    it('should reject at synth an instance in another region or account: the handler calls Connect in its own', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Remote', { instanceArn: `arn:aws:connect:eu-west-1:999999999999:instance/${INSTANCE_ID}`, userId: USER_ID, autoAccept: true });

      // Assess
      const message = messageOf(() => synthesized(stack));
      expect(message).toContain('`instanceArn` is in region eu-west-1, but the stack (and its handler, which calls Connect in its own region) is in us-east-1. Deploy this construct in a stack in eu-west-1.');
      expect(message).toContain('`instanceArn` is in account 999999999999, but the stack is in 123456789012');
    });

    it('should reject an instance ARN with an unknown partition, a malformed region or an id that is not a UUID', () => {
      for (const arn of [`arn:aws-moon:connect:us-east-1:123456789012:instance/${INSTANCE_ID}`, `arn:aws:connect:useast1:123456789012:instance/${INSTANCE_ID}`, 'arn:aws:connect:us-east-1:123456789012:instance/not-a-uuid-at-all-not-a-uuid-at-all00']) {
        const stack = newStack();
        new UserPhoneConfig(stack, 'Alice', { instanceArn: arn, userId: USER_ID, autoAccept: true });
        expect(messageOf(() => synthesized(stack))).toContain(`\`instanceArn\` is "${arn}"; it must look like arn:aws:connect:us-east-1:123456789012:instance/`);
      }
    });

    it('should name a user by username', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, username: 'alice@example.com', autoAccept: false });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Users: [{ Username: 'alice@example.com', UserId: Match.absent(), PhoneConfig: { AutoAccept: false } }],
      });
    });

    it('should convert after-contact-work Durations to seconds', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        afterContactWorkTimeLimit: Duration.minutes(2),
        channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.millis(45_000) }],
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Users: [Match.objectLike({
          PhoneConfig: { AfterContactWorkTimeLimit: 120 },
          Channels: [{ Channel: 'CHAT', AfterContactWorkTimeLimit: 45 }],
        })],
      });
    });

    it('should keep 0 and false instead of dropping them', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        autoAccept: false,
        afterContactWorkTimeLimit: Duration.seconds(0),
        persistentConnection: false,
        channels: [{ channel: ConnectChannel.TASK, autoAccept: false, afterContactWorkTimeLimit: Duration.seconds(0) }],
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Users: [{
          UserId: USER_ID,
          PhoneConfig: { AutoAccept: false, AfterContactWorkTimeLimit: 0, PersistentConnection: false },
          Channels: [{ Channel: 'TASK', AutoAccept: false, AfterContactWorkTimeLimit: 0 }],
        }],
      });
    });

    it('should write every VOICE channel setting with its Connect name', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        channels: [{
          channel: ConnectChannel.VOICE,
          autoAccept: true,
          agentFirstCallbackAutoAccept: false,
          afterContactWorkTimeLimit: Duration.seconds(20),
          agentFirstCallbackAfterContactWorkTimeLimit: Duration.seconds(10),
          phoneType: PhoneType.DESK_PHONE,
          phoneNumber: DESK_PHONE_NUMBER,
          persistentConnection: false,
          voiceEnhancementMode: VoiceEnhancementMode.NOISE_SUPPRESSION,
        }],
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Users: [{
          UserId: USER_ID,
          PhoneConfig: Match.absent(),
          Channels: [{
            Channel: 'VOICE',
            AutoAccept: true,
            AgentFirstCallbackAutoAccept: false,
            AfterContactWorkTimeLimit: 20,
            AgentFirstCallbackAfterContactWorkTimeLimit: 10,
            PhoneType: 'DESK_PHONE',
            PhoneNumber: DESK_PHONE_NUMBER,
            PersistentConnection: false,
            VoiceEnhancementMode: 'NOISE_SUPPRESSION',
          }],
        }],
      });
    });

    it('should pass writesPerSecond and skipMissingUsers', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        autoAccept: true,
        writesPerSecond: 5,
        skipMissingUsers: true,
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { WritesPerSecond: 5, SkipMissingUsers: true });
    });

    it('should pass the bursts it declares, and leave them out by default (the handler applies 5, 10, 5)', () => {
      // Prepare
      const stack = newStack();
      const other = newStack('Other');

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, writesBurst: 1, describeUsersBurst: 20, searchUsersBurst: 2 });
      new UserPhoneConfig(other, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { WritesBurst: 1, DescribeUsersBurst: 20, SearchUsersBurst: 2 });
      Template.fromStack(other).hasResourceProperties(RESOURCE_TYPE, { WritesBurst: Match.absent(), DescribeUsersBurst: Match.absent(), SearchUsersBurst: Match.absent() });
    });

    it('should fail at synth when a burst is not a whole number from 1 to 1000', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, writesBurst: 0.5 })))
        .toThrow(/`writesBurst` is 0.5; it must be a whole number from 1 to 1000/);
    });

    it('should pass raised read rates, and leaves them out by default', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, describeUsersPerSecond: 40, searchUsersPerSecond: 8 });
      new UserPhoneConfig(stack, 'Bob', { instanceId: INSTANCE_ID, userId: OTHER_USER_ID, autoAccept: true });

      // Assess
      const template = Template.fromStack(stack);
      template.hasResourceProperties(RESOURCE_TYPE, { DescribeUsersPerSecond: 40, SearchUsersPerSecond: 8 });
      template.hasResourceProperties(RESOURCE_TYPE, { Users: [Match.objectLike({ UserId: OTHER_USER_ID })], DescribeUsersPerSecond: Match.absent(), SearchUsersPerSecond: Match.absent() });
    });
  });

  describe('PerChannelWrites', () => {
    it('should be true by default, and false only when opted out', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });
      new UserPhoneConfig(stack, 'Bob', { instanceId: INSTANCE_ID, userId: OTHER_USER_ID, autoAccept: true, perChannelWrites: false });

      // Assess
      const resources = Object.values(Template.fromStack(stack).findResources(RESOURCE_TYPE)).map((r) => r.Properties.PerChannelWrites);
      expect(resources.sort()).toEqual([false, true]);
    });

    it('should be true when channels are declared', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        channels: [{ channel: ConnectChannel.CHAT, autoAccept: true }],
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { PerChannelWrites: true });
    });

    it('should be true when perChannelWrites is set without channels', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        afterContactWorkTimeLimit: Duration.seconds(30),
        perChannelWrites: true,
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { PerChannelWrites: true });
    });
  });

  describe('tokens', () => {
    it('should skip value checks of CloudFormation parameters and Lazy values', () => {
      // Prepare
      const stack = newStack();
      const instanceId = new CfnParameter(stack, 'InstanceId').valueAsString;
      const acw = new CfnParameter(stack, 'AcwSeconds', { type: 'Number' }).valueAsNumber;

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId,
        userId: Lazy.string({ produce: () => USER_ID }),
        phoneType: PhoneType.DESK_PHONE,
        deskPhoneNumber: new CfnParameter(stack, 'DeskNumber').valueAsString,
        afterContactWorkTimeLimit: Duration.seconds(acw),
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        InstanceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: 'InstanceId' }])] },
        Users: [{
          UserId: USER_ID,
          PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: { Ref: 'DeskNumber' }, AfterContactWorkTimeLimit: { Ref: 'AcwSeconds' } },
        }],
      });
    });

    it('should accept an instance ARN and a username that are tokens', () => {
      // Prepare
      const stack = newStack();
      const instanceArn = new CfnParameter(stack, 'InstanceArn').valueAsString;

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceArn,
        username: new CfnParameter(stack, 'Username').valueAsString,
        channels: [{ channel: ConnectChannel.VOICE, phoneNumber: Lazy.string({ produce: () => 'not checked' }) }],
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        InstanceArn: { Ref: 'InstanceArn' },
        Users: [Match.objectLike({ Username: { Ref: 'Username' } })],
      });
    });
  });

  describe('warnings', () => {
    it('should warn, masked, about a desk phone number declared with SOFT_PHONE', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        phoneType: PhoneType.SOFT_PHONE,
        deskPhoneNumber: DESK_PHONE_NUMBER,
      });

      // Assess
      const annotations = Annotations.fromStack(stack);
      annotations.hasWarning('/TestStack/Alice', Match.stringLikeRegexp('`deskPhoneNumber` \\(\\+\\*+00\\) is declared with SOFT_PHONE'));
      expect(JSON.stringify(annotations.findWarning('*', Match.anyValue()))).not.toContain(DESK_PHONE_NUMBER);
      annotations.hasNoError('*', Match.anyValue());
    });

    it('should do not warn about a well-formed declaration', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        phoneType: PhoneType.DESK_PHONE,
        deskPhoneNumber: DESK_PHONE_NUMBER,
      });

      // Assess
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });
  });

  describe('validation', () => {
    const base = { instanceId: INSTANCE_ID, userId: USER_ID };

    it('should fail when afterContactWorkTimeLimit is not whole seconds', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { ...base, afterContactWorkTimeLimit: Duration.millis(1500) })))
        .toThrow(/`afterContactWorkTimeLimit` is 1\.5 seconds; it must be a whole number of seconds from 0 to 2000000.*Use e\.g\. Duration\.seconds\(30\)/);
    });

    it('should fail when afterContactWorkTimeLimit is above 2,000,000 seconds', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { ...base, afterContactWorkTimeLimit: Duration.seconds(2_000_001) })))
        .toThrow(/`afterContactWorkTimeLimit` is 2000001 seconds; it must be a whole number of seconds from 0 to 2000000/);
    });

    it('should fail when a channel afterContactWorkTimeLimit is not whole seconds', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        ...base,
        channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.millis(100) }],
      }))).toThrow(/channels\[0\]: `afterContactWorkTimeLimit` is 0\.1 seconds; it must be a whole number/);
    });

    it('should fail when DESK_PHONE has no deskPhoneNumber', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { ...base, phoneType: PhoneType.DESK_PHONE })))
        .toThrow(/`phoneType` is DESK_PHONE but no `deskPhoneNumber` is declared.*Add `deskPhoneNumber: '\+15555550100'` \(E\.164\) or use SOFT_PHONE/);
    });

    it('should fail when deskPhoneNumber is not E.164, without showing the number', () => {
      // Prepare
      const stack = newStack();
      const raw = '(555) 555-0199';

      // Act
      const message = messageOf(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        ...base,
        phoneType: PhoneType.DESK_PHONE,
        deskPhoneNumber: raw,
      })));

      // Assess
      expect(message).toMatch(/`deskPhoneNumber` \(\*+99\) is not an E\.164 number; write it as \+ country code and digits only/);
      expect(message).not.toContain(raw);
      expect(message).not.toContain('555-0199');
    });

    it('should fail when a VOICE phoneNumber is not E.164, without showing the number', () => {
      // Prepare
      const stack = newStack();
      const raw = '0015555550199';

      // Act
      const message = messageOf(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        ...base,
        channels: [{ channel: ConnectChannel.VOICE, phoneType: PhoneType.DESK_PHONE, phoneNumber: raw }],
      })));

      // Assess
      expect(message).toMatch(/channels\[0\]: `phoneNumber` \(\*+99\) is not an E\.164 number/);
      expect(message).not.toContain(raw);
    });

    it('should fail when instanceId is not a UUID', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceId: 'my-instance', userId: USER_ID, autoAccept: true })))
        .toThrow(/\[TestStack\/Alice\][\s\S]*`instanceId` is "my-instance"; an Amazon Connect instance id is a UUID such as 11111111-2222-3333-4444-555555555555/);
    });

    it('should fail when instanceArn is not a Connect instance ARN', () => {
      // Prepare
      const stack = newStack();
      const bad = 'arn:aws:connect:us-east-1:123456789012:instance';

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceArn: bad, userId: USER_ID, autoAccept: true })))
        .toThrow(/`instanceArn` is "arn:aws:connect:us-east-1:123456789012:instance"; it must look like arn:aws:connect:us-east-1:123456789012:instance\/<instance id \(a UUID\)>.*or pass `instanceId` instead/);
    });

    it('should fail when both instanceId and instanceArn are declared', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, instanceArn: OTHER_INSTANCE_ARN, userId: USER_ID, autoAccept: true })))
        .toThrow(/\[TestStack\/Alice\][\s\S]*declare exactly one of `instanceId` and `instanceArn` \(got both\)/);
    });

    it('should fail when neither instanceId nor instanceArn is declared', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { userId: USER_ID, autoAccept: true })))
        .toThrow(/declare exactly one of `instanceId` and `instanceArn` \(got neither\)/);
    });

    it('should fail when userId is not a UUID', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: 'alice', autoAccept: true })))
        .toThrow(/`userId` is "alice"; a Connect user id is a UUID.*To name a user by login, use `username`/);
    });

    it('should fail when username has white space', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, username: 'alice smith', autoAccept: true })))
        .toThrow(/`username` is "alice smith"; a Connect username is 1 to 100 of the letters A-Z and a-z, digits and _ - . @/);
    });

    it('should fail when both userId and username are declared', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, username: 'alice', autoAccept: true })))
        .toThrow(/declares both `userId` and `username`; declare exactly one/);
    });

    it('should fail when neither userId nor username is declared', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, autoAccept: true })))
        .toThrow(/declares neither `userId` nor `username`; declare exactly one/);
    });

    it('should fail when no setting is declared', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', base)))
        .toThrow(/Invalid phone configuration in TestStack\/Alice:\n.*declares no setting; declare at least one of `phoneType`, `autoAccept`/);
    });

    it('should fail when a channel declares no setting', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { ...base, autoAccept: true, channels: [{ channel: ConnectChannel.EMAIL }] })))
        .toThrow(/channels\[0\]: channel EMAIL declares no setting; remove the entry or declare one/);
    });

    it('should fail when writesPerSecond is not above 0', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { ...base, autoAccept: true, writesPerSecond: 0 })))
        .toThrow(/`writesPerSecond` is 0; it must be a number above 0/);
    });

    it('should fail when the same user is declared twice in one stack, naming both construct paths', () => {
      // Prepare
      const stack = newStack();
      new UserPhoneConfig(stack, 'First', { ...base, autoAccept: true });

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Second', { ...base, userId: USER_ID.toUpperCase(), afterContactWorkTimeLimit: Duration.seconds(10) })))
        .toThrow(/user id AAAAAAAA-0000-0000-0000-000000000001 is declared twice in stack TestStack: in `TestStack\/First` and in `TestStack\/Second`\. Declare each user once per stack/);
    });

    it('should fail when a user of a fleet is also declared on its own', () => {
      // Prepare
      const stack = newStack();
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, users: [{ username: 'alice', autoAccept: true }] });

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, username: 'alice', autoAccept: false })))
        .toThrow(/username alice is declared twice in stack TestStack: in `TestStack\/Agents` and in `TestStack\/Alice`/);
    });

    it('should fail when the same user is declared once by instanceId and once by instanceArn', () => {
      // Prepare
      const stack = newStack();
      new UserPhoneConfig(stack, 'ById', { ...base, autoAccept: true });

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'ByArn', {
        instanceArn: `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE_ID}`,
        userId: USER_ID,
        autoAccept: true,
      }))).toThrow(/is declared twice in stack TestStack: in `TestStack\/ById` and in `TestStack\/ByArn`/);
    });

    it('should fail when perChannelWrites is false but channels are declared', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        ...base,
        perChannelWrites: false,
        channels: [{ channel: ConnectChannel.CHAT, autoAccept: true }],
      }))).toThrow(/`perChannelWrites` is false but per-channel settings \(`channels`\) are declared.*Remove `perChannelWrites: false` or the `channels`/);
    });

    it('should allow the same user in two stacks and two users in one stack', () => {
      // Prepare
      const stack = newStack();
      const other = new Stack(stack.node.root, 'OtherStack');

      // Act
      new UserPhoneConfig(stack, 'Alice', { ...base, autoAccept: true });
      new UserPhoneConfig(stack, 'Bob', { ...base, userId: OTHER_USER_ID, autoAccept: true });
      new UserPhoneConfig(other, 'Alice', { ...base, autoAccept: true });

      // Assess
      Template.fromStack(stack).resourceCountIs(RESOURCE_TYPE, 2);
    });

    it('should fail when a channel is declared twice', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        ...base,
        channels: [
          { channel: ConnectChannel.CHAT, autoAccept: true },
          { channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(5) },
        ],
      }))).toThrow(/channels\[1\]: channel CHAT is declared twice; merge its settings into one entry/);
    });

    it('should fail when VOICE-only settings are declared on CHAT', () => {
      // Prepare
      const stack = newStack();

      // Act
      const message = messageOf(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        ...base,
        channels: [{ channel: ConnectChannel.CHAT, phoneType: PhoneType.SOFT_PHONE, voiceEnhancementMode: VoiceEnhancementMode.NONE }],
      })));

      // Assess
      expect(message).toMatch(/channels\[0\]: `phoneType` is declared for CHAT; Connect has it on the VOICE channel only\. Move it to the VOICE entry/);
      expect(message).toMatch(/`voiceEnhancementMode` is declared for CHAT/);
    });

    it('should fail when a legacy setting contradicts the VOICE channel', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        ...base,
        autoAccept: true,
        channels: [{ channel: ConnectChannel.VOICE, autoAccept: false }],
      }))).toThrow(/VOICE `autoAccept` \(false\) contradicts `autoAccept` \(true\); Connect keeps both in the same VOICE setting\. Declare it once/);
    });

    it('should fail when the desk number contradicts the VOICE phone number, showing both masked', () => {
      // Prepare
      const stack = newStack();
      const other = '+15555550111';

      // Act
      const message = messageOf(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        ...base,
        phoneType: PhoneType.DESK_PHONE,
        deskPhoneNumber: DESK_PHONE_NUMBER,
        channels: [{ channel: ConnectChannel.VOICE, phoneNumber: other }],
      })));

      // Assess
      expect(message).toMatch(/VOICE `phoneNumber` \(\+\*+11\) contradicts `deskPhoneNumber` \(\+\*+00\)/);
      expect(message).not.toContain(other);
      expect(message).not.toContain(DESK_PHONE_NUMBER);
    });

    it('should list every problem of a declaration in one error', () => {
      // Prepare
      const stack = newStack();

      // Act
      const message = messageOf(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: 'nope',
        afterContactWorkTimeLimit: Duration.millis(1),
        phoneType: PhoneType.DESK_PHONE,
      })));

      // Assess
      expect(message.split('\n')).toHaveLength(5);
      expect(message).toMatch(/`userId` is "nope"/);
      expect(message).toMatch(/`afterContactWorkTimeLimit` is 0\.001 seconds/);
      expect(message).toMatch(/no `deskPhoneNumber` is declared/);
    });

    it('should report the problems of every construct at synth, all at once, and creates no provider for an invalid one', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: 'nope', autoAccept: true });
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, users: [{ username: 'bob', autoAccept: 'yes' as unknown as boolean }] });

      // Assess
      const message = messageOf(() => synthesized(stack));
      expect(message).toContain('[TestStack/Alice] Invalid phone configuration in TestStack/Alice:');
      expect(message).toContain('`userId` is "nope"');
      expect(message).toContain('[TestStack/Agents] Invalid phone configuration in TestStack/Agents:');
      expect(message).toContain('`autoAccept` is "yes"; use true or false.');
      // No handler was bundled for them: the first error comes without the bundling wait.
      expect(stack.node.findAll().filter((c) => c.node.id === 'ConnectPhoneConfigProvider')).toEqual([]);
    });

    it.each([
      ['a zero-width space', 'ali\u200bce', '"ali\\u{200b}ce"'],
      ['a right-to-left override', 'ecila\u202e', '"ecila\\u{202e}"'],
      ['a character Connect does not allow', 'alice#1', '"alice#1"'],
    ])('should fail when a username has %s, showing it escaped', (_what, username, shown) => {
      // Prepare
      const stack = newStack();

      // Act
      const message = messageOf(() => synthesized(new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, username, autoAccept: true })));

      // Assess
      expect(message).toContain(`\`username\` is ${shown}; a Connect username is 1 to 100 of the letters A-Z and a-z, digits and _ - . @`);
    });

    it('should fail when a username has @ outside an email address, and accepts an email address', () => {
      expect(messageOf(() => synthesized(new UserPhoneConfig(newStack(), 'Alice', { instanceId: INSTANCE_ID, username: 'alice@example', autoAccept: true }))))
        .toContain('Connect allows @ in a username only as an email address');
      const ok = newStack();
      new UserPhoneConfig(ok, 'Alice', { instanceId: INSTANCE_ID, username: 'alice.smith@example.com', autoAccept: true });
      expect(() => synthesized(ok)).not.toThrow();
    });

    it('should fail with the property and the fix, not a TypeError, when a JavaScript caller passes a number for a Duration', () => {
      // Prepare
      const stack = newStack();

      // Act
      const message = messageOf(() => synthesized(new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: USER_ID,
        afterContactWorkTimeLimit: 30 as unknown as Duration,
        channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: 45 as unknown as Duration }],
      })));

      // Assess
      expect(message).toContain('users[0]: `afterContactWorkTimeLimit` is 30, not a Duration; write e.g. Duration.seconds(30).');
      expect(message).toContain('users[0]: `channels[0].afterContactWorkTimeLimit` is 45, not a Duration; write e.g. Duration.seconds(45).');
      expect(message).not.toMatch(/TypeError/);
    });

    it('should take a desk number from an SSM parameter: DESK_PHONE needs no inline number, the handler may read only that parameter', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, phoneType: PhoneType.DESK_PHONE, deskPhoneNumberParameterName: '/connect/desk/alice' });

      // Assess
      const template = Template.fromStack(stack);
      template.hasResourceProperties(RESOURCE_TYPE, { Users: [{ UserId: USER_ID, DeskPhoneNumberParameter: '/connect/desk/alice', PhoneConfig: { PhoneType: 'DESK_PHONE' } }] });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:parameter/connect/desk/alice']] } }]) },
      });
    });

    it('should fail when a desk number is declared both inline and as an SSM parameter', () => {
      const message = messageOf(() => synthesized(new UserPhoneConfig(newStack(), 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, deskPhoneNumber: DESK_PHONE_NUMBER, deskPhoneNumberParameterName: '/connect/desk/alice' })));
      expect(message).toContain('declares both `deskPhoneNumberParameterName` and a desk number');
      expect(message).not.toContain(DESK_PHONE_NUMBER);
    });

    it('should fail with the property and the fix, not a TypeError, when a fleet has no users', () => {
      const message = messageOf(() => synthesized(new UserPhoneConfigFleet(newStack(), 'Agents', { instanceId: INSTANCE_ID } as never)));
      expect(message).toContain("`users` is empty; declare at least one user, e.g. users: [{ username: 'alice' }], or agent `selectors`.");
    });
  });

  describe('attributes', () => {
    it('should expose the resolved user id and the changes as attributes', () => {
      // Prepare
      const stack = newStack();
      const alice = new UserPhoneConfig(stack, 'Alice', { ...{ instanceId: INSTANCE_ID, userId: USER_ID }, autoAccept: true });

      // Act
      const userId = stack.resolve(alice.userId);
      const changes = stack.resolve(alice.changes);

      // Assess
      expect(userId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Alice/), 'UserIds'] });
      expect(changes).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Alice/), 'Changes'] });
    });
  });
});
