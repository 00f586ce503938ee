/**
 * `npm run demo:adopt`: adopting a live contact centre, offline, in a few seconds.
 *
 * A local Amazon Connect holds 40 agents, set up by hand in the console over the years. The demo
 * exports their settings to a CSV declaration file (`cdk-connect-phone-config export`), declares a
 * fleet from it plus a routing-profile selector, deploys it (nothing changes but what the
 * selector decides), then a new agent joins the sales routing profile and the next scheduled
 * drift-correction run brings her in line without anyone touching the stack.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { FleetUsers, UserPhoneConfigFleet } from '../lib';
import { main } from '../lib/cli/main';
import { ConnectEmulator, LocalCloudFormation } from '../lib/testing';
import { showEachWarningOnce } from './warnings';

export interface AdoptStep {
  readonly title: string;
  readonly ok: boolean;
  readonly detail: string;
}

const SALES = 'rp-sales';
const SUPPORT = 'rp-support';

/** Runs the story and returns its steps; every line also goes to `print`. */
export async function runAdoptDemo(print: (line: string) => void = (l) => console.log(l)): Promise<AdoptStep[]> {
  const steps: AdoptStep[] = [];
  const step = (title: string, ok: boolean, detail: string) => {
    steps.push({ title, ok, detail });
    print(`== ${steps.length}. ${title} ==`);
    print(detail);
    print('');
  };
  const emulator = await ConnectEmulator.start();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'connect-phone-config-adopt-'));
  try {
    const instanceId = emulator.createInstance();
    for (let i = 0; i < 40; i++) {
      emulator.createUser(instanceId, {
        username: `${i % 2 === 0 ? 'sales' : 'support'}.${String(i).padStart(2, '0')}`,
        routingProfileId: i % 2 === 0 ? SALES : SUPPORT,
        phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: i % 3 === 0, AfterContactWorkTimeLimit: 30 + (i % 4) * 15 },
      });
    }
    const env = { ...emulator.clientEnv() };
    const cli = async (argv: string[]) => {
      let out = '';
      const code = await main(argv, { env, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } });
      return { code, out };
    };

    const file = path.join(work, 'agents.csv');
    const exported = await cli(['export', '--instance-id', instanceId, '--region', emulator.region, '--routing-profile', SUPPORT, '--format', 'csv', '--out', file]);
    const csv = fs.readFileSync(file, 'utf8').split('\n');
    step('export the support agents to a declaration file', exported.code === 0, `${exported.out.trim()}\n${csv.slice(0, 3).join('\n')}\n... (${csv.length - 2} agents)`);

    const cfn = new LocalCloudFormation({ emulator });
    const synth = (nonce: string) => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(work, 'cdk.out-')), context: { [UserPhoneConfigFleet.DEPLOYMENT_NONCE_CONTEXT]: nonce } });
      const stack = new Stack(app, 'ContactCentre', { env: { account: emulator.accountId, region: emulator.region } });
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId,
        writesPerSecond: 20,
        driftCorrection: Schedule.rate(Duration.hours(1)),
        // The support agents as exported: declared exactly as they are.
        users: FleetUsers.fromFile(file),
        // Sales agents by routing profile, whoever they are today or tomorrow.
        selectors: [{ routingProfileId: SALES, settings: { autoAccept: true, afterContactWorkTimeLimit: Duration.seconds(20) } }],
      });
      return app.synth().directory;
    };
    const assembly = synth('adopt-1');
    const plan = await cli(['plan', '--app-dir', assembly]);
    const planLines = plan.out.trim().split('\n');
    const shown = planLines.length > 14 ? [...planLines.slice(0, 10), `    ... (${planLines.length - 13} more lines)`, ...planLines.slice(-3)] : planLines;
    step('plan: the exported agents are unchanged; the selector would set the sales agents', plan.code === 2, shown.join('\n'));

    const deployed = await cfn.deploy(assembly);
    step('cdk deploy', deployed.status === 'SUCCEEDED', `status ${deployed.status}`);

    const newAgent = emulator.createUser(instanceId, { username: 'sales.new', routingProfileId: SALES, phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 300 } });
    const before = emulator.getUser(instanceId, newAgent)?.PhoneConfig;
    const runs = await cfn.runSchedules();
    const after = emulator.getUser(instanceId, newAgent)?.PhoneConfig;
    step(
      'a new agent joins the sales routing profile; the scheduled run brings her in line',
      runs.every((r) => r.error === undefined) && after?.AutoAccept === true && after.AfterContactWorkTimeLimit === 20,
      `sales.new before: autoAccept ${before?.AutoAccept}, ACW ${before?.AfterContactWorkTimeLimit} s\nscheduled run: ${runs.map((r) => r.summary).join('; ')}\nsales.new after:  autoAccept ${after?.AutoAccept}, ACW ${after?.AfterContactWorkTimeLimit} s`,
    );
    return steps;
  } finally {
    await emulator.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  showEachWarningOnce();
  runAdoptDemo().then((steps) => {
    process.exitCode = steps.every((s) => s.ok) ? 0 : 1;
  }, (error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
