/**
 * End to end: synthesized stacks (bundled handler and all) deployed by the local CloudFormation
 * against the Connect emulator, over the real SDK. Each test asserts the emulator's final state and
 * the calls it answered.
 *
 * Users have fixed ids in a fixed instance, recreated before each test, so a synthesized assembly
 * can be deployed by several tests: assemblies are cached per describe (each describe has its own
 * emulator, and under jest a loaded handler bundle keeps the SDK client of its first deployment).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { User } from '@aws-sdk/client-connect';
import { ConnectChannel, PhoneType, UserPhoneConfig, UserPhoneConfigFleet } from '../../lib';
import { CallCount, ConnectEmulator, DeployResult, EmulatorOperation, EventRecord, LocalCloudFormation } from '../../lib/testing';
import { assemblyCache, synthesize } from '../fixtures/assembly';
import { emptyInstance, startDeployEmulator, userSettings } from '../fixtures/emulator';
import { E2E_INSTANCES } from '../fixtures/instances';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const INSTANCE_ID = E2E_INSTANCES.lifecycle;

function id(n: number): string {
  return `a11ce000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Users as an administrator left them; the stack declares the fleet defaults ACW 30 s, auto-accept off. */
const ALICE = id(1); // drifted: auto-accept on, 45 s ACW; persistent connection (not declared) on
const BOB = id(2); // already as declared; named by id in the fleet
const CAROL = id(3); // CHAT ACW 90 s while VOICE is 30 s; declares CHAT 60 s
const DAVE = id(4); // desk phone; declares a new desk number and auto-accept off
const ERIN = id(5); // the supervisor, a UserPhoneConfig of its own, by id
const FRANK = id(6); // not in the base stack: the supervisor after a replacement, named by username
const GHOST = id(99); // never exists

const DAVE_OLD_NUMBER = '+15555550177';
const DAVE_NEW_NUMBER = '+15555550188';

function seedUsers(emulator: ConnectEmulator): void {
  emptyInstance(emulator, INSTANCE_ID);
  emulator.createUser(INSTANCE_ID, { id: ALICE, username: 'alice', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 45, PersistentConnection: true } });
  emulator.createUser(INSTANCE_ID, { id: BOB, username: 'bob', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 } });
  emulator.createUser(INSTANCE_ID, {
    id: CAROL,
    username: 'carol',
    phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 },
    channels: { CHAT: { afterContactWorkTimeLimit: 90 } },
  });
  emulator.createUser(INSTANCE_ID, { id: DAVE, username: 'dave', phoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DAVE_OLD_NUMBER, AutoAccept: true, AfterContactWorkTimeLimit: 30 } });
  emulator.createUser(INSTANCE_ID, { id: ERIN, username: 'erin', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0 } });
  emulator.createUser(INSTANCE_ID, { id: FRANK, username: 'frank', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 10 } });
}

interface StackShape {
  /** The fleet's default ACW, seconds. */
  readonly fleetAcw: number;
  /** Who the supervisor construct declares: a user id or a username. */
  readonly supervisor: { readonly userId: string } | { readonly username: string };
  /** Adds a third resource, declared after the others, whose user does not exist. */
  readonly ghost?: boolean;
}

const SHAPES = {
  base: { fleetAcw: 30, supervisor: { userId: ERIN } },
  acw45: { fleetAcw: 45, supervisor: { userId: ERIN } },
  acw60WithGhost: { fleetAcw: 60, supervisor: { userId: ERIN }, ghost: true },
  frankSupervises: { fleetAcw: 30, supervisor: { username: 'frank' } },
} satisfies Record<string, StackShape>;
type ShapeName = keyof typeof SHAPES;

