/**
 * `npm run demo`: the library's job end to end, on this machine, in a few seconds, with no AWS account.
 *
 * A local Amazon Connect (the emulator, on 127.0.0.1) holds six agents. The demo synthesizes a stack
 * that declares their phone settings, deploys it with a local CloudFormation that runs the bundled
 * handler, lets a supervisor change one agent in the console, redeploys, and destroys the stack.
 * Each step prints every agent before → after, the API calls made and the CloudFormation events.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { DEPLOYMENT_NONCE_CONTEXT } from '../lib/core/contract';
import { ConnectEmulator, DeployResult, LocalCloudFormation } from '../lib/testing';
import { SUPERVISOR, SeededAgent, seedAgents } from './agents';
import { viewAgents } from './agent-view';
import { buildDemoStack } from './demo-stack';
import { renderAgents, renderCalls, renderEvents } from './table';
import { showEachWarningOnce } from './warnings';

export interface DemoOptions {
  /** Where the lines go. @default console.log */
  readonly print?: (line: string) => void;
  /** Handler log lines shown per step. @default 3 */
  readonly logLines?: number;
}

export interface DemoStep {
  readonly title: string;
  readonly status: DeployResult['status'];
  /** Usernames of the agents the step wrote to (UpdateUserPhoneConfig or UpdateUserConfig). */
  readonly written: readonly string[];
}

export interface DemoResult {
  readonly steps: readonly DemoStep[];
  readonly elapsedMs: number;
}

const WRITES = new Set(['UpdateUserPhoneConfig', 'UpdateUserConfig']);

/** Runs the story; resolves when every step has succeeded, rejects on the first failed step. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const started = Date.now();
  const emulator = await ConnectEmulator.start();
  const outdirs: string[] = [];
  try {
    const instanceId = emulator.createInstance();
    const agents = seedAgents(emulator, instanceId);
    const names = new Map(agents.map((a) => [a.userId, a.username]));
    const supervisorId = agents.find((a) => a.username === SUPERVISOR)?.userId as string;
    const cfn = new LocalCloudFormation({ emulator });
    const synth = () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'connect-phone-config-demo-'));
      outdirs.push(outdir);
      const app = new App({ outdir, context: { [DEPLOYMENT_NONCE_CONTEXT]: `demo-${outdirs.length}` } });
      buildDemoStack(app, { instanceId, supervisorId, env: { account: emulator.accountId, region: emulator.region } });
      return app.synth().directory;
    };

    print(`Amazon Connect emulator on ${emulator.endpoint}, instance ${instanceId}, ${agents.length} agents.`);
    print('Declared: the supervisor by user id (UserPhoneConfig), five agents by username (UserPhoneConfigFleet).');
    const steps: DemoStep[] = [];
    const step = async (title: string, explain: string, run: () => Promise<DeployResult>) => {
      const before = viewAgents(emulator, instanceId, agents);
      emulator.resetCalls();
      const logsBefore = cfn.logs.length;
      const result = await run();
      const written = writtenAgents(emulator, agents);
      print('');
      print(`== ${steps.length + 1}. ${title} ==`);
      print(explain);
      print('');
      renderAgents(before, viewAgents(emulator, instanceId, agents), new Set(written)).forEach((l) => print(`  ${l}`));
      print('');
      print('  API calls');
      renderCalls(emulator.callCounts()).forEach((l) => print(`    ${l}`));
      print('');
      print(`  CloudFormation: ${result.status}`);
      renderEvents(result.events, names).forEach((l) => print(`    ${l}`));
      printLogs(print, cfn.logs.slice(logsBefore), options.logLines ?? 3);
      steps.push({ title, status: result.status, written });
      if (result.status === 'ROLLED_BACK') throw new Error(`${title} failed: ${result.reason}`);
    };

    await step('cdk deploy (Create)', 'Each drifted agent is written once; agents already as declared are only read.',
      () => cfn.deploy(synth()));
    const edited = 'farah.haddad';
    emulator.consoleEdit(instanceId, idOf(agents, edited), { phoneConfig: { AutoAccept: true, AfterContactWorkTimeLimit: 120 } });
    print('');
    print(`(A supervisor turns on auto-accept and sets 120 s ACW for ${edited} in the Connect console.)`);
    await step('cdk deploy again (Update)', `Only ${edited}, edited in the console, is written back.`,
      () => cfn.deploy(synth()));
    await step('cdk destroy (Delete)', 'The agents keep their settings: Delete makes no API call.',
      () => cfn.destroy());

    const elapsedMs = Date.now() - started;
    print('');
    print(`Done in ${(elapsedMs / 1000).toFixed(1)} s.`);
    return { steps, elapsedMs };
  } finally {
    await emulator.stop();
    for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Agents that got an UpdateUserPhoneConfig or UpdateUserConfig call answered 200 since the last reset. */
function writtenAgents(emulator: ConnectEmulator, agents: readonly SeededAgent[]): string[] {
  const ids = new Set(emulator.calls().filter((c) => WRITES.has(c.operation) && c.status === 200).map((c) => c.userId));
  return agents.filter((a) => ids.has(a.userId)).map((a) => a.username);
}

function idOf(agents: readonly SeededAgent[], username: string): string {
  return agents.find((a) => a.username === username)?.userId as string;
}

/** Fields every handler log line repeats; the demo leaves them out. */
const LOG_CONTEXT = new Set(['level', 'message', 'requestId', 'stackId', 'timestamp', 'logicalResourceId']);

/** The handler's first log lines, as `LEVEL message {details}`, shortened. */
function printLogs(print: (line: string) => void, lines: readonly string[], max: number): void {
  const entries = lines.flatMap((l) => l.split('\n')).filter((l) => l.trim() !== '');
  if (entries.length === 0 || max <= 0) return;
  print('');
  print(`  Handler log (first ${Math.min(max, entries.length)} of ${entries.length} lines, context fields left out)`);
  for (const line of entries.slice(0, max)) {
    const text = readableLogLine(line);
    print(`    ${text.length > 140 ? `${text.slice(0, 137)}...` : text}`);
  }
}

function readableLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const details = Object.fromEntries(Object.entries(entry).filter(([k]) => !LOG_CONTEXT.has(k)));
    return `${String(entry.level ?? '')} ${String(entry.message ?? '')} ${JSON.stringify(details)}`;
  } catch {
    return line;
  }
}

if (require.main === module) {
  showEachWarningOnce();
  runDemo().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
