/**
 * End to end: per-channel settings (UpdateUserConfig) and the rule that picks the write call
 * (lib/core/plan.ts, docs/which-api-call.md), deployed with LocalCloudFormation (the bundled
 * handler, string-typed properties) against the Connect emulator.
 *
 * Every scenario compares the whole emulator user before and after, so a write that touches an
 * undeclared channel or setting fails the test, not only a declared setting that is wrong.
 */
import type { User } from '@aws-sdk/client-connect';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ConnectChannel, PhoneType, UserPhoneConfig, VoiceEnhancementMode } from '../../lib';
import { findStack } from '../../lib/assembly/cloud-assembly';
import { CreateUserOptions, DeployResult } from '../../lib/testing';
import { synthesize } from '../fixtures/assembly';
import { EmulatorWorld } from '../fixtures/emulator';
import { DESK_PHONE_NUMBER, ENV, INSTANCE_ID, actionsOf, connectStatements } from '../fixtures/stacks';

/**
 * A user unlike the API defaults everywhere a careless write would show: ACW 30 s on every
 * channel, EMAIL auto-accepting, an agent-first-callback ACW of 10 s on VOICE.
 */
function baseline(username: string, overrides: Partial<CreateUserOptions> = {}): CreateUserOptions {
  return {
    username,
    phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30, PersistentConnection: false },
    channels: { EMAIL: { autoAccept: true }, VOICE: { agentFirstCallbackAfterContactWorkTimeLimit: 10 } },
    ...overrides,
  };
}

/** Live ACW differs by channel: VOICE 20, CHAT 60, TASK 120, EMAIL 20. */
function differingAcw(username: string): CreateUserOptions {
  return baseline(username, {
    phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 20, PersistentConnection: false },
    channels: { CHAT: { afterContactWorkTimeLimit: 60 }, TASK: { afterContactWorkTimeLimit: 120 }, EMAIL: { autoAccept: true } },
  });
}

/** Synthesizes one stack (handler bundled for real), with a new deployment nonce each call. */
function synthStack(declare: (stack: Stack) => void): string {
  return synthesize((app) => declare(new Stack(app, 'PerChannelE2E', { env: ENV })));
}

function templateOf(cdkOut: string): Template {
  return Template.fromJSON(findStack(cdkOut).template as unknown as Record<string, unknown>);
}

/**
 * A user as flat `path → value` pairs; list entries are keyed by their channel, so
 * `AfterContactWorkConfigs.CHAT.AfterContactWorkConfig.AfterContactWorkTimeLimit`.
 * LastModifiedTime/Region are left out: they change with any write.
 */
function flatten(user: User | undefined): Record<string, unknown> {
  if (user === undefined) throw new Error('user not found in the emulator');
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      value.forEach((entry, i) => walk(entry, `${at}.${(entry as { Channel?: string } | null)?.Channel ?? i}`));
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const [key, v] of Object.entries(value)) walk(v, at === '' ? key : `${at}.${key}`);
    } else {
      out[at] = value;
    }
  };
  walk(user, '');
  delete out.LastModifiedTime;
  delete out.LastModifiedRegion;
  return out;
}

/** What differs between two snapshots: each changed path with its new value (undefined when removed). */
function changed(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return Object.fromEntries([...keys].filter((k) => !Object.is(before[k], after[k])).map((k) => [k, after[k]]));
}

const acwPath = (channel: string) => `AfterContactWorkConfigs.${channel}.AfterContactWorkConfig.AfterContactWorkTimeLimit`;
const autoAcceptPath = (channel: string) => `AutoAcceptConfigs.${channel}.AutoAccept`;

/** A small world per describe (one emulator, one instance, one LocalCloudFormation), read as flat snapshots. */
class World extends EmulatorWorld {
  snapshot(userId: string): Record<string, unknown> {
    return flatten(this.emulator.getUser(INSTANCE_ID, userId));
  }