function buildStack(app: Parameters<Parameters<typeof synthesize>[0]>[0], shape: StackShape): void {
  const stack = new Stack(app, 'Lifecycle', { env: { account: ACCOUNT, region: REGION } });
  new UserPhoneConfig(stack, 'Supervisor', {
    instanceId: INSTANCE_ID,
    ...shape.supervisor,
    phoneType: PhoneType.SOFT_PHONE,
    autoAccept: true,
    afterContactWorkTimeLimit: Duration.seconds(20),
    persistentConnection: true,
    writesPerSecond: 50,
  });
  new UserPhoneConfigFleet(stack, 'Agents', {
    instanceId: INSTANCE_ID,
    writesPerSecond: 50,
    defaults: { phoneType: PhoneType.SOFT_PHONE, autoAccept: false, afterContactWorkTimeLimit: Duration.seconds(shape.fleetAcw) },
    users: [
      { username: 'alice' },
      { userId: BOB },
      { username: 'carol', channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(60) }] },
      { username: 'dave', phoneType: PhoneType.DESK_PHONE, deskPhoneNumber: DAVE_NEW_NUMBER },
    ],
  });
  if (shape.ghost) {
    new UserPhoneConfig(stack, 'Ghost', { instanceId: INSTANCE_ID, userId: GHOST, autoAccept: true });
  }
}

/** This file's stacks by shape and deploy number (see `assemblyCache`); one cache per describe, as the header says. */
function assemblies(): (shape: ShapeName, deploy?: number) => string {
  return assemblyCache<ShapeName>((app, shape) => buildStack(app, SHAPES[shape]));
}

// ---- reading the emulator ------------------------------------------------------------

/** A user's settings without the modification stamp, for before/after comparisons. */
function settingsOf(emulator: ConnectEmulator, userId: string): ReturnType<typeof userSettings> {
  return userSettings(emulator, INSTANCE_ID, userId);
}

function allSettings(emulator: ConnectEmulator): Record<string, unknown> {
  return Object.fromEntries([ALICE, BOB, CAROL, DAVE, ERIN, FRANK].map((u) => [u, settingsOf(emulator, u)]));
}

/** After-contact work by channel, seconds. */
function acwByChannel(emulator: ConnectEmulator, userId: string): Record<string, number | undefined> {
  const user = emulator.getUser(INSTANCE_ID, userId) as User;
  return Object.fromEntries((user.AfterContactWorkConfigs ?? []).map((c) => [c.Channel, c.AfterContactWorkConfig?.AfterContactWorkTimeLimit]));
}

const WRITE_OPERATIONS: readonly EmulatorOperation[] = ['UpdateUserPhoneConfig', 'UpdateUserConfig'];

function count(emulator: ConnectEmulator, op: EmulatorOperation, field: keyof CallCount = 'total'): number {
  return emulator.callCounts()[op]?.[field] ?? 0;
}

/** Successful writes by user id, in call order. */
function writesByUser(emulator: ConnectEmulator): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of emulator.calls()) {
    if (WRITE_OPERATIONS.includes(c.operation) && c.status === 200) out[c.userId as string] = (out[c.userId as string] ?? 0) + 1;
  }
  return out;
}

function writeTotal(emulator: ConnectEmulator, field: keyof CallCount = 'total'): number {
  return WRITE_OPERATIONS.reduce((n, op) => n + count(emulator, op, field), 0);
}

// ---- what the stacks declare --------------------------------------------------------

/** The state the base stack leaves: declared settings merged over each user's undeclared ones. */
function expectBaseDeclared(emulator: ConnectEmulator, fleetAcw = 30): void {
  expect(emulator.getUser(INSTANCE_ID, ALICE)?.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: fleetAcw, PersistentConnection: true });
  expect(emulator.getUser(INSTANCE_ID, BOB)?.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: fleetAcw, PersistentConnection: false });
  expect(emulator.getUser(INSTANCE_ID, CAROL)?.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: fleetAcw, PersistentConnection: false });
  // The legacy ACW is VOICE's: with CHAT different, it is written to VOICE alone; TASK and EMAIL keep theirs.
  expect(acwByChannel(emulator, CAROL)).toEqual({ VOICE: fleetAcw, CHAT: 60, TASK: 30, EMAIL: 30 });
  expect(emulator.getUser(INSTANCE_ID, DAVE)?.PhoneConfig).toEqual({ PhoneType: 'DESK_PHONE', DeskPhoneNumber: DAVE_NEW_NUMBER, AutoAccept: false, AfterContactWorkTimeLimit: fleetAcw, PersistentConnection: false });
  expect(emulator.getUser(INSTANCE_ID, ERIN)?.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 20, PersistentConnection: true });
}

