/**
 * Agent selectors end to end: a fleet that declares settings by routing profile and tag, deployed
 * by the local CloudFormation through the Provider framework with the bundled handler; an agent
 * who joins the routing profile afterwards is brought in line by the next scheduled run; `plan`
 * shows how many agents each selector matches; equally specific selectors that disagree fail
 * exactly the agents they disagree on.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { UserPhoneConfigFleet } from '../../lib';
import { main } from '../../lib/cli/main';
import { ConnectEmulator, LocalCloudFormation } from '../../lib/testing';
import { synthesize } from '../fixtures/assembly';
import { startDeployEmulator } from '../fixtures/emulator';
import { E2E_INSTANCES } from '../fixtures/instances';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const INSTANCE_ID = E2E_INSTANCES.selectors;

describe('agent selectors: settings by routing profile and tag, evaluated at each run', () => {
  let emulator: ConnectEmulator;
  let cfn: LocalCloudFormation;
  let assembly: string;
  const ids: Record<string, string> = {};
  const voice = (name: string) => emulator.getUser(INSTANCE_ID, ids[name])?.PhoneConfig;

  beforeAll(async () => {
    emulator = await startDeployEmulator({ account: ACCOUNT, region: REGION });
    emulator.createInstance(INSTANCE_ID);
    for (let i = 0; i < 10; i++) {
      ids[`sales.${i}`] = emulator.createUser(INSTANCE_ID, {
        username: `sales.${i}`,
        routingProfileId: 'rp-sales',
        tags: i < 3 ? { site: 'dub' } : { site: 'nyc' },
        phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 120 },
      });
    }
    for (let i = 0; i < 5; i++) {
      ids[`support.${i}`] = emulator.createUser(INSTANCE_ID, { username: `support.${i}`, routingProfileId: 'rp-support', phoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 120 } });
    }
    assembly = synthesize((app) => {
      const stack = new Stack(app, 'Selectors', { env: { account: ACCOUNT, region: REGION } });
      new UserPhoneConfigFleet(stack, 'Sales', {
        instanceId: INSTANCE_ID,
        writesPerSecond: 50,
        driftCorrection: Schedule.rate(Duration.hours(1)),
        users: [{ username: 'sales.5', autoAccept: false }],
        selectors: [
          { routingProfileId: 'rp-sales', settings: { autoAccept: true, afterContactWorkTimeLimit: Duration.seconds(20) } },
          { routingProfileId: 'rp-sales', tags: { site: 'dub' }, settings: { afterContactWorkTimeLimit: Duration.seconds(45) } },
        ],
      });
    });
    cfn = new LocalCloudFormation({ emulator });
  });

  afterAll(() => emulator.stop());

  it('should apply the most specific declaration to each matching agent, and leave the others alone', async () => {
    // Act
    const result = await cfn.deploy(assembly);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(voice('sales.7')).toMatchObject({ AutoAccept: true, AfterContactWorkTimeLimit: 20 });
    expect(voice('sales.1')).toMatchObject({ AutoAccept: true, AfterContactWorkTimeLimit: 45 });
    // Declared by name: its own autoAccept wins; the selector still gives it the ACW.
    expect(voice('sales.5')).toMatchObject({ AutoAccept: false, AfterContactWorkTimeLimit: 20 });
    expect(voice('support.0')).toMatchObject({ AutoAccept: false, AfterContactWorkTimeLimit: 120 });
  });

  it('should bring an agent who joins the routing profile after the deploy in line on the next scheduled run', async () => {
    // Prepare
    ids['sales.new'] = emulator.createUser(INSTANCE_ID, { username: 'sales.new', routingProfileId: 'rp-sales', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 300 } });

    // Act
    const runs = await cfn.runSchedules();

    // Assess
    expect(runs).toEqual([expect.objectContaining({ summary: '11 users: 1 changed, 10 unchanged', error: undefined })]);
    expect(voice('sales.new')).toMatchObject({ AutoAccept: true, AfterContactWorkTimeLimit: 20 });
  });

  it('should show in the plan how many agents each selector matches', async () => {
    // Prepare
    let stdout = '';

    // Act
    const code = await main(['plan', '--app-dir', assembly], { env: { ...emulator.clientEnv() }, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } });

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('* selectors[0] (routing profile rp-sales) matches 11 agents');
    expect(stdout).toContain('* selectors[1] (routing profile rp-sales, tag site=dub) matches 3 agents');
    expect(stdout).toContain('= 11 users unchanged');
  });

  it('should fail only the agents whose equally specific selectors disagree, naming both, and write nothing to them', async () => {
    // Prepare
    emulator.consoleEdit(INSTANCE_ID, ids['support.0'], { phoneConfig: { AfterContactWorkTimeLimit: 120 } });
    const contradicting = synthesize((app) => {
      const stack = new Stack(app, 'Contradiction', { env: { account: ACCOUNT, region: REGION } });
      new UserPhoneConfigFleet(stack, 'Support', {
        instanceId: INSTANCE_ID,
        writesPerSecond: 50,
        selectors: [
          { routingProfileId: 'rp-support', settings: { afterContactWorkTimeLimit: Duration.seconds(10) } },
          { usernamePrefix: 'support.0', settings: { afterContactWorkTimeLimit: Duration.seconds(99) } },
        ],
      });
    });

    // Act
    const result = await new LocalCloudFormation({ emulator }).deploy(contradicting);

    // Assess
    expect(result.status).not.toBe('SUCCEEDED');
    expect(result.reason).toContain('support.0');
    expect(result.reason).toContain('selectors[0] (routing profile rp-support) and selectors[1] (usernames starting support.0) both match and set AfterContactWorkTimeLimit differently (10 and 99)');
    expect(voice('support.0')).toMatchObject({ AfterContactWorkTimeLimit: 120 });
    expect(voice('support.1')).toMatchObject({ AfterContactWorkTimeLimit: 10 });
  });
});