  /** The write operations sent for one user since the last `resetCalls`. */
  writesTo(userId: string): string[] {
    return this.emulator.calls()
      .filter((c) => c.userId === userId && (c.operation === 'UpdateUserPhoneConfig' || c.operation === 'UpdateUserConfig'))
      .map((c) => c.operation);
  }

  total(operation: 'UpdateUserPhoneConfig' | 'UpdateUserConfig' | 'DescribeUser' | 'SearchUsers'): number {
    return this.emulator.callCounts()[operation]?.total ?? 0;
  }

  async deploy(cdkOut: string): Promise<DeployResult> {
    this.emulator.resetCalls();
    return this.cfn.deploy(cdkOut);
  }
}

describe('per-channel settings, each declared on its own user', () => {
  const world = new World();
  const users: Record<string, string> = {};
  const before: Record<string, Record<string, unknown>> = {};
  const after: Record<string, Record<string, unknown>> = {};
  let firstDeploy: DeployResult;
  let firstWrites: Record<string, string[]>;
  let firstTotals: Record<string, number>;
  let redeploy: DeployResult;
  let redeployTotals: Record<string, number>;
  let redeployWrites: string[];
  let cdkOut: string;

  const declare = (stack: Stack) => {
    const base = { instanceId: INSTANCE_ID };
    new UserPhoneConfig(stack, 'AutoAccept', {
      ...base,
      userId: users.autoAccept,
      channels: [
        { channel: ConnectChannel.VOICE, autoAccept: true, agentFirstCallbackAutoAccept: true },
        { channel: ConnectChannel.CHAT, autoAccept: true },
        { channel: ConnectChannel.TASK, autoAccept: true },
      ],
    });
    new UserPhoneConfig(stack, 'Acw', {
      ...base,
      userId: users.acw,
      channels: [
        { channel: ConnectChannel.VOICE, afterContactWorkTimeLimit: Duration.seconds(20), agentFirstCallbackAfterContactWorkTimeLimit: Duration.seconds(15) },
        { channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(60) },
        // Zero means unlimited: a legal, falsy value.
        { channel: ConnectChannel.TASK, afterContactWorkTimeLimit: Duration.seconds(0) },
      ],
    });
    new UserPhoneConfig(stack, 'DeskPhone', {
      ...base,
      userId: users.deskPhone,
      channels: [{ channel: ConnectChannel.VOICE, phoneType: PhoneType.DESK_PHONE, phoneNumber: DESK_PHONE_NUMBER }],
    });
    new UserPhoneConfig(stack, 'Persistent', {
      ...base,
      userId: users.persistent,
      channels: [{ channel: ConnectChannel.VOICE, persistentConnection: true }],
    });
    for (const mode of Object.values(VoiceEnhancementMode)) {
      new UserPhoneConfig(stack, `Voice${mode}`, {
        ...base,
        userId: users[`voice:${mode}`],
        channels: [{ channel: ConnectChannel.VOICE, voiceEnhancementMode: mode }],
      });
    }
    // "alice's chat ACW is 60 s, voice ACW 20 s, voice isolation on", alice named as people know her.
    new UserPhoneConfig(stack, 'Alice', {
      ...base,
      username: 'alice',
      channels: [
        { channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(60) },
        { channel: ConnectChannel.VOICE, afterContactWorkTimeLimit: Duration.seconds(20), voiceEnhancementMode: VoiceEnhancementMode.VOICE_ISOLATION },
      ],
    });
  };

  beforeAll(async () => {
    await world.start();
    users.autoAccept = world.createUser(baseline('auto-accept'));
    users.acw = world.createUser(baseline('acw'));
    users.deskPhone = world.createUser(baseline('desk-phone'));
    users.persistent = world.createUser(baseline('persistent'));
    // Each voice enhancement mode is declared on a user whose live mode is another one.
    users['voice:VOICE_ISOLATION'] = world.createUser(baseline('voice-isolation'));
    users['voice:NOISE_SUPPRESSION'] = world.createUser(baseline('noise-suppression'));
    users['voice:NONE'] = world.createUser(baseline('voice-none', {
      channels: { EMAIL: { autoAccept: true }, VOICE: { agentFirstCallbackAfterContactWorkTimeLimit: 10, voiceEnhancementMode: 'NOISE_SUPPRESSION' } },
    }));
    users.alice = world.createUser(baseline('alice'));
    // Someone else in the instance, named by no construct.
    users.bystander = world.createUser(baseline('bystander'));
    for (const [key, id] of Object.entries(users)) before[key] = world.snapshot(id);

    firstDeploy = await world.deploy(synthStack(declare));
    firstWrites = Object.fromEntries(Object.entries(users).map(([key, id]) => [key, world.writesTo(id)]));
    firstTotals = { UpdateUserPhoneConfig: world.total('UpdateUserPhoneConfig'), UpdateUserConfig: world.total('UpdateUserConfig') };
    for (const [key, id] of Object.entries(users)) after[key] = world.snapshot(id);

    cdkOut = synthStack(declare);
    redeploy = await world.deploy(cdkOut);
    redeployTotals = { UpdateUserPhoneConfig: world.total('UpdateUserPhoneConfig'), UpdateUserConfig: world.total('UpdateUserConfig') };
    redeployWrites = Object.values(users).flatMap((id) => world.writesTo(id));
  });

  afterAll(() => world.stop());

  it('should write every declared user with one call: UpdateUserPhoneConfig only where it changes exactly the declared VOICE settings', () => {
    expect(firstDeploy.status).toBe('SUCCEEDED');
    expect(firstDeploy.events.map((e) => e.status)).toEqual(new Array(8).fill('SUCCESS'));
    expect(firstTotals.UpdateUserPhoneConfig + firstTotals.UpdateUserConfig).toBe(8);
    for (const key of Object.keys(users).filter((k) => k !== 'bystander')) {
      expect({ key, writes: firstWrites[key].length }).toEqual({ key, writes: 1 });
    }
    expect(firstWrites.bystander).toEqual([]);
    expect(changed(before.bystander, after.bystander)).toEqual({});
  });

  it('should change only those settings for auto-accept per channel (and agent-first callbacks on VOICE)', () => {
    expect(changed(before.autoAccept, after.autoAccept)).toEqual({
      [autoAcceptPath('VOICE')]: true,
      'AutoAcceptConfigs.VOICE.AgentFirstCallbackAutoAccept': true,
      [autoAcceptPath('CHAT')]: true,
      [autoAcceptPath('TASK')]: true,
      // The legacy view is VOICE's.
      'PhoneConfig.AutoAccept': true,
    });
  });

  it('should change only those channels for ACW per channel (and the agent-first-callback ACW on VOICE), 0 included', () => {
    expect(changed(before.acw, after.acw)).toEqual({
      [acwPath('VOICE')]: 20,
      'AfterContactWorkConfigs.VOICE.AgentFirstCallbackAfterContactWorkConfig.AfterContactWorkTimeLimit': 15,
      [acwPath('CHAT')]: 60,
      [acwPath('TASK')]: 0,
      'PhoneConfig.AfterContactWorkTimeLimit': 20,
    });
    // EMAIL was not declared: it keeps its 30 s.
    expect(after.acw[acwPath('EMAIL')]).toBe(30);
  });

  it('should change only phone type and number on VOICE, and never report the number', () => {
    expect(changed(before.deskPhone, after.deskPhone)).toEqual({
      'PhoneNumberConfigs.VOICE.PhoneType': 'DESK_PHONE',
      'PhoneNumberConfigs.VOICE.PhoneNumber': DESK_PHONE_NUMBER,
      'PhoneConfig.PhoneType': 'DESK_PHONE',
      'PhoneConfig.DeskPhoneNumber': DESK_PHONE_NUMBER,
    });
    const event = firstDeploy.events.find((e) => e.data?.UserIds === users.deskPhone);
    expect(event?.data?.Changes).toMatch(/VOICE\.phoneNumber/);
    expect(JSON.stringify(firstDeploy.events)).not.toContain(DESK_PHONE_NUMBER);
  });

  it('should change only persistent connection on VOICE', () => {
    expect(changed(before.persistent, after.persistent)).toEqual({
      'PersistentConnectionConfigs.VOICE.PersistentConnection': true,
      'PhoneConfig.PersistentConnection': true,
    });
  });

  it.each(Object.values(VoiceEnhancementMode))('should change only the voice enhancement mode when it is %s on VOICE', (mode) => {
    const key = `voice:${mode}`;
    expect(before[key]['VoiceEnhancementConfigs.VOICE.VoiceEnhancementMode']).not.toBe(mode);
    expect(changed(before[key], after[key])).toEqual({ 'VoiceEnhancementConfigs.VOICE.VoiceEnhancementMode': mode });
  });

  it("should make exactly alice's chat ACW 60 s, voice ACW 20 s and voice isolation live, changing nothing else", () => {
    expect(changed(before.alice, after.alice)).toEqual({
      [acwPath('CHAT')]: 60,
      [acwPath('VOICE')]: 20,
      'PhoneConfig.AfterContactWorkTimeLimit': 20,
      'VoiceEnhancementConfigs.VOICE.VoiceEnhancementMode': 'VOICE_ISOLATION',
    });
    const event = firstDeploy.events.find((e) => e.logicalId.startsWith('Alice'));
    expect(event?.data?.UserIds).toBe(users.alice);
  });

  it('should read every user on a redeploy, write nothing and leave every user as it was', () => {
    expect(redeploy.status).toBe('SUCCEEDED');
    expect(redeploy.events.map((e) => [e.requestType, e.status, e.data?.Summary])).toEqual(
      new Array(8).fill(['Update', 'SUCCESS', '1 user: 0 changed, 1 unchanged']),
    );
    expect(redeployTotals).toEqual({ UpdateUserPhoneConfig: 0, UpdateUserConfig: 0 });
    expect(redeployWrites).toEqual([]);
    for (const [key, id] of Object.entries(users)) {
      expect({ key, changed: changed(after[key], world.snapshot(id)) }).toEqual({ key, changed: {} });
    }
  });

  it('should grant connect:UpdateUserConfig and tell the handler it may call it', () => {
    const template = templateOf(cdkOut);
    expect(actionsOf(connectStatements(template))).toContain('connect:UpdateUserConfig');
    const resources = template.findResources('Custom::ConnectUserPhoneConfig');
    expect(Object.values(resources).map((r) => (r as { Properties: { PerChannelWrites: unknown } }).Properties.PerChannelWrites)).toEqual(new Array(8).fill(true));
  });
});

