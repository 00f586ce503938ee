import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConnectClient, DescribeUserCommand } from '@aws-sdk/client-connect';
import { main } from '../../../lib/cli/main';

const SEED = path.join(__dirname, '..', '..', 'fixtures', 'emulator-seed.json');

function output() {
  let text = '';
  return { write: (chunk: string) => { text += chunk; }, text: () => text };
}

/** Runs `emulator` with `argv` until `use` (given the printed environment) is done. */
async function withEmulator(argv: string[], use: (env: Record<string, string>) => Promise<void>) {
  const stdout = output();
  const stderr = output();
  let stop!: () => void;
  const until = new Promise<void>((resolve) => { stop = resolve; });
  const running = main(['emulator', ...argv], { stdout, stderr, until });
  let used: Promise<void> | undefined;
  for (let i = 0; i < 100 && used === undefined; i++) {
    const exports = [...stdout.text().matchAll(/^export (\w+)=(.*)$/gm)];
    if (exports.length > 0) used = use(Object.fromEntries(exports.map((m) => [m[1], m[2]])));
    else if (stderr.text() !== '') break;
    else await new Promise((r) => setTimeout(r, 20));
  }
  try {
    await used;
  } finally {
    stop();
  }
  return { code: await running, stdout: stdout.text(), stderr: stderr.text() };
}

describe('cdk-connect-phone-config emulator', () => {
  it('should serve the seed file\'s users to the real SDK at the printed endpoint, then stops', async () => {
    let described: { Username?: string; PhoneConfig?: { AfterContactWorkTimeLimit?: number } } | undefined;
    const result = await withEmulator(['--seed', SEED], async (env) => {
      const client = new ConnectClient({ endpoint: env.AWS_ENDPOINT_URL_CONNECT, region: env.AWS_REGION, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } });
      described = (await client.send(new DescribeUserCommand({ InstanceId: '5eed0000-1111-4222-8333-444444444444', UserId: '5eed0000-0000-4000-8000-00000000a11c' }))).User;
      client.destroy();
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('instance 5eed0000-1111-4222-8333-444444444444: 2 users');
    expect(described?.Username).toBe('alice');
    expect(described?.PhoneConfig?.AfterContactWorkTimeLimit).toBe(30);
  });

  it('should name the file, the user and the reason, and exit 1, when the emulator refuses a seed', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-')), 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ instances: [{ users: [{ username: 'carol', phoneConfig: { PhoneType: 'DESK_PHONE' } }] }] }));
    const result = await withEmulator(['--seed', file], async () => undefined);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`seed file ${file}: instances[0].users[0] (carol):`);
    expect(result.stderr).toContain('phoneNumber is required when phoneType is DESK_PHONE');
  });

  it.each([
    [['--port', 'eighty'], '`--port` is "eighty"'],
    [['--seed'], '`--seed` needs a value'],
    [['--format', 'json'], 'unknown option `--format` for emulator'],
  ])('should exit 1 with one message for the bad arguments %j', async (argv, message) => {
    const stderr = output();
    expect(await main(['emulator', ...argv], { stderr, stdout: output() })).toBe(1);
    expect(stderr.text()).toContain(message);
  });
});
