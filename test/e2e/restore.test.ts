/**
 * End to end: the `restore` removal policy. Synthesized stacks (bundled handler and all) are
 * deployed by the local CloudFormation against the Connect emulator and its SSM parameter store;
 * each test compares whole users with what they were before the stack first touched them.
 *
 * Users have fixed ids in a fixed instance, recreated before each test, so assemblies are cached
 * and shared by the tests of this file (one emulator for the file).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { PhoneType, UserPhoneConfig, UserPhoneConfigFleet, UserRemovalPolicy } from '../../lib';
import { ConnectEmulator, DeployResult, EmulatorOperation, LocalCloudFormation } from '../../lib/testing';
import { assemblyCache, synthesize } from '../fixtures/assembly';
import { emptyInstance, startDeployEmulator, userSettings } from '../fixtures/emulator';
import { E2E_INSTANCES } from '../fixtures/instances';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const INSTANCE_ID = E2E_INSTANCES.restore;
/** The stack's own path (the stack is named Restore). */
const PARAMETER_PATH = `/cdk-connect-phone-config/Restore/${INSTANCE_ID}`;

function id(n: number): string {
  return `5e570be0-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Users as an administrator left them before any stack. */
const ALICE = id(1); // auto-accept on, 45 s ACW, persistent connection on
const BOB = id(2); // a desk phone the stack renumbers: the old number is an original to keep secret
const CAROL = id(3); // already as the fleet declares: claimed, never written
const DAVE = id(4); // joins the fleet in the replacement
const ERIN = id(5); // a UserPhoneConfig of her own
const FRANK = id(6); // a soft phone with no desk number, given a desk phone (renumbered later)

const BOB_DESK_NUMBER = '+15555550142';
/** The desk phone the stack gives BOB. */
const BOB_NEW_NUMBER = '+15555550143';
/** The desk phones the stack gives FRANK, who had none. */
const FRANK_NUMBERS = ['+15555550150', '+15555550151'] as const;

function seedUsers(emulator: ConnectEmulator): void {
  emptyInstance(emulator, INSTANCE_ID);
  emulator.createUser(INSTANCE_ID, { id: ALICE, username: 'alice', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 45, PersistentConnection: true } });
  emulator.createUser(INSTANCE_ID, { id: BOB, username: 'bob', phoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: BOB_DESK_NUMBER, AutoAccept: true, AfterContactWorkTimeLimit: 20 } });
  emulator.createUser(INSTANCE_ID, { id: CAROL, username: 'carol', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 } });
  emulator.createUser(INSTANCE_ID, { id: DAVE, username: 'dave', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 90 } });
  emulator.createUser(INSTANCE_ID, { id: ERIN, username: 'erin', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0 } });
  emulator.createUser(INSTANCE_ID, { id: FRANK, username: 'frank', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 } });
}

interface StackShape {
  readonly policy?: UserRemovalPolicy;
  /** The fleet's users; changing them replaces the resource. */
  readonly fleet: readonly string[];
  /** The fleet's default ACW, seconds: undefined declares only phone type and auto-accept. */
  readonly acw?: number;
  /** Adds ERIN's own UserPhoneConfig. */
  readonly erin?: boolean;
  /** Gives FRANK a desk phone with this number (index into FRANK_NUMBERS). */
  readonly frank?: 0 | 1;
}

const SHAPES = {
  // Every user gets a soft phone with auto-accept off.
  base: { policy: UserRemovalPolicy.RESTORE, fleet: [ALICE, BOB, CAROL], erin: true },
  // A second setting: the ACW becomes 60 s.
  acw60: { policy: UserRemovalPolicy.RESTORE, fleet: [ALICE, BOB, CAROL], acw: 60, erin: true },
  // FRANK gets a desk phone, then another number.
  frank: { policy: UserRemovalPolicy.RESTORE, fleet: [ALICE], frank: 0 },
  frankRenumbered: { policy: UserRemovalPolicy.RESTORE, fleet: [ALICE], frank: 1 },
  // BOB leaves, DAVE joins: a new PhysicalResourceId.
  replaced: { policy: UserRemovalPolicy.RESTORE, fleet: [ALICE, CAROL, DAVE], erin: true },
  retain: { fleet: [ALICE, BOB, CAROL], erin: true },
} satisfies Record<string, StackShape>;
type ShapeName = keyof typeof SHAPES;

function buildStack(app: Parameters<Parameters<typeof synthesize>[0]>[0], shape: StackShape): void {
  const stack = new Stack(app, 'Restore', { env: { account: ACCOUNT, region: REGION } });
  new UserPhoneConfigFleet(stack, 'Agents', {
    instanceId: INSTANCE_ID,
    writesPerSecond: 50,
    removalPolicy: shape.policy,
    defaults: {
      phoneType: PhoneType.SOFT_PHONE,
      autoAccept: false,
      afterContactWorkTimeLimit: shape.acw === undefined ? undefined : Duration.seconds(shape.acw),
    },
    users: shape.fleet.map((userId) => userId === BOB ? { userId, phoneType: PhoneType.DESK_PHONE, deskPhoneNumber: BOB_NEW_NUMBER } : { userId }),
  });
  if (shape.frank !== undefined) {
    new UserPhoneConfig(stack, 'Frank', {
      instanceId: INSTANCE_ID,
      userId: FRANK,
      removalPolicy: shape.policy,
      phoneType: PhoneType.DESK_PHONE,
      deskPhoneNumber: FRANK_NUMBERS[shape.frank],
    });
  }
  if (shape.erin) {
    new UserPhoneConfig(stack, 'Supervisor', {
      instanceId: INSTANCE_ID,
      userId: ERIN,
      removalPolicy: shape.policy,
      autoAccept: true,
      afterContactWorkTimeLimit: Duration.seconds(20),
      writesPerSecond: 50,
    });
  }
}

function assemblies(): (shape: ShapeName, deploy?: number) => string {
  return assemblyCache<ShapeName>((app, shape) => buildStack(app, SHAPES[shape]));
}

// ---- reading the emulator ------------------------------------------------------------

/** A whole user without its modification stamp, for before/after comparisons. */
function settingsOf(emulator: ConnectEmulator, userId: string): ReturnType<typeof userSettings> {
  return userSettings(emulator, INSTANCE_ID, userId);
}

function allSettings(emulator: ConnectEmulator): Record<string, unknown> {
  return Object.fromEntries([ALICE, BOB, CAROL, DAVE, ERIN, FRANK].map((u) => [u, settingsOf(emulator, u)]));
}

function parameterName(userId: string): string {
  return `${PARAMETER_PATH}/${userId}`;
}

/** The stored record of a user (the emulator keeps SecureString values as given). */
function recordOf(emulator: ConnectEmulator, userId: string): { owner: string; settings: Record<string, unknown> } | undefined {
  const parameter = emulator.ssm.get(parameterName(userId));
  return parameter === undefined ? undefined : JSON.parse(parameter.Value);
}

const WRITE_OPERATIONS: readonly EmulatorOperation[] = ['UpdateUserPhoneConfig', 'UpdateUserConfig'];
const SSM_OPERATIONS: readonly EmulatorOperation[] = ['PutParameter', 'GetParameter', 'DeleteParameter', 'GetParametersByPath'];

/** Successful writes by user id. */
function writesByUser(emulator: ConnectEmulator): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of emulator.calls()) {
    if (WRITE_OPERATIONS.includes(c.operation) && c.status === 200) out[c.userId as string] = (out[c.userId as string] ?? 0) + 1;
  }
  return out;
}

/** SSM calls that write (a `retain` resource only reads, looking for records to take over). */
function ssmCalls(emulator: ConnectEmulator): number {
  return emulator.calls().filter((c) => SSM_OPERATIONS.includes(c.operation) && c.operation !== 'GetParametersByPath').length;
}

function expectAllSucceeded(result: DeployResult): void {
  expect(result.events.filter((e) => e.status === 'FAILED')).toEqual([]);
  expect(result.status).toBe('SUCCEEDED');
}

function physicalIdOf(cfn: LocalCloudFormation, logicalIdPrefix: string): string {
  const entry = [...cfn.resources()].find(([logicalId]) => logicalId.startsWith(logicalIdPrefix));
  if (!entry) throw new Error(`no deployed resource ${logicalIdPrefix}`);
  return entry[1].physicalId;
}

/** The handler's log lines as objects (EMF lines included). */
function logEntries(cfn: LocalCloudFormation): Record<string, unknown>[] {
  return cfn.logs.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('removal policy restore: Delete puts back the settings users had before the stack', () => {
  let emulator: ConnectEmulator;
  let cfn: LocalCloudFormation;
  let preStack: Record<string, unknown>;
  const assembly = assemblies();

  beforeAll(async () => {
    emulator = await startDeployEmulator({ account: ACCOUNT, region: REGION });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.createInstance(INSTANCE_ID);
    seedUsers(emulator);
    for (const name of emulator.ssm.names()) emulator.ssm.handle('DeleteParameter', { Name: name });
    emulator.setFaults({});
    emulator.resetCalls();
    cfn = new LocalCloudFormation({ emulator });
    preStack = allSettings(emulator);
  });

  it('should put every user back exactly as it was and drop the records after create, an update of a second setting, and delete', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));
    expect(settingsOf(emulator, ALICE)?.PhoneConfig).toMatchObject({ AutoAccept: false, AfterContactWorkTimeLimit: 45 });
    expectAllSucceeded(await cfn.deploy(assembly('acw60')));
    expect(settingsOf(emulator, ALICE)?.PhoneConfig).toMatchObject({ AutoAccept: false, AfterContactWorkTimeLimit: 60 });
    expect(settingsOf(emulator, CAROL)?.PhoneConfig).toMatchObject({ AfterContactWorkTimeLimit: 60 });
    expect(emulator.ssm.names()).toEqual([ALICE, BOB, CAROL, ERIN].map(parameterName).sort());
    emulator.resetCalls();

    const result = await cfn.destroy();

    expectAllSucceeded(result);
    expect(result.events.map((e) => `${e.requestType} ${e.status}`)).toEqual(['Delete SUCCESS', 'Delete SUCCESS']);
    expect(allSettings(emulator)).toEqual(preStack);
    expect(writesByUser(emulator)).toEqual({ [ALICE]: 1, [BOB]: 1, [CAROL]: 1, [ERIN]: 1 });
    expect(emulator.ssm.names()).toEqual([]);
  });

  it('should record keep the pre-stack values across redeploys and updates: the stack never records its own values', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base', 1)));
    const afterCreate = recordOf(emulator, ALICE);
    expect(afterCreate?.settings).toEqual({ VOICE: { PhoneType: 'SOFT_PHONE', AutoAccept: true } });

    // A console edit, corrected by a redeploy (a write): the edit is not an original.
    emulator.consoleEdit(INSTANCE_ID, ALICE, { phoneConfig: { AutoAccept: true } });
    expectAllSucceeded(await cfn.deploy(assembly('base', 2)));
    expect(recordOf(emulator, ALICE)).toEqual(afterCreate);
    // A second setting: its pre-stack value joins the record, the first one is kept.
    expectAllSucceeded(await cfn.deploy(assembly('acw60')));
    expect(recordOf(emulator, ALICE)?.settings).toEqual({ VOICE: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 45 } });
    expectAllSucceeded(await cfn.deploy(assembly('acw60', 2)));
    expect(recordOf(emulator, ALICE)?.settings).toEqual({ VOICE: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 45 } });

    expectAllSucceeded(await cfn.destroy());
    expect(allSettings(emulator)).toEqual(preStack);
  });

  it('should restore, on a replacement, only the user the old id lost, and the rest on the new resource\'s Delete', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));
    const oldId = physicalIdOf(cfn, 'Agents');
    const afterCreate = allSettings(emulator);
    emulator.resetCalls();

    const result = await cfn.deploy(assembly('replaced'));

    expectAllSucceeded(result);
    const newId = physicalIdOf(cfn, 'Agents');
    expect(newId).not.toBe(oldId);
    expect(result.events.filter((e) => e.logicalId.startsWith('Agents')).map((e) => `${e.requestType} ${e.physicalId === oldId ? 'old' : 'new'}`)).toEqual(['Update new', 'Delete old']);
    // BOB left the fleet: the old id's Delete restored him. ALICE and CAROL stay as the new resource declares.
    expect(settingsOf(emulator, BOB)).toEqual(preStack[BOB]);
    expect(settingsOf(emulator, ALICE)).toEqual(afterCreate[ALICE]);
    expect(settingsOf(emulator, CAROL)).toEqual(afterCreate[CAROL]);
    expect(settingsOf(emulator, DAVE)?.PhoneConfig).toMatchObject({ AutoAccept: false });
    expect(writesByUser(emulator)).toEqual({ [DAVE]: 1, [BOB]: 1 });
    expect(recordOf(emulator, BOB)).toBeUndefined();
    // ALICE was not written again, yet the new resource took her record over; CAROL was never written, so has none.
    for (const userId of [ALICE, DAVE]) expect(recordOf(emulator, userId)?.owner.endsWith(`|${newId}`)).toBe(true);
    expect(recordOf(emulator, CAROL)).toBeUndefined();

    expectAllSucceeded(await cfn.destroy());
    expect(allSettings(emulator)).toEqual(preStack);
    expect(emulator.ssm.names()).toEqual([]);
  });

  it('should succeed, note it in the log and drop the record when a user was deleted before the stack', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));
    emulator.deleteUser(INSTANCE_ID, ALICE);

    const result = await cfn.destroy();

    expectAllSucceeded(result);
    expect(logEntries(cfn)).toContainEqual(expect.objectContaining({ message: 'user gone', userId: ALICE, status: 'gone' }));
    expect(settingsOf(emulator, BOB)).toEqual(preStack[BOB]);
    expect(emulator.ssm.names()).toEqual([]);
  });

  it('should succeed when the instance was deleted entirely', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('base')));
    emulator.deleteInstance(INSTANCE_ID);

    const result = await cfn.destroy();

    expectAllSucceeded(result);
    expect(result.events.every((e) => e.data?.Converged !== 'false')).toBe(true);
    expect(emulator.ssm.names()).toEqual([]);
  });

  it('should leave users with the stack\'s settings under RETAIN (the default), and never write an SSM parameter', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('retain')));
    const declared = allSettings(emulator);
    expect(declared[ALICE]).not.toEqual(preStack[ALICE]);

    expectAllSucceeded(await cfn.destroy());

    expect(allSettings(emulator)).toEqual(declared);
    expect(emulator.ssm.names()).toEqual([]);
    expect(ssmCalls(emulator)).toBe(0);
  });

  it('should keep an original desk phone number as a SecureString, restore it, and never show it raw', async () => {
    const result = await cfn.deploy(assembly('base'));
    expectAllSucceeded(result);
    expect(settingsOf(emulator, BOB)?.PhoneConfig).toMatchObject({ PhoneType: 'DESK_PHONE', DeskPhoneNumber: BOB_NEW_NUMBER });
    const parameter = emulator.ssm.get(parameterName(BOB));
    expect(parameter?.Type).toBe('SecureString');
    expect(recordOf(emulator, BOB)?.settings).toEqual({ VOICE: { PhoneType: 'DESK_PHONE', AutoAccept: true, PhoneNumber: BOB_DESK_NUMBER } });

    const destroyed = await cfn.destroy();

    expectAllSucceeded(destroyed);
    expect(settingsOf(emulator, BOB)).toEqual(preStack[BOB]);
    expect(settingsOf(emulator, BOB)?.PhoneConfig?.DeskPhoneNumber).toBe(BOB_DESK_NUMBER);
    const everything = JSON.stringify({ events: cfn.events, result, destroyed, logs: cfn.logs });
    expect(cfn.logs.length).toBeGreaterThan(0);
    for (const number of [BOB_DESK_NUMBER, BOB_NEW_NUMBER]) {
      expect(everything).not.toContain(number);
      expect(everything).not.toContain(number.slice(1));
    }
  });

  it('should remove on Delete a desk number the stack added, after a renumbering too: the record holds "no number", never a number the stack wrote', async () => {
    expectAllSucceeded(await cfn.deploy(assembly('frank')));
    expect(recordOf(emulator, FRANK)?.settings).toEqual({ VOICE: { PhoneType: 'SOFT_PHONE', PhoneNumber: null } });
    expectAllSucceeded(await cfn.deploy(assembly('frankRenumbered')));
    expect(settingsOf(emulator, FRANK)?.PhoneConfig).toMatchObject({ PhoneType: 'DESK_PHONE', DeskPhoneNumber: FRANK_NUMBERS[1] });
    expect(recordOf(emulator, FRANK)?.settings).toEqual({ VOICE: { PhoneType: 'SOFT_PHONE', PhoneNumber: null } });

    expectAllSucceeded(await cfn.destroy());

    const frank = settingsOf(emulator, FRANK);
    expect(frank).toEqual(preStack[FRANK]);
    expect(frank?.PhoneConfig?.DeskPhoneNumber).toBeUndefined();
    expect(JSON.stringify(frank)).not.toMatch(/\+1555555015/);
    expect(emulator.ssm.names()).toEqual([]);
  });
});