describe('a stack mixing legacy settings (A), per-channel settings (B) and both (C)', () => {
  const world = new World();
  const users: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const before: Record<string, Record<string, unknown>> = {};
  const after: Record<string, Record<string, unknown>> = {};
  let deploy: DeployResult;
  let writes: Record<string, string[]>;
  let redeploy: DeployResult;
  let redeployTotals: number[];

  const declare = (stack: Stack) => {
    new UserPhoneConfig(stack, 'A', { instanceId: INSTANCE_ID, userId: users.a, autoAccept: true, afterContactWorkTimeLimit: Duration.seconds(45) });
    new UserPhoneConfig(stack, 'B', {
      instanceId: INSTANCE_ID,
      userId: users.b,
      channels: [
        { channel: ConnectChannel.CHAT, autoAccept: true },
        { channel: ConnectChannel.TASK, afterContactWorkTimeLimit: Duration.seconds(90) },
      ],
    });
    new UserPhoneConfig(stack, 'C', {
      instanceId: INSTANCE_ID,
      userId: users.c,
      autoAccept: true,
      afterContactWorkTimeLimit: Duration.seconds(45),
      channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(60) }],
    });
  };

  beforeAll(async () => {
    await world.start();
    users.a = world.createUser(baseline('user-a'));
    users.b = world.createUser(baseline('user-b'));
    users.c = world.createUser(baseline('user-c'));
    for (const [key, id] of Object.entries(users)) before[key] = world.snapshot(id);
    deploy = await world.deploy(synthStack(declare));
    writes = Object.fromEntries(Object.entries(users).map(([key, id]) => [key, world.writesTo(id)]));
    for (const [key, id] of Object.entries(users)) after[key] = world.snapshot(id);
    redeploy = await world.deploy(synthStack(declare));
    redeployTotals = [world.total('UpdateUserPhoneConfig'), world.total('UpdateUserConfig')];
  });

  afterAll(() => world.stop());

  it('should change VOICE only for A (top-level settings only, uniform live ACW): the other channels keep their ACW', () => {
    expect(deploy.status).toBe('SUCCEEDED');
    expect(writes.a).toEqual(['UpdateUserConfig']);
    expect(changed(before.a, after.a)).toEqual({
      [autoAcceptPath('VOICE')]: true,
      'PhoneConfig.AutoAccept': true,
      'PhoneConfig.AfterContactWorkTimeLimit': 45,
      [acwPath('VOICE')]: 45,
    });
  });

  it('should write B (per-channel only) with UpdateUserConfig: only its declared channels change', () => {
    expect(writes.b).toEqual(['UpdateUserConfig']);
    expect(changed(before.b, after.b)).toEqual({ [autoAcceptPath('CHAT')]: true, [acwPath('TASK')]: 90 });
  });

  it('should write C (both) with one UpdateUserConfig call: legacy settings go to VOICE, other channels keep theirs', () => {
    expect(writes.c).toEqual(['UpdateUserConfig']);
    expect(changed(before.c, after.c)).toEqual({
      [autoAcceptPath('VOICE')]: true,
      'PhoneConfig.AutoAccept': true,
      [acwPath('VOICE')]: 45,
      'PhoneConfig.AfterContactWorkTimeLimit': 45,
      [acwPath('CHAT')]: 60,
    });
    expect(after.c[acwPath('TASK')]).toBe(30);
    expect(after.c[acwPath('EMAIL')]).toBe(30);
  });

  it('should write nothing on a redeploy', () => {
    expect(redeploy.status).toBe('SUCCEEDED');
    expect(redeploy.events.map((e) => e.data?.Summary)).toEqual(new Array(3).fill('1 user: 0 changed, 1 unchanged'));
    expect(redeployTotals).toEqual([0, 0]);
    for (const [key, id] of Object.entries(users)) expect({ key, changed: changed(after[key], world.snapshot(id)) }).toEqual({ key, changed: {} });
  });
});