/** No desk phone number, with or without its `+`, in any event, reason, Data or handler log line. */
function expectNoPhoneNumbers(cfn: LocalCloudFormation): void {
  const everything = JSON.stringify({ events: cfn.events, logs: cfn.logs });
  for (const number of [DAVE_OLD_NUMBER, DAVE_NEW_NUMBER]) {
    expect(everything).not.toContain(number);
    expect(everything).not.toContain(number.slice(1));
  }
}

function expectAllSucceeded(result: DeployResult): void {
  expect(result.events.filter((e) => e.status === 'FAILED')).toEqual([]);
  expect(result.status).toBe('SUCCEEDED');
}

function event(result: DeployResult, logicalIdPrefix: string, requestType?: EventRecord['requestType']): EventRecord {
  const found = result.events.find((e) => e.logicalId.startsWith(logicalIdPrefix) && (requestType === undefined || e.requestType === requestType));
  if (!found) throw new Error(`no ${requestType ?? ''} event for ${logicalIdPrefix} in ${JSON.stringify(result.events)}`);
  return found;
}

/** Every leaf of a JSON value, with its path. */
function leaves(value: unknown, at = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${at}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => leaves(v, at ? `${at}.${k}` : k));
  return [[at, value]];
}

describe('lifecycle: deploy, redeploy, update, roll back, replace, destroy', () => {
  let emulator: ConnectEmulator;
  let cfn: LocalCloudFormation;
  const assembly = assemblies();

  beforeAll(async () => {
    emulator = await startDeployEmulator({ account: ACCOUNT, region: REGION });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    seedUsers(emulator);
    emulator.setFaults({});
    emulator.resetCalls();
    cfn = new LocalCloudFormation({ emulator });
  });

  it('should write exactly the drifted users on Create, with the declared settings merged over the live ones', async () => {
    const result = await cfn.deploy(assembly('base'));

    expectAllSucceeded(result);
    expect(result.events.map((e) => `${e.requestType} ${e.logicalId.replace(/[0-9A-F]{8}$/, '')}`)).toEqual(['Create Supervisor', 'Create Agents']);
    expectBaseDeclared(emulator);
    expect(writesByUser(emulator)).toEqual({ [ERIN]: 1, [ALICE]: 1, [CAROL]: 1, [DAVE]: 1 });
    // Only the declared VOICE settings change: UpdateUserPhoneConfig where it changes nothing else
    // (no ACW declared), UpdateUserConfig where it would put the VOICE ACW on every channel.
    expect(count(emulator, 'UpdateUserPhoneConfig') + count(emulator, 'UpdateUserConfig')).toBe(4);
    expect(settingsOf(emulator, FRANK)?.PhoneConfig?.AfterContactWorkTimeLimit).toBe(10);
  });

  it('should report what Create changed in Data, with no phone number in events, reasons, data or logs', async () => {
    const result = await cfn.deploy(assembly('base'));

    const agents = event(result, 'Agents');
    expect(agents.data).toMatchObject({
      Summary: '4 users: 3 changed, 1 unchanged',
      ChangedUsers: [ALICE, CAROL, DAVE].join(','),
      UserIds: [ALICE, BOB, CAROL, DAVE].join(','),
      Converged: 'true',
    });
    const changes = agents.data?.Changes ?? '';
    expect(changes).toContain(`alice (${ALICE}): VOICE.autoAccept: true -> false, VOICE.afterContactWorkTimeLimit: 45 -> 30`);
    expect(changes).toContain(`carol (${CAROL}): CHAT.afterContactWorkTimeLimit: 90 -> 60`);
    expect(changes).toMatch(new RegExp(`dave \\(${DAVE}\\): [^;]*VOICE.phoneNumber: \\+\\*+77 -> \\+\\*+88`));
    expect(changes).not.toContain(BOB);
    expect(event(result, 'Supervisor').data).toMatchObject({ Summary: '1 user: 1 changed, 0 unchanged', UserIds: ERIN });

    expect(cfn.logs.length).toBeGreaterThan(0);
    expectNoPhoneNumbers(cfn);
  });

  it('should write nothing on a redeploy with nothing drifted', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base', 1)));
    emulator.resetCalls();

    const result = await cfn.deploy(assembly('base', 2));

    expectAllSucceeded(result);
    expect(result.events.map((e) => e.requestType)).toEqual(['Update', 'Update']);
    expect(count(emulator, 'UpdateUserPhoneConfig') + count(emulator, 'UpdateUserConfig')).toBe(0);
    expect(event(result, 'Agents').data).toMatchObject({ Summary: '4 users: 0 changed, 4 unchanged', ChangedUsers: '', Changes: '' });
    expectBaseDeclared(emulator);
  });

  it('should correct a console edit to one user on the next deploy, with exactly one write', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base', 1)));
    emulator.consoleEdit(INSTANCE_ID, ALICE, { phoneConfig: { AutoAccept: true } });
    emulator.resetCalls();

    const result = await cfn.deploy(assembly('base', 2));

    expectAllSucceeded(result);
    expect(writeTotal(emulator)).toBe(1);
    expect(writesByUser(emulator)).toEqual({ [ALICE]: 1 });
    expect(event(result, 'Agents').data).toMatchObject({ ChangedUsers: ALICE, Changes: `alice (${ALICE}): VOICE.autoAccept: true -> false` });
    expectBaseDeclared(emulator);
  });

  it('should apply changed settings on an Update, and roll a failed Update back to them', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));
    const updated = await cfn.deploy(assembly('acw45'));
    expectAllSucceeded(updated);
    expectBaseDeclared(emulator, 45);
    const afterUpdate = allSettings(emulator);
    emulator.resetCalls();

    // The fleet moves to 60 s, then the Ghost's Create fails: its user does not exist.
    const failed = await cfn.deploy(assembly('acw60WithGhost'));

    expect(failed.status).toBe('ROLLED_BACK');
    expect(failed.reason).toContain(`user id ${GHOST} was not found`);
    expect(failed.events.map((e) => `${e.requestType} ${e.logicalId.replace(/[0-9A-F]{8}$/, '')} ${e.status}${e.rollback ? ' rollback' : ''}`)).toEqual([
      'Update Supervisor SUCCESS',
      'Update Agents SUCCESS',
      'Create Ghost FAILED',
      // CloudFormation deletes the resource whose Create failed; the Provider framework ignores that Delete.
      'Delete Ghost SUCCESS rollback',
      // Rolled back in reverse order; the failed Create gets no Delete (the Provider suppresses it).
      'Update Agents SUCCESS rollback',
      'Update Supervisor SUCCESS rollback',
    ]);
    // The fleet did reach 60 s before the rollback brought it back.
    expect(writeTotal(emulator, 'ok')).toBe(8);
    expect(allSettings(emulator)).toEqual(afterUpdate);
    expect(emulator.getUser(INSTANCE_ID, GHOST)).toBeUndefined();
    expectNoPhoneNumbers(cfn);
  });

  it('should send the old id a Delete when another user replaces the resource, and undo neither user', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));
    const before = cfn.resources();
    const supervisorId = [...before.keys()].find((k) => k.startsWith('Supervisor')) as string;
    const oldPhysicalId = before.get(supervisorId)?.physicalId;
    const erinAfterCreate = settingsOf(emulator, ERIN);

    const result = await cfn.deploy(assembly('frankSupervises'));

    expectAllSucceeded(result);
    const update = event(result, 'Supervisor', 'Update');
    expect(update.physicalId).toBe(`${INSTANCE_ID}/username:frank`);
    expect(update.data).toMatchObject({ UserIds: FRANK, ChangedUsers: FRANK });
    expect(oldPhysicalId).toBe(`${INSTANCE_ID}/id:${ERIN}`);
    const deletes = result.events.filter((e) => e.requestType === 'Delete');
    expect(deletes.map((e) => [e.logicalId, e.physicalId, e.status])).toEqual([[supervisorId, oldPhysicalId, 'SUCCESS']]);
    expect(result.events.indexOf(deletes[0])).toBe(result.events.length - 1);
    expect(emulator.getUser(INSTANCE_ID, FRANK)?.PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 20, PersistentConnection: true });
    expect(settingsOf(emulator, ERIN)).toEqual(erinAfterCreate);
    expect(cfn.resources().get(supervisorId)?.physicalId).toBe(`${INSTANCE_ID}/username:frank`);
  });

  it('should leave the users as they are on destroy, and make no call', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));
    const deployed = allSettings(emulator);
    emulator.resetCalls();

    const result = await cfn.destroy();

    expectAllSucceeded(result);
    expect(result.events.map((e) => e.requestType)).toEqual(['Delete', 'Delete']);
    expect(emulator.callCounts()).toEqual({});
    expect(allSettings(emulator)).toEqual(deployed);
    expect(cfn.resources().size).toBe(0);
  });

  it('should destroy after a declared user was deleted', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));
    emulator.deleteUser(INSTANCE_ID, ALICE);
    emulator.deleteUser(INSTANCE_ID, ERIN);

    expectAllSucceeded(await cfn.destroy());
  });

  it('should destroy after the whole instance was deleted', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));
    // The emulator has no public deleteInstance (see the report); its state does.
    emulator.deleteInstance(INSTANCE_ID);
    expect(emulator.getUser(INSTANCE_ID, ALICE)).toBeUndefined();

    expectAllSucceeded(await cfn.destroy());
  });

  it('should reach the same state when events are delivered twice, the second delivery writing nothing', async () => {
    const twice = new LocalCloudFormation({ emulator, deliverTwice: true });

    expectAllSucceeded(await twice.deploy(assembly('base', 1)));
    expectBaseDeclared(emulator);
    // Both deliveries read ERIN; only the first wrote.
    expect(emulator.calls().filter((c) => c.operation === 'DescribeUser' && c.userId === ERIN)).toHaveLength(2);
    expect(writesByUser(emulator)).toEqual({ [ERIN]: 1, [ALICE]: 1, [CAROL]: 1, [DAVE]: 1 });

    emulator.consoleEdit(INSTANCE_ID, CAROL, { channels: { CHAT: { afterContactWorkTimeLimit: 5 } } });
    emulator.resetCalls();
    expectAllSucceeded(await twice.deploy(assembly('base', 2)));
    expect(writesByUser(emulator)).toEqual({ [CAROL]: 1 });
    expectBaseDeclared(emulator);

    emulator.resetCalls();
    expectAllSucceeded(await twice.destroy());
    expect(emulator.callCounts()).toEqual({});
  });

  it('should deliver every property to the handler as a string, as CloudFormation does', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));

    for (const [, resource] of cfn.resources()) {
      const nonStrings = leaves(resource.properties).filter(([, v]) => typeof v !== 'string');
      expect(nonStrings).toEqual([]);
    }
    const agents = [...cfn.resources()].find(([k]) => k.startsWith('Agents'))?.[1].properties as { Users: { PhoneConfig: Record<string, unknown> }[]; WritesPerSecond: unknown };
    expect(agents.Users[0].PhoneConfig).toEqual({ PhoneType: 'SOFT_PHONE', AutoAccept: 'false', AfterContactWorkTimeLimit: '30' });
    expect(agents.WritesPerSecond).toBe('50');
    // And the handler parsed them: AutoAccept "false" was not taken for true.
    expect(emulator.getUser(INSTANCE_ID, ALICE)?.PhoneConfig?.AutoAccept).toBe(false);
  });
});

