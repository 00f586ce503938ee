/**
 * `export` and declaration files end to end: 2,000 agents in the emulator (routing profiles, a
 * hierarchy, tags, desk phones, per-channel settings), the CLI in-process with the real SDK, each
 * filter and format, and the round trip: export → FleetUsers.fromFile → `plan` reports nothing to
 * change; one edited line → `plan` shows exactly that change.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { FleetUsers, UserPhoneConfigFleet } from '../../lib';
import { main } from '../../lib/cli/main';
import { readDeclarationFile } from '../../lib/core/declaration-file';
import { ConnectEmulator } from '../../lib/testing';
import { synthesize } from '../fixtures/assembly';
import { E2E_INSTANCES } from '../fixtures/instances';
import { ENV } from '../fixtures/stacks';
import { typeCheck } from '../fixtures/type-check';

const AGENTS = 2000;
const EXPORT_INSTANCE_ID = E2E_INSTANCES.export;
const NO_BUNDLING = { context: { 'aws:cdk:bundling-stacks': [] } };

/** The generated contact centre, as predicates on the agent's index: the model the counts are checked against. */
const team = (i: number) => (i % 2 === 0 ? 'support' : 'sales');
const premium = (i: number) => i % 4 === 0;
const group = (i: number) => (['europe', 'dublin', 'americas'] as const)[i % 3];
const deskPhone = (i: number) => i % 50 === 0;
const longChat = (i: number) => i % 7 === 0;
const username = (i: number) => `${team(i)}.${String(i).padStart(4, '0')}`;
const count = (test: (i: number) => boolean) => Array.from({ length: AGENTS }, (_, i) => i).filter(test).length;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('Command: export, and declaration files (end to end)', () => {
  let emulator: ConnectEmulator;
  let work: string;
  const groups: Record<string, string> = {};

  const cli = async (argv: string[], env?: Record<string, string>): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      env: env ?? { ...emulator.clientEnv() },
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    });
    return { code, stdout, stderr };
  };
  const exportTo = (file: string, ...args: string[]) => cli(['export', '--instance-id', EXPORT_INSTANCE_ID, '--region', emulator.region, '--out', path.join(work, file), ...args]);
  const usersIn = (file: string) => readDeclarationFile(file, fs.readFileSync(path.join(work, file), 'utf8'), file.endsWith('.csv') ? 'csv' : 'json').users;

  beforeAll(async () => {
    emulator = await ConnectEmulator.start();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cpc-export-'));
    emulator.createInstance(EXPORT_INSTANCE_ID);
    groups.europe = emulator.createHierarchyGroup(EXPORT_INSTANCE_ID, { name: 'Europe' });
    groups.dublin = emulator.createHierarchyGroup(EXPORT_INSTANCE_ID, { name: 'Dublin', parentGroupId: groups.europe });
    groups.americas = emulator.createHierarchyGroup(EXPORT_INSTANCE_ID, { name: 'Americas' });
    for (let i = 0; i < AGENTS; i++) {
      emulator.createUser(EXPORT_INSTANCE_ID, {
        username: username(i),
        routingProfileId: premium(i) ? 'rp-premium' : 'rp-standard',
        hierarchyGroupId: groups[group(i)],
        tags: { team: team(i) },
        phoneConfig: deskPhone(i)
          ? { PhoneType: 'DESK_PHONE', DeskPhoneNumber: `+1555555${String(i).padStart(4, '0')}`, AfterContactWorkTimeLimit: 30 }
          : { PhoneType: 'SOFT_PHONE', AutoAccept: i % 3 === 0, AfterContactWorkTimeLimit: (i % 5) * 10 },
        channels: longChat(i) ? { CHAT: { afterContactWorkTimeLimit: 120 } } : undefined,
      });
    }
  });

  afterAll(() => emulator.stop());

  it('should export every agent with their settings, a progress bar and no phone number', async () => {
    // Act
    const run = await exportTo('all.json');

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\] 2000\/2000 agents\n/);
    expect(run.stderr).toMatch(new RegExp(`Note: ${count(deskPhone)} agents have a desk phone number; it is personal data and was left out`));
    const text = fs.readFileSync(path.join(work, 'all.json'), 'utf8');
    expect(text).not.toMatch(/\+1555555/);
    const users = usersIn('all.json');
    expect(users).toHaveLength(AGENTS);
    expect(users.find((u) => u.username === username(7))).toEqual({
      username: username(7),
      phoneType: 'SOFT_PHONE',
      autoAccept: false,
      afterContactWorkTimeLimit: 20,
      persistentConnection: false,
      channels: [
        { channel: 'VOICE', agentFirstCallbackAutoAccept: false, agentFirstCallbackAfterContactWorkTimeLimit: 0, voiceEnhancementMode: 'NONE' },
        { channel: 'CHAT', autoAccept: false, afterContactWorkTimeLimit: 120 },
        { channel: 'TASK', autoAccept: false, afterContactWorkTimeLimit: 20 },
        { channel: 'EMAIL', autoAccept: false, afterContactWorkTimeLimit: 20 },
      ],
    });
    // A desk phone's type goes with its number: both stay undeclared.
    expect(users.find((u) => u.username === username(50))).not.toHaveProperty('phoneType');
  });

  it.each([
    ['--routing-profile rp-premium', ['--routing-profile', 'rp-premium'], premium],
    ['--hierarchy-group (exact)', ['--hierarchy-group', 'GROUP:europe'], (i: number) => group(i) === 'europe'],
    ['--hierarchy-group --with-child-groups', ['--hierarchy-group', 'GROUP:europe', '--with-child-groups'], (i: number) => group(i) !== 'americas'],
    ['--tag team=sales', ['--tag', 'team=sales'], (i: number) => team(i) === 'sales'],
    ['--username-prefix support.1', ['--username-prefix', 'support.1'], (i: number) => username(i).startsWith('support.1')],
    ['--routing-profile with --tag', ['--routing-profile', 'rp-premium', '--tag', 'team=support'], (i: number) => premium(i) && team(i) === 'support'],
  ] as const)('should export exactly the agents matching %s', async (_name, args, matches) => {
    // Prepare
    const resolved = args.map((a) => (a.startsWith('GROUP:') ? groups[a.slice(6)] : a));

    // Act
    const run = await exportTo('filtered.csv', '--format', 'csv', ...resolved);

    // Assess
    expect(run.code).toBe(0);
    const exported = usersIn('filtered.csv').map((u) => u.username).sort();
    const expected = Array.from({ length: AGENTS }, (_, i) => i).filter(matches).map(username).sort();
    expect(exported).toEqual(expected);
  });

  it('should write the same users in CSV as in JSON', async () => {
    // Act
    await exportTo('same.json', '--tag', 'team=sales');
    await exportTo('same.csv', '--tag', 'team=sales', '--format', 'csv');

    // Assess
    expect(usersIn('same.csv')).toEqual(usersIn('same.json'));
  });

  it('should write a TypeScript construct that compiles against the library', async () => {
    // Act
    const run = await exportTo('agents.ts', '--format', 'ts', '--username-prefix', 'sales.00');

    // Assess
    expect(run.code).toBe(0);
    const source = fs.readFileSync(path.join(work, 'agents.ts'), 'utf8');
    expect(source).toMatch(/new UserPhoneConfigFleet\(scope, id, \{/);
    expect(source).toMatch(/afterContactWorkTimeLimit: Duration\.seconds\(\d+\)/);
    expect(typeCheck([], { [path.join(path.resolve(__dirname, '../..'), 'examples', 'exported-agents.ts')]: source })).toEqual([]);
  });

  it('should write desk numbers only with --include-phone-numbers, in a file only its owner can read', async () => {
    // Act
    const run = await exportTo('numbers.json', '--include-phone-numbers', '--username-prefix', 'support.00');

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/Note:/);
    const desk = usersIn('numbers.json').find((u) => u.username === username(0));
    expect(desk).toMatchObject({ phoneType: 'DESK_PHONE', deskPhoneNumber: '+15555550000' });
    expect(fs.statSync(path.join(work, 'numbers.json')).mode & 0o777).toBe(0o600);
  });

  it('should round-trip: the exported file deploys as no change, and one edited line is exactly one change', async () => {
    // Prepare: export, then declare a fleet from the file.
    await exportTo('team.csv', '--format', 'csv', '--username-prefix', 'sales.01', '--include-phone-numbers');
    const file = path.join(work, 'team.csv');
    const assemble = () => synthesize((app) => {
      const stack = new Stack(app, 'FromFile', { env: ENV });
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: EXPORT_INSTANCE_ID, users: FleetUsers.fromFile(file) });
    }, NO_BUNDLING);

    // Act
    const unchanged = await cli(['plan', '--app-dir', assemble(), '--format', 'json']);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const header = lines[0].split(',');
    const row = lines.findIndex((l) => l.startsWith(`${username(101)},`));
    const cells = lines[row].split(',');
    cells[header.indexOf('chat.afterContactWorkTimeLimit')] = '45';
    lines[row] = cells.join(',');
    fs.writeFileSync(file, lines.join('\n'));
    const edited = await cli(['plan', '--app-dir', assemble(), '--format', 'json']);

    // Assess
    expect(unchanged.code).toBe(0);
    const before = JSON.parse(unchanged.stdout);
    expect(before.totals.users).toMatchObject({ unchanged: count((i) => username(i).startsWith('sales.01')), change: 0, missing: 0 });
    expect(edited.code).toBe(2);
    const changed = JSON.parse(edited.stdout).resources[0].users.filter((u: { changes: unknown[] }) => u.changes.length > 0);
    expect(changed).toHaveLength(1);
    expect(changed[0].username).toBe(username(101));
    expect(changed[0].changes).toEqual([expect.objectContaining({ channel: 'CHAT', field: 'AfterContactWorkTimeLimit', to: '45' })]);
  });

  it('should exit 1 with one message for an unknown instance', async () => {
    // Act
    const run = await cli(['export', '--instance-id', '00000000-0000-0000-0000-00000000dead', '--region', emulator.region]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: Connect says .*: instance 00000000-0000-0000-0000-00000000dead \(or the hierarchy group given\) does not exist in region/);
  });

  it('should exit 1 with one message when Connect keeps throttling', async () => {
    // Prepare
    emulator.setFaults({ seed: 1, throttleProbability: 1, operations: ['SearchUsers'] });

    // Act
    const run = await exportTo('never.json').finally(() => emulator.setFaults({ seed: 1 }));

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: Connect kept throttling SearchUsers .* lower --search-users-per-second\.\n$/);
  });

  it('should exit 1 with one message when the credentials cannot be used', async () => {
    // Act
    const run = await cli(['export', '--instance-id', EXPORT_INSTANCE_ID, '--region', emulator.region], { ...emulator.clientEnv(), AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: the AWS credentials cannot be used \(.+\)\. Configure credentials for the instance's account/);
  });

  it('should exit 1 with the usage on a bad flag', async () => {
    // Act
    const run = await cli(['export', '--instance-id', EXPORT_INSTANCE_ID, '--tag', 'team']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: `--tag` is "team"; write it as KEY=VALUE, e.g. --tag team=sales\./);
  });
});