describe('a legacy-only change on a user whose live ACW differs by channel (CHAT 60, TASK 120, VOICE 20)', () => {
  describe('with the defaults (no channels declared, perChannelWrites left out)', () => {
    const world = new World();
    const users: Record<'autoAccept' | 'acw', string> = { autoAccept: '', acw: '' };
    const before: Record<string, Record<string, unknown>> = {};
    const after: Record<string, Record<string, unknown>> = {};
    let deploy: DeployResult;
    let totals: number[];
    let redeployTotals: number[];
    let cdkOut: string;

    const declare = (stack: Stack) => {
      new UserPhoneConfig(stack, 'AutoAccept', { instanceId: INSTANCE_ID, userId: users.autoAccept, autoAccept: true });
      new UserPhoneConfig(stack, 'LegacyAcw', { instanceId: INSTANCE_ID, userId: users.acw, afterContactWorkTimeLimit: Duration.seconds(45) });
    };

    beforeAll(async () => {
      await world.start();
      users.autoAccept = world.createUser(differingAcw('differs-auto-accept'));
      users.acw = world.createUser(differingAcw('differs-acw'));
      for (const [key, id] of Object.entries(users)) before[key] = world.snapshot(id);
      cdkOut = synthStack(declare);
      deploy = await world.deploy(cdkOut);
      totals = [world.total('UpdateUserPhoneConfig'), world.total('UpdateUserConfig')];
      for (const [key, id] of Object.entries(users)) after[key] = world.snapshot(id);
      await world.deploy(synthStack(declare));
      redeployTotals = [world.total('UpdateUserPhoneConfig'), world.total('UpdateUserConfig')];
    });

    afterAll(() => world.stop());

    it('should write the change to VOICE with UpdateUserConfig; CHAT and TASK keep their ACW', () => {
      expect(deploy.status).toBe('SUCCEEDED');
      expect(totals).toEqual([0, 2]);
      expect(changed(before.autoAccept, after.autoAccept)).toEqual({ [autoAcceptPath('VOICE')]: true, 'PhoneConfig.AutoAccept': true });
      expect(changed(before.acw, after.acw)).toEqual({ [acwPath('VOICE')]: 45, 'PhoneConfig.AfterContactWorkTimeLimit': 45 });
      for (const key of ['autoAccept', 'acw']) {
        expect([after[key][acwPath('CHAT')], after[key][acwPath('TASK')], after[key][acwPath('EMAIL')]]).toEqual([60, 120, 20]);
      }
    });

    it('should write nothing on a redeploy', () => {
      expect(redeployTotals).toEqual([0, 0]);
    });

    it('should grant connect:UpdateUserConfig', () => {
      expect(actionsOf(connectStatements(templateOf(cdkOut)))).toContain('connect:UpdateUserConfig');
    });
  });

  describe('in a stack that opts out of UpdateUserConfig (perChannelWrites: false)', () => {
    const world = new World();
    let userId: string;
    let before: User | undefined;
    let deploy: DeployResult;
    let cdkOut: string;

    beforeAll(async () => {
      await world.start();
      userId = world.createUser(differingAcw('blocked'));
      before = world.emulator.getUser(INSTANCE_ID, userId);
      cdkOut = synthStack((stack) => {
        new UserPhoneConfig(stack, 'Blocked', { instanceId: INSTANCE_ID, userId, afterContactWorkTimeLimit: Duration.seconds(45), perChannelWrites: false });
      });
      deploy = await world.deploy(cdkOut);
    });

    afterAll(() => world.stop());

    it('should neither grant connect:UpdateUserConfig nor let the handler call it', () => {
      const template = templateOf(cdkOut);
      expect(actionsOf(connectStatements(template))).not.toContain('connect:UpdateUserConfig');
      expect(JSON.stringify(template.toJSON())).not.toContain('connect:UpdateUserConfig');
      template.hasResourceProperties('Custom::ConnectUserPhoneConfig', { PerChannelWrites: false });
    });

    it('should fail the deploy for that user with a reason saying what to do', () => {
      expect(deploy.status).toBe('ROLLED_BACK');
      expect(deploy.reason).toContain(`blocked (${userId})`);
      expect(deploy.reason).toContain('UpdateUserPhoneConfig would also set the after-contact-work timeout of CHAT (60 s), TASK (120 s), EMAIL (20 s) to 45 s, which is not declared');
      expect(deploy.reason).toContain('Remove `perChannelWrites: false`');
    });

    it('should write nothing to the user: it is exactly as it was', () => {
      expect(world.total('UpdateUserPhoneConfig')).toBe(0);
      expect(world.total('UpdateUserConfig')).toBe(0);
      expect(world.emulator.getUser(INSTANCE_ID, userId)).toEqual(before);
    });
  });
});

