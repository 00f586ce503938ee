/**
 * `cdk-connect-phone-config plan` end to end: a synthesized assembly, the Connect emulator, the
 * CLI in-process and as a real child process. The plan reads and never writes.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { Duration, Stack, Stage } from 'aws-cdk-lib';
import { PhoneType, UserPhoneConfig, UserPhoneConfigFleet } from '../../lib';
import { main } from '../../lib/cli/main';
import { MARKDOWN_MARKER } from '../../lib/cli/render-markdown';
import { ConnectEmulator } from '../../lib/testing';
import { synthesize } from '../fixtures/assembly';
import { DESK_PHONE_NUMBER, ENV, INSTANCE_ID } from '../fixtures/stacks';

/** Enough users that the fleet's desired state goes to an S3 asset (over 48 KB inline). */
const FLEET_SIZE = 700;
const OTHER_DESK_PHONE_NUMBER = '+15555550199';
const ROOT = path.resolve(__dirname, '../..');
/** The plan reads cdk.out only: skip bundling the handler to keep synth fast. */
const NO_BUNDLING = { context: { 'aws:cdk:bundling-stacks': [] } };

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function fleetName(i: number): string {
  return `agent-${String(i).padStart(4, '0')}`;
}

describe('Command: plan (end to end)', () => {
  let emulator: ConnectEmulator;
  let aliceId: string;
  let appDir: string;

  const plan = async (args: string[] = [], env?: Record<string, string>): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const code = await main(['plan', '--app-dir', appDir, ...args], {
      env: env ?? { ...emulator.clientEnv() },
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    });
    return { code, stdout, stderr };
  };

  beforeAll(async () => {
    emulator = await ConnectEmulator.start();
    emulator.createInstance(INSTANCE_ID);
    aliceId = emulator.createUser(INSTANCE_ID, {
      username: 'alice',
      phoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: DESK_PHONE_NUMBER, AutoAccept: true, AfterContactWorkTimeLimit: 30 },
    });
    emulator.createUser(INSTANCE_ID, { username: 'bob', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 60 } });
    for (let i = 0; i < FLEET_SIZE; i++) {
      emulator.createUser(INSTANCE_ID, { username: fleetName(i), phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 60 } });
    }
    appDir = synthesize((app) => {
      const stack = new Stack(app, 'PlanE2E', { env: ENV });
      new UserPhoneConfig(stack, 'Alice', {
        instanceId: INSTANCE_ID,
        userId: aliceId,
        phoneType: PhoneType.DESK_PHONE,
        deskPhoneNumber: DESK_PHONE_NUMBER,
        autoAccept: true,
        afterContactWorkTimeLimit: Duration.seconds(30),
      });
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: { phoneType: PhoneType.SOFT_PHONE, autoAccept: false, afterContactWorkTimeLimit: Duration.seconds(60) },
        users: [{ username: 'bob', autoAccept: true }, ...Array.from({ length: FLEET_SIZE }, (_, i) => ({ username: fleetName(i) }))],
      });
    }, NO_BUNDLING);
  });

  afterAll(() => emulator.stop());

  /** Console edits the test makes, undone afterwards so each test starts from the declared state. */
  const withDrift = async (run: () => Promise<void>): Promise<void> => {
    emulator.consoleEdit(INSTANCE_ID, aliceId, { phoneConfig: { AutoAccept: false, DeskPhoneNumber: OTHER_DESK_PHONE_NUMBER } });
    const agentId = emulator.findUserIdByUsername(INSTANCE_ID, fleetName(17)) as string;
    emulator.consoleEdit(INSTANCE_ID, agentId, { phoneConfig: { AutoAccept: true } });
    try {
      await run();
    } finally {
      emulator.consoleEdit(INSTANCE_ID, aliceId, { phoneConfig: { AutoAccept: true, DeskPhoneNumber: DESK_PHONE_NUMBER } });
      emulator.consoleEdit(INSTANCE_ID, agentId, { phoneConfig: { AutoAccept: false } });
    }
  };

  const expectNoRawPhoneNumber = (output: string) => {
    expect(output).not.toContain(DESK_PHONE_NUMBER);
    expect(output).not.toContain(OTHER_DESK_PHONE_NUMBER);
    expect(output).not.toContain(DESK_PHONE_NUMBER.slice(1));
    expect(output).not.toContain(OTHER_DESK_PHONE_NUMBER.slice(1));
  };

  it('should exit 0 and report every user unchanged when live matches the assembly', async () => {
    // Act
    const run = await plan();

    // Assess: stderr says which account and region were read, and nothing else
    expect(run.stderr).toBe(`Reading account ${ENV.account} as arn:aws:iam::${ENV.account}:user/emulator, region ${ENV.region}.\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Stack PlanE2E');
    expect(run.stdout).toContain('1 user unchanged');
    expect(run.stdout).toContain(`${FLEET_SIZE + 1} users unchanged`);
    expect(run.stdout).toMatch(/Plan: 0 users to change, 702 unchanged \(2 resources in 1 stack\)\.\n$/);
    // The fleet's users live in a file asset that was never uploaded: read from cdk.out.
    expect(emulator.callCounts().GetObject).toBeUndefined();
  });

  it('should exit 2 and name each drifted user and setting, phone numbers masked', async () => {
    await withDrift(async () => {
      // Act
      const run = await plan();

      // Assess
      expect(run.code).toBe(2);
      expect(run.stdout).toContain(`~ alice (${aliceId})`);
      expect(run.stdout).toContain('autoAccept: false -> true');
      expect(run.stdout).toContain('VOICE.phoneNumber: +*********99 -> +*********00');
      expect(run.stdout).toContain(`~ ${fleetName(17)} (`);
      expect(run.stdout).toContain('autoAccept: true -> false');
      expect(run.stdout).toContain('Plan: 2 users to change, 700 unchanged');
      expectNoRawPhoneNumber(run.stdout + run.stderr);
    });
  });

  it('should exit 1 with one message, planning nothing, when the credentials are for another account', async () => {
    // Prepare: an emulator whose caller is another account than the stack's
    const other = await ConnectEmulator.start({ accountId: '999999999999' });
    try {
      // Act
      const run = await plan([], { ...other.clientEnv() });

      // Assess
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`error: the credentials are for account 999999999999 (arn:aws:iam::999999999999:user/emulator), but stack PlanE2E is in account ${ENV.account}. Use credentials for that account (or plan that stack with --stack and its own credentials).\n`);
      expect(other.calls().filter((c) => c.operation === 'SearchUsers' || c.operation === 'DescribeUser')).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('should exit 1 with one message, not one per user, when the credentials cannot be used', async () => {
    // Prepare: an STS endpoint that refuses connections
    const run = await plan([], { ...emulator.clientEnv(), AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: the AWS credentials cannot be used \(.+\)\. Configure credentials for the stack's account/);
  });

  it('should render a pull-request comment with --format markdown', async () => {
    await withDrift(async () => {
      // Act
      const run = await plan(['--format', 'markdown']);

      // Assess
      expect(run.code).toBe(2);
      expect(run.stdout.startsWith(`${MARKDOWN_MARKER}\n`)).toBe(true);
      expect(run.stdout).toContain('| User | Setting | Live | Declared |');
      expect(run.stdout).toContain(`| \`alice (${aliceId})\` | \`VOICE.autoAccept\` | false | true |`);
      expect(run.stdout).toContain(`| \`alice (${aliceId})\` | \`VOICE.phoneNumber\` | +*********99 | +*********00 |`);
      expect(run.stdout).toMatch(new RegExp(`\\| \`${fleetName(17)} \\([0-9a-f-]{36}\\)\` \\| \`VOICE.autoAccept\` \\| true \\| false \\|`));
      expect(run.stdout).toContain(`<details><summary>${FLEET_SIZE} users unchanged</summary>`);
      expectNoRawPhoneNumber(run.stdout + run.stderr);
    });
  });

  it('should print the same findings as JSON with --format json', async () => {
    await withDrift(async () => {
      // Act
      const run = await plan(['--format', 'json']);

      // Assess
      expect(run.code).toBe(2);
      const doc = JSON.parse(run.stdout);
      expect(doc.exitCode).toBe(2);
      expect(doc.totals.users).toMatchObject({ change: 2, unchanged: 700 });
      const alice = doc.resources[0].users[0];
      expect(alice).toMatchObject({ userId: aliceId, verdict: 'change', api: 'UpdateUserPhoneConfig' });
      expect(alice.changes).toContainEqual({ setting: 'VOICE.phoneNumber', channel: 'VOICE', field: 'PhoneNumber', from: '+*********99', to: '+*********00' });
      expectNoRawPhoneNumber(run.stdout + run.stderr);
    });
  });

  it('should run as a child process with the emulator in its environment', async () => {
    await withDrift(async () => {
      // Act
      const run = await new Promise<Run>((resolve) => {
        execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', 'lib/cli/main.ts', 'plan', '--app-dir', appDir], {
          cwd: ROOT,
          env: { ...process.env, ...emulator.clientEnv() },
        }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
      });

      // Assess (stderr may carry Node warnings, such as the SDK's about Node versions)
      expect(run.stderr).not.toMatch(/^error:/m);
      expect(run.code).toBe(2);
      expect(run.stdout).toContain(`~ alice (${aliceId})`);
      expect(run.stdout).toContain('autoAccept: false -> true');
      expect(run.stdout).toContain(fleetName(17));
      expectNoRawPhoneNumber(run.stdout + run.stderr);
    });
  });

  it('should plan only the stacks named with --stack and fail on an unknown one', async () => {
    // Act
    const known = await plan(['--stack', 'PlanE2E']);
    const unknown = await plan(['--stack', 'Nope']);

    // Assess
    expect(known.code).toBe(0);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('stack Nope is not in');
    expect(unknown.stderr).toContain('stacks there: PlanE2E');
  });

  describe('a declared user that does not exist', () => {
    const declareGhost = (skipMissingUsers?: boolean) => synthesize((app) => {
      const stack = new Stack(app, 'Ghosts', { env: ENV });
      new UserPhoneConfig(stack, 'Ghost', { instanceId: INSTANCE_ID, username: 'ghost', autoAccept: true, skipMissingUsers });
      new UserPhoneConfig(stack, 'Bob', { instanceId: INSTANCE_ID, username: 'bob', autoAccept: false });
    }, NO_BUNDLING);

    it('should exit 1 and say which user is missing, as the deploy would fail', async () => {
      // Prepare
      appDir = declareGhost();

      // Act
      const run = await plan();

      // Assess
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('x username ghost: missing. username ghost was not found in instance');
      expect(run.stdout).toContain('autoAccept: true -> false');
      expect(run.stdout).toContain('Plan: 1 user to change, 0 unchanged, 1 missing (2 resources in 1 stack).');
    });

    it('should exit 2 and report it as skipped with skipMissingUsers', async () => {
      // Prepare
      appDir = declareGhost(true);

      // Act
      const run = await plan(['--format', 'markdown']);

      // Assess
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('Missing and skipped (skipMissingUsers): `ghost`');
    });
  });

  describe('an environment-agnostic stack', () => {
    beforeAll(() => {
      appDir = synthesize((app) => {
        new UserPhoneConfig(new Stack(app, 'Agnostic'), 'Bob', { instanceId: INSTANCE_ID, username: 'bob', autoAccept: true });
      }, NO_BUNDLING);
    });

    it('should exit 1 and ask for --account when the account is needed', async () => {
      // Act
      const run = await plan();

      // Assess
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('not planned: stack Agnostic is environment-agnostic and its account is only known at deploy time; pass --account.');
    });

    it('should resolve the stack for --account and --region', async () => {
      // Act
      const run = await plan(['--account', emulator.accountId, '--region', emulator.region]);

      // Assess
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('1 user unchanged');
    });
  });

  describe('stacks inside a CDK Stage (a nested assembly, as pipelines make)', () => {
    beforeAll(() => {
      appDir = synthesize((app) => {
        const stage = new Stage(app, 'Prod', { env: ENV });
        new UserPhoneConfig(new Stack(stage, 'Agents'), 'Bob', { instanceId: INSTANCE_ID, username: 'bob', autoAccept: false });
      }, NO_BUNDLING);
    });

    it('should plan them, named Stage/Stack, and select them with --stack', async () => {
      // Act
      const all = await plan();
      const selected = await plan(['--stack', 'Prod/Agents']);

      // Assess
      expect(all.code).toBe(2);
      expect(all.stdout).toContain('Stack Prod/Agents');
      expect(all.stdout).toContain('autoAccept: true -> false');
      expect(selected.code).toBe(2);
      expect(selected.stdout).toContain('Stack Prod/Agents');
    });
  });

  // Last, after every plan above has run.
  describe('afterwards', () => {
    it('should never have written to Connect or S3', () => {
      // Assess
      const counts = emulator.callCounts();
      expect(counts.UpdateUserPhoneConfig).toBeUndefined();
      expect(counts.UpdateUserConfig).toBeUndefined();
      expect(Object.keys(counts).filter((op) => /Put|Delete|Update|Create/.test(op))).toEqual([]);
      expect(counts.SearchUsers?.total ?? 0).toBeGreaterThan(0);
    });
  });
});