describe('lifecycle under injected faults', () => {
  let emulator: ConnectEmulator;
  const assembly = assemblies();

  beforeAll(async () => {
    emulator = await startDeployEmulator({ account: ACCOUNT, region: REGION });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    seedUsers(emulator);
    emulator.resetCalls();
  });

  /** Create, a console edit corrected, a settings change, destroy: every event must succeed. */
  async function runLifecycle(): Promise<EventRecord[]> {
    const cfn = new LocalCloudFormation({ emulator });
    expectAllSucceeded(await cfn.deploy(assembly('base', 1)));
    expectBaseDeclared(emulator);

    emulator.consoleEdit(INSTANCE_ID, DAVE, { phoneConfig: { AutoAccept: true } });
    const writesBefore = writeTotal(emulator, 'ok');
    expectAllSucceeded(await cfn.deploy(assembly('base', 2)));
    expectBaseDeclared(emulator);
    expect(writeTotal(emulator, 'ok') - writesBefore).toBe(1);

    expectAllSucceeded(await cfn.deploy(assembly('acw45')));
    expectBaseDeclared(emulator, 45);

    const deployed = allSettings(emulator);
    expectAllSucceeded(await cfn.destroy());
    expect(allSettings(emulator)).toEqual(deployed);
    expectNoPhoneNumbers(cfn);
    return cfn.events;
  }

  it('should converge with 30% of calls throttled', async () => {
    emulator.setFaults({ throttleProbability: 0.3, seed: 7 });

    const events = await runLifecycle();

    expect(events.every((e) => e.status === 'SUCCESS')).toBe(true);
    const throttled = Object.values(emulator.callCounts()).reduce((n, c) => n + (c?.throttled ?? 0), 0);
    expect(throttled).toBeGreaterThan(0);
  });

  it('should converge with 10% of calls failing with a 5xx', async () => {
    emulator.setFaults({ serverErrorProbability: 0.1, seed: 11 });

    const events = await runLifecycle();

    expect(events.every((e) => e.status === 'SUCCESS')).toBe(true);
    const failed = Object.values(emulator.callCounts()).reduce((n, c) => n + (c?.failed ?? 0), 0);
    expect(failed).toBeGreaterThan(0);
  });
});

describe('known issue: LocalCloudFormation under jest', () => {
  // local-cloudformation.ts loads the handler "fresh for each deployment" by deleting it from
  // require.cache, but jest's require.cache ignores deletes: a bundle once loaded keeps the SDK
  // client (and endpoint) of its first deployment. Redeploying the same cdk.out against another
  // emulator then talks to the first one. Marked failing until the loader is fixed (see the report).
  let first: ConnectEmulator;
  let second: ConnectEmulator;

  beforeAll(async () => {
    first = await ConnectEmulator.start({ quotas: false, accountId: ACCOUNT, region: REGION });
    second = await ConnectEmulator.start({ quotas: false, accountId: ACCOUNT, region: REGION });
  });
  afterAll(async () => {
    await first.stop();
    await second.stop();
  });

  it('should reach the second emulator when the same assembly is deployed to it', async () => {
    const dir = synthesize((app) => buildStack(app, SHAPES.base), { nonce: 'two-emulators' });
    seedUsers(first);
    seedUsers(second);
    expectAllSucceeded(await new LocalCloudFormation({ emulator: first }).deploy(dir));

    await new LocalCloudFormation({ emulator: second }).deploy(dir);

    expect(writeTotal(second)).toBe(4);
  });
});