describe('a legacy-only change on a user whose live ACW is the same on every channel', () => {
  const world = new World();
  let userId: string;
  let before: Record<string, unknown>;
  let after: Record<string, unknown>;
  let deploy: DeployResult;
  let writes: string[];
  let redeploy: DeployResult;
  let redeployWrites: string[];

  const declare = (stack: Stack) => {
    new UserPhoneConfig(stack, 'Uniform', { instanceId: INSTANCE_ID, userId, afterContactWorkTimeLimit: Duration.seconds(45), persistentConnection: true });
  };

  beforeAll(async () => {
    await world.start();
    // Per-channel auto-accept differs (CHAT on): the legacy call must leave it alone.
    userId = world.createUser(baseline('uniform', {
      channels: { EMAIL: { autoAccept: true }, CHAT: { autoAccept: true }, VOICE: { agentFirstCallbackAfterContactWorkTimeLimit: 10, voiceEnhancementMode: 'VOICE_ISOLATION' } },
    }));
    before = world.snapshot(userId);
    deploy = await world.deploy(synthStack(declare));
    writes = world.writesTo(userId);
    after = world.snapshot(userId);
    redeploy = await world.deploy(synthStack(declare));
    redeployWrites = world.writesTo(userId);
  });

  afterAll(() => world.stop());

  it('should change VOICE only, as the plan says: CHAT, TASK and EMAIL keep their ACW (it once landed on every channel)', () => {
    expect(deploy.status).toBe('SUCCEEDED');
    expect(writes).toEqual(['UpdateUserConfig']);
    expect(changed(before, after)).toEqual({
      'PhoneConfig.AfterContactWorkTimeLimit': 45,
      'PhoneConfig.PersistentConnection': true,
      'PersistentConnectionConfigs.VOICE.PersistentConnection': true,
      [acwPath('VOICE')]: 45,
    });
    expect(deploy.events[0].data?.Changes).toContain('VOICE.afterContactWorkTimeLimit: 30 -> 45');
  });

  it('should write nothing on a redeploy', () => {
    expect(redeploy.events.map((e) => e.data?.Summary)).toEqual(['1 user: 0 changed, 1 unchanged']);
    expect(redeployWrites).toEqual([]);
    expect(changed(after, world.snapshot(userId))).toEqual({});
  });
});

