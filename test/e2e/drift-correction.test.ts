/**
 * End to end: drift correction between deploys. A stack with `driftCorrection` is deployed by the
 * local CloudFormation against the Connect emulator; `runSchedules()` then hands each rule's
 * resolved input to the bundled `onSchedule`, as EventBridge would.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { FleetUser, PhoneType, UserPhoneConfigFleet } from '../../lib';
import { ConnectEmulator, DeployResult, EmulatorOperation, LocalCloudFormation } from '../../lib/testing';
import { synthesize } from '../fixtures/assembly';
import { startDeployEmulator } from '../fixtures/emulator';
import { jsonEntries } from '../fixtures/logs';
import { E2E_INSTANCES } from '../fixtures/instances';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const INSTANCE_ID = E2E_INSTANCES.driftCorrection;

function id(n: number): string {
  return `d21f7000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const ALICE = id(1);
const BOB = id(2);
const DESK_NUMBER = '+15555550161';
/** Enough users that their JSON is above the 6 KB a schedule's input allows inline. */
const LARGE_FLEET = 120;

const WRITE_OPERATIONS: readonly EmulatorOperation[] = ['UpdateUserPhoneConfig', 'UpdateUserConfig'];

function writes(emulator: ConnectEmulator): { userId?: string }[] {
  return emulator.calls().filter((c) => WRITE_OPERATIONS.includes(c.operation) && c.status === 200);
}

function expectAllSucceeded(result: DeployResult): void {
  expect(result.events.filter((e) => e.status === 'FAILED')).toEqual([]);
  expect(result.status).toBe('SUCCEEDED');
}

/** The handler's log lines as objects, EMF lines included. */
function logEntries(cfn: LocalCloudFormation): Record<string, unknown>[] {
  return jsonEntries(cfn.logs);
}

describe('drift correction: the schedule re-runs the reconcile between deploys', () => {
  let emulator: ConnectEmulator;
  let cfn: LocalCloudFormation;
  let small: string;
  let large: string;

  beforeAll(async () => {
    emulator = await startDeployEmulator({ account: ACCOUNT, region: REGION });
    small = synthesize((app) => {
      const stack = new Stack(app, 'Drift', { env: { account: ACCOUNT, region: REGION } });
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        writesPerSecond: 50,
        driftCorrection: Schedule.rate(Duration.hours(1)),
        defaults: { phoneType: PhoneType.DESK_PHONE, deskPhoneNumber: DESK_NUMBER, autoAccept: false, afterContactWorkTimeLimit: Duration.seconds(30) },
        users: [{ userId: ALICE }, { userId: BOB }],
      });
    });
    large = synthesize((app) => {
      const stack = new Stack(app, 'DriftLarge', { env: { account: ACCOUNT, region: REGION } });
      const users: FleetUser[] = Array.from({ length: LARGE_FLEET }, (_, i) => ({ userId: id(100 + i) }));
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        writesPerSecond: 50,
        driftCorrection: Schedule.rate(Duration.hours(1)),
        defaults: { autoAccept: false },
        users,
      });
    });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.createInstance(INSTANCE_ID);
    for (const userId of emulator.listUserIds(INSTANCE_ID)) emulator.deleteUser(INSTANCE_ID, userId);
    emulator.createUser(INSTANCE_ID, { id: ALICE, username: 'alice', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 45 } });
    emulator.createUser(INSTANCE_ID, { id: BOB, username: 'bob', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 } });
    for (let i = 0; i < LARGE_FLEET; i++) {
      emulator.createUser(INSTANCE_ID, { id: id(100 + i), username: `agent${i}`, phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 } });
    }
    emulator.setFaults({});
    emulator.resetCalls();
    cfn = new LocalCloudFormation({ emulator });
  });

  it('should correct a console edit with exactly one write, one log line and CorrectedUsers 1, and write nothing on the next run', async () => {
    expectAllSucceeded(await cfn.deploy(small));
    const declared = emulator.getUser(INSTANCE_ID, ALICE)?.PhoneConfig;
    expect(declared).toEqual({ PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_NUMBER, AutoAccept: false, AfterContactWorkTimeLimit: 30, PersistentConnection: false });
    emulator.consoleEdit(INSTANCE_ID, ALICE, { phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true } });
    emulator.resetCalls();
    cfn.logs.length = 0;

    const runs = await cfn.runSchedules();

    expect(runs).toEqual([{ rule: expect.stringMatching(/^AgentsDriftCorrection/), summary: "2 users: 1 changed, 1 unchanged", attempts: 1, error: undefined, failureDestination: undefined }]);
    expect(writes(emulator).map((c) => c.userId)).toEqual([ALICE]);
    expect(emulator.getUser(INSTANCE_ID, ALICE)?.PhoneConfig).toEqual(declared);
    const corrected = logEntries(cfn).filter((e) => e.message === 'drift corrected');
    expect(corrected).toEqual([expect.objectContaining({ userId: ALICE, resource: 'Drift/Agents' })]);
    expect(JSON.stringify(corrected)).not.toContain(DESK_NUMBER.slice(1));
    expect(cfn.logs.join('\n')).not.toContain(DESK_NUMBER.slice(1));
    expect(logEntries(cfn).filter((e) => e._aws !== undefined)).toEqual([expect.objectContaining({ Resource: 'Drift/Agents', CorrectedUsers: 1, FailedUsers: 0 })]);
    expect(cfn.logs.some((l) => l.includes('"CorrectedUsers":1'))).toBe(true);

    emulator.resetCalls();
    cfn.logs.length = 0;
    const again = await cfn.runSchedules();

    expect(again).toEqual([{ rule: expect.any(String), summary: '2 users: 0 changed, 2 unchanged', attempts: 1, error: undefined, failureDestination: undefined }]);
    expect(writes(emulator)).toEqual([]);
    expect(logEntries(cfn).filter((e) => e.message === 'drift corrected')).toEqual([]);
    expect(cfn.logs.some((l) => l.includes('"CorrectedUsers":0'))).toBe(true);
  });

  it('should carry a large fleet in the S3 desired-state object, read by the schedule', async () => {
    expectAllSucceeded(await cfn.deploy(large));
    const [resource] = [...cfn.resources().values()];
    expect(resource.properties.Users).toBeUndefined();
    expect(resource.properties.DesiredStateObject).toEqual({ Bucket: expect.any(String), Key: expect.stringMatching(/\.json$/) });
    const drifted = id(100 + 7);
    emulator.consoleEdit(INSTANCE_ID, drifted, { phoneConfig: { AutoAccept: true } });
    emulator.resetCalls();

    const runs = await cfn.runSchedules();

    expect(runs).toEqual([{ rule: expect.any(String), summary: `${LARGE_FLEET} users: 1 changed, ${LARGE_FLEET - 1} unchanged`, attempts: 1, error: undefined, failureDestination: undefined }]);
    expect(emulator.callCounts().GetObject?.total).toBe(1);
    expect(writes(emulator).map((c) => c.userId)).toEqual([drifted]);
    expect(emulator.getUser(INSTANCE_ID, drifted)?.PhoneConfig?.AutoAccept).toBe(false);
  });
});
