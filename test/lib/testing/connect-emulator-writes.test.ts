import {
  ConnectClient,
  DescribeUserCommand,
  UpdateUserConfigCommand,
  UpdateUserConfigCommandInput,
  UpdateUserPhoneConfigCommand,
} from '@aws-sdk/client-connect';
import { ConnectEmulator } from '../../../lib/testing';
import { captureError, connectClient, startWithClient, stopWithClient } from '../../fixtures/emulator-clients';

describe('ConnectEmulator writes', () => {
  let emulator: ConnectEmulator;
  let client: ConnectClient;
  let instanceId: string;
  let userId: string;

  beforeAll(async () => {
    ({ emulator, client } = await startWithClient(connectClient));
  });

  afterAll(() => stopWithClient(emulator, client));

  beforeEach(() => {
    instanceId = emulator.createInstance();
    userId = emulator.createUser(instanceId, {
      username: 'agent',
      phoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+15551230000', AutoAccept: true, PersistentConnection: true },
      channels: {
        VOICE: {
          afterContactWorkTimeLimit: 30,
          agentFirstCallbackAutoAccept: true,
          agentFirstCallbackAfterContactWorkTimeLimit: 15,
          voiceEnhancementMode: 'VOICE_ISOLATION',
        },
        CHAT: { afterContactWorkTimeLimit: 60, autoAccept: true },
        TASK: { afterContactWorkTimeLimit: 90 },
        EMAIL: { afterContactWorkTimeLimit: 120 },
      },
    });
  });

  const acwPerChannel = (): Array<number | undefined> =>
    emulator.getUser(instanceId, userId)?.AfterContactWorkConfigs?.map((c) => c.AfterContactWorkConfig?.AfterContactWorkTimeLimit) ?? [];

  describe('UpdateUserPhoneConfig', () => {
    it('should replace the whole legacy config and set ACW on every channel when called', async () => {
      // Act
      await client.send(new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 5 },
      }));

      // Assess
      const user = emulator.getUser(instanceId, userId);
      expect(user?.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 5, PersistentConnection: false });
      expect(acwPerChannel()).toEqual([5, 5, 5, 5]);
      // Auto-accept of other channels, agent-first-callback and voice enhancement survive.
      expect(user?.AutoAcceptConfigs?.map((c) => c.AutoAccept)).toEqual([false, true, false, false]);
      expect(user?.AutoAcceptConfigs?.[0].AgentFirstCallbackAutoAccept).toBe(true);
      expect(user?.AfterContactWorkConfigs?.[0].AgentFirstCallbackAfterContactWorkConfig?.AfterContactWorkTimeLimit).toBe(15);
      expect(user?.VoiceEnhancementConfigs?.[0].VoiceEnhancementMode).toBe('VOICE_ISOLATION');
    });

    it('should reset ACW to 0 everywhere when AfterContactWorkTimeLimit is omitted', async () => {
      // Act
      await client.send(new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+15551230000' },
      }));

      // Assess
      expect(acwPerChannel()).toEqual([0, 0, 0, 0]);
    });

    it('should answer InvalidParameterException and change nothing when DESK_PHONE has no number', async () => {
      // Prepare
      const before = emulator.getUser(instanceId, userId);

      // Act
      const err = await captureError(client.send(new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'DESK_PHONE', AfterContactWorkTimeLimit: 1 },
      })));

      // Assess
      expect(err.name).toBe('InvalidParameterException');
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.message).toContain('DeskPhoneNumber');
      expect(emulator.getUser(instanceId, userId)).toEqual(before);
    });

    it.each([
      ['a number without a plus sign', '15551230000'],
      ['a number starting with 0', '+05551230000'],
      ['a number that is too long', '+1234567890123456'],
      ['trailing text', '+15551230000x'],
    ])('should reject the phone number and change nothing when it is %s', async (_label, number) => {
      // Prepare
      const before = emulator.getUser(instanceId, userId);

      // Act
      const err = await captureError(client.send(new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: number },
      })));

      // Assess
      expect(err.name).toBe('InvalidParameterException');
      expect(err.message).toContain('DeskPhoneNumber');
      expect(emulator.getUser(instanceId, userId)).toEqual(before);
    });

    it.each([[-1], [2_000_001], [1.5]])('should reject ACW %p and change nothing when it is out of range', async (acw) => {
      // Prepare
      const before = emulator.getUser(instanceId, userId);

      // Act
      const err = await captureError(client.send(new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: acw },
      })));

      // Assess
      expect(err.name).toBe('InvalidParameterException');
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.message).toContain('AfterContactWorkTimeLimit');
      expect(emulator.getUser(instanceId, userId)).toEqual(before);
    });

    it('should accept the documented upper bound when ACW is 2,000,000', async () => {
      // Act
      await client.send(new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 2_000_000 },
      }));

      // Assess
      expect(acwPerChannel()).toEqual([2_000_000, 2_000_000, 2_000_000, 2_000_000]);
    });

    it('should reject a missing PhoneType when the request omits it', async () => {
      // Act
      const err = await captureError(client.send(new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId, UserId: userId, PhoneConfig: { AutoAccept: true } as never,
      })));

      // Assess
      expect(err.name).toBe('InvalidParameterException');
      expect(err.message).toContain('PhoneType');
    });

    it('should bump LastModifiedTime when a write succeeds', async () => {
      // Prepare
      const before = (await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }))).User?.LastModifiedTime;
      await new Promise((r) => setTimeout(r, 5));

      // Act
      await client.send(new UpdateUserPhoneConfigCommand({ InstanceId: instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE' } }));

      // Assess
      const after = (await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: userId }))).User?.LastModifiedTime;
      expect(after!.getTime()).toBeGreaterThan(before!.getTime());
    });
  });

  describe('UpdateUserConfig', () => {
    const send = (input: Omit<UpdateUserConfigCommandInput, 'InstanceId' | 'UserId'>): Promise<unknown> =>
      client.send(new UpdateUserConfigCommand({ InstanceId: instanceId, UserId: userId, ...input }));

    it('should merge per channel and leave everything else alone when lists are partial', async () => {
      // Act
      await send({
        AfterContactWorkConfigs: [{ Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 7 } }],
        AutoAcceptConfigs: [{ Channel: 'TASK', AutoAccept: true }],
        VoiceEnhancementConfigs: [{ Channel: 'VOICE', VoiceEnhancementMode: 'NONE' }],
      });

      // Assess
      const user = emulator.getUser(instanceId, userId);
      expect(acwPerChannel()).toEqual([30, 7, 90, 120]);
      expect(user?.AutoAcceptConfigs?.map((c) => c.AutoAccept)).toEqual([true, true, true, false]);
      expect(user?.AutoAcceptConfigs?.[0].AgentFirstCallbackAutoAccept).toBe(true);
      expect(user?.VoiceEnhancementConfigs?.[0].VoiceEnhancementMode).toBe('NONE');
      expect(user?.PhoneConfig).toEqual({
        PhoneType: 'DESK_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30, DeskPhoneNumber: '+15551230000', PersistentConnection: true,
      });
    });

    it('should keep fields omitted inside an entry when only the agent-first-callback part is sent', async () => {
      // Act
      await send({
        AfterContactWorkConfigs: [{
          Channel: 'VOICE', AfterContactWorkConfig: {}, AgentFirstCallbackAfterContactWorkConfig: { AfterContactWorkTimeLimit: 99 },
        }],
      });

      // Assess
      const voice = emulator.getUser(instanceId, userId)?.AfterContactWorkConfigs?.[0];
      expect(voice?.AfterContactWorkConfig?.AfterContactWorkTimeLimit).toBe(30);
      expect(voice?.AgentFirstCallbackAfterContactWorkConfig?.AfterContactWorkTimeLimit).toBe(99);
    });

    it('should switch to a soft phone and update the legacy view when PhoneNumberConfigs changes VOICE', async () => {
      // Act
      await send({
        PhoneNumberConfigs: [{ Channel: 'VOICE', PhoneType: 'SOFT_PHONE', PhoneNumber: '' }],
        PersistentConnectionConfigs: [{ Channel: 'VOICE', PersistentConnection: false }],
      });

      // Assess
      expect(emulator.getUser(instanceId, userId)?.PhoneConfig).toEqual({
        PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30, PersistentConnection: false,
      });
    });

    it.each([
      ['PhoneNumberConfigs on CHAT', { PhoneNumberConfigs: [{ Channel: 'CHAT', PhoneType: 'SOFT_PHONE' }] }, 'PhoneNumberConfigs'],
      ['PersistentConnectionConfigs on TASK', { PersistentConnectionConfigs: [{ Channel: 'TASK', PersistentConnection: true }] }, 'PersistentConnectionConfigs'],
      ['VoiceEnhancementConfigs on EMAIL', { VoiceEnhancementConfigs: [{ Channel: 'EMAIL', VoiceEnhancementMode: 'NONE' }] }, 'VoiceEnhancementConfigs'],
      ['AgentFirstCallbackAutoAccept on CHAT', { AutoAcceptConfigs: [{ Channel: 'CHAT', AutoAccept: true, AgentFirstCallbackAutoAccept: true }] }, 'AgentFirstCallbackAutoAccept'],
      ['a duplicate channel', {
        AfterContactWorkConfigs: [
          { Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 1 } },
          { Channel: 'CHAT', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 2 } },
        ],
      }, 'more than once'],
      ['an unknown channel', { AutoAcceptConfigs: [{ Channel: 'SMS', AutoAccept: true }] }, 'Channel'],
      ['an unknown voice enhancement mode', { VoiceEnhancementConfigs: [{ Channel: 'VOICE', VoiceEnhancementMode: 'LOUD' }] }, 'VoiceEnhancementMode'],
      ['a non-integer ACW', { AfterContactWorkConfigs: [{ Channel: 'TASK', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 2.5 } }] }, 'AfterContactWorkTimeLimit'],
      ['an ACW above 2,000,000', { AfterContactWorkConfigs: [{ Channel: 'TASK', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 2_000_001 } }] }, 'AfterContactWorkTimeLimit'],
      ['a bad E.164 number', { PhoneNumberConfigs: [{ Channel: 'VOICE', PhoneType: 'DESK_PHONE', PhoneNumber: '555-1234' }] }, 'PhoneNumber'],
      ['an entry missing a required member', { PersistentConnectionConfigs: [{ Channel: 'VOICE' }] }, 'PersistentConnection is required'],
      ['a desk phone left without number', { PhoneNumberConfigs: [{ Channel: 'VOICE', PhoneType: 'DESK_PHONE', PhoneNumber: '' }] }, 'PhoneNumber'],
    ])('should answer InvalidParameterException and change nothing when the request has %s', async (_label, input, mentions) => {
      // Prepare
      const before = emulator.getUser(instanceId, userId);

      // Act
      // A valid change rides along to prove the whole request is refused, not just the bad part.
      const err = await captureError(send({
        ...(input as object),
        ...('AutoAcceptConfigs' in input ? {} : { AutoAcceptConfigs: [{ Channel: 'EMAIL', AutoAccept: true }] }),
      } as never));

      // Assess
      expect(err.name).toBe('InvalidParameterException');
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.message).toContain(mentions);
      expect(emulator.getUser(instanceId, userId)).toEqual(before);
    });
  });
});