describe('one value for every channel (everyChannel), after a console edit set every channel to 45 s', () => {
  const world = new World();
  let userId: string;
  let before: Record<string, unknown>;
  let after: Record<string, unknown>;
  let deploy: DeployResult;
  let writes: string[];

  beforeAll(async () => {
    await world.start();
    userId = world.createUser(baseline('every-channel'));
    world.emulator.consoleEdit(INSTANCE_ID, userId, { channels: { VOICE: { afterContactWorkTimeLimit: 45 }, CHAT: { afterContactWorkTimeLimit: 45 }, TASK: { afterContactWorkTimeLimit: 45 }, EMAIL: { afterContactWorkTimeLimit: 45 } } });
    before = world.snapshot(userId);
    deploy = await world.deploy(synthStack((stack) => {
      new UserPhoneConfig(stack, 'Every', { instanceId: INSTANCE_ID, userId, everyChannel: { afterContactWorkTimeLimit: Duration.seconds(30) }, perChannelWrites: false });
    }));
    writes = world.writesTo(userId);
    after = world.snapshot(userId);
  });

  afterAll(() => world.stop());

  it('should give every channel 30 s in one UpdateUserPhoneConfig (no UpdateUserConfig grant needed), the plan listing each channel', () => {
    expect(deploy.status).toBe('SUCCEEDED');
    expect(writes).toEqual(['UpdateUserPhoneConfig']);
    expect(changed(before, after)).toEqual({
      'PhoneConfig.AfterContactWorkTimeLimit': 30,
      [acwPath('VOICE')]: 30,
      [acwPath('CHAT')]: 30,
      [acwPath('TASK')]: 30,
      [acwPath('EMAIL')]: 30,
    });
    for (const channel of ['VOICE', 'CHAT', 'TASK', 'EMAIL']) expect(deploy.events[0].data?.Changes).toContain(`${channel}.afterContactWorkTimeLimit: 45 -> 30`);
  });
});
