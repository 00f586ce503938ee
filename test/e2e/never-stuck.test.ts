/**
 * End to end: the sequences that leave a stack stuck (UPDATE_ROLLBACK_FAILED, DELETE_FAILED) or
 * hang a deploy, driven the way CloudFormation and the CDK Provider framework really run them:
 * the framework's own runtime from the assembly, rollback in reverse order with old and new
 * swapped, cleanup Deletes after the update, and the IAM policy in force at each moment enforced
 * by the emulator. Each test is one case of "what was observed" in the lifecycle issue.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import * as fs from 'fs';
import * as path from 'path';
import { UserPhoneConfigFleet } from '../../lib';
import { ConnectEmulator, DeployResult, LocalCloudFormation } from '../../lib/testing';
import { ACCOUNT, REGION, ResourceDeclaration, StackDeclaration, UserRef, synthesizeDeclaration } from '../fixtures/declarations';
import { synthesize } from '../fixtures/assembly';
import { main } from '../../lib/cli/main';
import { emptyInstance, startDeployEmulator } from '../fixtures/emulator';
import { E2E_INSTANCES } from '../fixtures/instances';

const INSTANCE = E2E_INSTANCES.neverStuck;
const OTHER_INSTANCE = E2E_INSTANCES.neverStuckOther;
const id = (n: number) => `5afe0a11-0000-4000-8000-${String(n).padStart(12, '0')}`;
const GHOST = id(999);

let emulator: ConnectEmulator;

beforeAll(async () => {
  emulator = await startDeployEmulator({ account: ACCOUNT, region: REGION });
});
afterAll(() => emulator.stop());
beforeEach(() => {
  emptyInstance(emulator, INSTANCE);
  emptyInstance(emulator, OTHER_INSTANCE);
  emulator.setFaults({});
  emulator.denials.length = 0;
  for (let n = 1; n <= 40; n++) {
    emulator.createUser(n <= 30 ? INSTANCE : OTHER_INSTANCE, { id: id(n), username: `agent${n}`, phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 45 } });
  }
});

const fleet = (users: UserRef[], more: Partial<ResourceDeclaration> = {}): ResourceDeclaration => ({ id: 'Agents', kind: 'fleet', instanceId: INSTANCE, users, autoAccept: false, acw: 30, ...more });
/** A resource after the others whose user does not exist: it fails the deployment, which is rolled back. */
const ghost: ResourceDeclaration = { id: 'Ghost', kind: 'single', instanceId: INSTANCE, users: [{ userId: GHOST }], autoAccept: false };
const stack = (...resources: ResourceDeclaration[]): StackDeclaration => ({ stackName: 'NeverStuck', resources });
const byId = (...ns: number[]) => ns.map((n) => ({ userId: id(n) }));

function autoAccept(instanceId: string, n: number): boolean | undefined {
  return emulator.getUser(instanceId, id(n))?.PhoneConfig?.AutoAccept;
}

/** Calls IAM refused (none is expected: every grant in force covers what the handler does). */
function unexpectedDenials(): typeof emulator.denials {
  return emulator.denials;
}

function expectRolledBackCleanly(result: DeployResult): void {
  expect(result.status).toBe('ROLLED_BACK');
  expect(result.events.filter((e) => e.rollback && e.status === 'FAILED')).toEqual([]);
  expect(unexpectedDenials()).toEqual([]);
}

describe('an agent leaves the instance', () => {
  it('should report it on the next deploy (Data.GoneUsers, a log line) and succeed, still fail a typo, and not fail the rollback on the agent that left', async () => {
    // Prepare: a fleet deployed, then agent2 deprovisioned
    const cfn = new LocalCloudFormation({ emulator });
    const base = synthesizeDeclaration(stack(fleet(byId(1, 2, 3))));
    expect((await cfn.deploy(base)).status).toBe('SUCCEEDED');
    emulator.deleteUser(INSTANCE, id(2));

    // Act: a reviewer plans it first (the deployed template from CloudFormation GetTemplate)
    let planned = '';
    const code = await main(['plan', '--app-dir', base], { env: { ...emulator.clientEnv() }, stdout: { write: (t: string) => (planned += t) }, stderr: { write: () => undefined } });

    // Assess: the plan shows the agent as gone, like the deploy will, and does not fail on it
    expect(planned).toContain(`- user id ${id(2)}: gone from the instance (declared before); a deploy reports it and goes on.`);
    expect(code).not.toBe(1);

    // Act: the same stack is deployed again (only the nonce changes)
    const redeploy = await cfn.deploy(base, undefined, { resynth: true });

    // Assess: it succeeds and names the agent that left
    expect(redeploy.status).toBe('SUCCEEDED');
    expect(redeploy.events[0].data?.GoneUsers).toBe(`user id ${id(2)}`);
    expect(cfn.logs.some((l) => l.includes('"status":"gone"') && l.includes(id(2)))).toBe(true);

    // Act: a change drops agent3 and adds a user that does not exist (a typo), while agent3 leaves too
    const typo = synthesizeDeclaration(stack(fleet([...byId(1, 2), { username: 'agnet4' }])));
    emulator.deleteUser(INSTANCE, id(3));
    const failed = await cfn.deploy(typo);

    // Assess: the typo fails the deploy, and the rollback to the declaration with agent3 succeeds
    expect(failed.reason).toContain('username agnet4 was not found');
    expectRolledBackCleanly(failed);
    const rollback = failed.events.find((e) => e.rollback);
    expect(rollback?.data?.GoneUsers).toContain(`user id ${id(3)}`);
  });
});

describe('a RESTORE Delete that needs more than one pass', () => {
  it('should continue in isComplete without Data until done, and restores every user', async () => {
    // Prepare: a RESTORE fleet of 24 written at 2/s (a burst of 5), and invocations of 3 s: a pass
    // restores about 9, so the Delete takes three
    const dir = synthesizeDeclaration(stack(fleet(byId(...Array.from({ length: 24 }, (_, i) => i + 1)), { restore: true, writesPerSecond: 2 })));
    // One LocalCloudFormation: one stack id, as CloudFormation keeps it (the records are the stack's own).
    const shortLived = new LocalCloudFormation({ emulator, invocationBudgetMs: 3_000, handlerEnv: { SAFETY_MARGIN_SECONDS: '1' } });
    expect((await shortLived.deploy(dir)).status).toBe('SUCCEEDED');
    emulator.setFaults({ seed: 3, conflictProbability: 0.2 });

    // Act
    const destroyed = await shortLived.destroy();

    // Assess
    expect(destroyed.status).toBe('SUCCEEDED');
    expect(destroyed.events[0].polls).toBeGreaterThan(1);
    for (let n = 1; n <= 24; n++) expect(autoAccept(INSTANCE, n)).toBe(true);
  });
});

describe('a user whose calls keep answering 5xx', () => {
  it('should fail after its attempts, named with the last error, while the others converge; the rollback does not get stuck on it', async () => {
    // Prepare: agent2's calls always answer 500
    const cfn = new LocalCloudFormation({ emulator });
    const dir = synthesizeDeclaration(stack(fleet(byId(1, 2, 3))));
    emulator.setFaults({ failingUsers: [id(2)], operations: ['DescribeUser', 'UpdateUserPhoneConfig'] });

    // Act
    const result = await cfn.deploy(dir);

    // Assess: a bounded failure, naming the user and the error, not "Operation timed out" after an hour
    expect(result.status).toBe('ROLLED_BACK');
    expect(result.reason).toMatch(new RegExp(`^1 of 3 users failed\\. user id ${id(2)}: kept failing after 8 attempts .*InternalServiceException`));
    expect(result.events[0].elapsedMs).toBeLessThan(10 * 60_000);
    expect(autoAccept(INSTANCE, 1)).toBe(false);
    expect(autoAccept(INSTANCE, 3)).toBe(false);
  });
});

describe('responses fit 4,096 bytes', () => {
  it('should deliver an isComplete failure after several passes, with many users failed, with their names', async () => {
    // Prepare: 30 users declared by long usernames that do not exist, among real agents, in invocations too short for one pass
    const users = [...byId(...Array.from({ length: 30 }, (_, i) => i + 1)), ...Array.from({ length: 30 }, (_, i) => ({ username: `${'a-very-long-username-of-a-departed-contractor-'.repeat(2)}${i}` }))];
    const dir = synthesizeDeclaration(stack(fleet(users, { writesPerSecond: 2 })));
    const cfn = new LocalCloudFormation({ emulator, invocationBudgetMs: 4_000, handlerEnv: { SAFETY_MARGIN_SECONDS: '1' } });

    // Act
    const result = await cfn.deploy(dir);

    // Assess: the FAILED response arrived (it fit), carrying the first of the names and where the log is
    const create = result.events[0];
    expect(create.status).toBe('FAILED');
    expect(create.polls).toBeGreaterThan(1);
    expect(create.timedOut).toBe(false);
    expect(create.responseBytes).toBeLessThanOrEqual(4096);
    expect(create.reason).toContain('30 users were not found');
    expect(create.reason).toMatch(/Handler log: \/aws\/lambda\/NeverStuck-cpc[0-9a-f]{8}-IsComplete, request [0-9a-f-]{36}\.\n\nLogs: \/aws\/lambda\/NeverStuck-cpc[0-9a-f]{8}-IsComplete/);
    expect(create.reason).toContain('stay changed: CloudFormation does not roll back a failed Create');
  });
});

describe('rollback and cleanup run under the IAM policy in force', () => {
  const cases: [string, StackDeclaration, StackDeclaration][] = [
    ['a user id changes', stack({ ...fleet(byId(1)), kind: 'single' }), stack({ ...fleet(byId(2)), kind: 'single' }, ghost)],
    ['a fleet\'s users change', stack(fleet(byId(1, 2))), stack(fleet(byId(3, 4)), ghost)],
    ['usernames become ids', stack(fleet([{ username: 'agent1' }, { username: 'agent2' }])), stack(fleet(byId(1, 2)), ghost)],
    ['the instance changes', stack(fleet(byId(1, 2))), stack(fleet(byId(31, 32), { instanceId: OTHER_INSTANCE }), ghost)],
  ];
  it.each(cases)('%s: the rollback to the previous declaration is allowed and restores it', async (_, v1, v2) => {
    // Prepare: V1 deployed, then a console edit to its users
    const cfn = new LocalCloudFormation({ emulator });
    expect((await cfn.deploy(synthesizeDeclaration(v1))).status).toBe('SUCCEEDED');
    for (const n of [1, 2]) emulator.consoleEdit(INSTANCE, id(n), { phoneConfig: { AutoAccept: true } });

    // Act: V2 fails on its ghost and is rolled back
    const result = await cfn.deploy(synthesizeDeclaration(v2));

    // Assess: the rollback Update of V1 was allowed every call, and put V1's users back as declared
    expectRolledBackCleanly(result);
    const v1Users = v1.resources[0].users.length;
    for (let n = 1; n <= v1Users; n++) expect(autoAccept(INSTANCE, n)).toBe(false);
  });

  it('should read the old desired-state object in the rollback when a large fleet\'s object changes', async () => {
    // Prepare: 450 agents: enough to travel as an S3 asset instead of inline properties
    const LARGE = E2E_INSTANCES.neverStuckLarge;
    emptyInstance(emulator, LARGE);
    const many = Array.from({ length: 450 }, (_, i) => 1000 + i);
    for (const n of many) emulator.createUser(LARGE, { id: id(n), username: `agent${n}`, phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 45 } });
    const declare = (acw: number, extra: ResourceDeclaration[] = []) => synthesizeDeclaration(stack(fleet(byId(...many), { acw, instanceId: LARGE, writesPerSecond: 100, describeUsersPerSecond: 100 }), ...extra));
    const cfn = new LocalCloudFormation({ emulator });
    const v1 = declare(30);
    expect(usesDesiredStateObject(v1)).toBe(true);
    expect((await cfn.deploy(v1)).status).toBe('SUCCEEDED');
    emulator.consoleEdit(LARGE, id(1000), { phoneConfig: { AutoAccept: true } });

    // Act: one setting changes (a new object key) and the deploy fails on the ghost
    const result = await cfn.deploy(declare(31, [ghost]));

    // Assess: the rollback read V1's object and put every agent back to 30 s, agent1000's auto-accept off
    expectRolledBackCleanly(result);
    expect(emulator.getUser(LARGE, id(1000))?.PhoneConfig).toMatchObject({ AutoAccept: false, AfterContactWorkTimeLimit: 30 });
    expect(emulator.getUser(LARGE, id(1449))?.PhoneConfig?.AfterContactWorkTimeLimit).toBe(30);
  }, 180_000);

  it('should restore the old resource\'s users in its cleanup Delete when a RESTORE fleet\'s users are replaced', async () => {
    // Prepare: a RESTORE fleet of agent1 and agent2
    const cfn = new LocalCloudFormation({ emulator });
    expect((await cfn.deploy(synthesizeDeclaration(stack(fleet(byId(1, 2), { restore: true }))))).status).toBe('SUCCEEDED');
    expect(autoAccept(INSTANCE, 1)).toBe(false);

    // Act: its users are replaced by agent3
    const result = await cfn.deploy(synthesizeDeclaration(stack(fleet(byId(3), { restore: true }))));

    // Assess: the cleanup Delete (under the new policy) restored agent1 and agent2
    expect(result.status).toBe('SUCCEEDED');
    expect(result.events.map((e) => `${e.phase} ${e.requestType} ${e.status}`)).toEqual(['deploy Update SUCCESS', 'cleanup Delete SUCCESS']);
    expect(unexpectedDenials()).toEqual([]);
    expect([autoAccept(INSTANCE, 1), autoAccept(INSTANCE, 2), autoAccept(INSTANCE, 3)]).toEqual([true, true, false]);
  });
});

describe('work longer than CloudFormation allows', () => {
  it('should split at synth a fleet that one resource cannot write within its hour into chained parts that can', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const s = new Stack(app, 'Huge', { env: { account: ACCOUNT, region: REGION } });
    const users = Array.from({ length: 20_000 }, (_, i) => ({ username: `agent${i}` }));
    const fleet = new UserPhoneConfigFleet(s, 'Agents', { instanceId: INSTANCE, defaults: { autoAccept: false }, users });
    const template = Template.fromStack(s);
    const parts = Object.values(template.findResources('Custom::ConnectUserPhoneConfig')) as { DependsOn?: string[] }[];
    // 20,000 users, at most 5,436 a part (90% of the 6,040 one resource writes at 2/s in 3,020 s)
    expect(parts).toHaveLength(4);
    expect(fleet.resources).toHaveLength(4);
    expect(parts.slice(1).every((p, i) => (p.DependsOn ?? []).includes(s.getLogicalId(fleet.resources[i].node.defaultChild as never)))).toBe(true);
  });

  it('should stop writing and report before CloudFormation gives up (the service timeout, the waiter and the handler\'s budget add up)', () => {
    const dir = synthesizeDeclaration(stack(fleet(byId(1))));
    const template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(dir, 'NeverStuck.template.json'), 'utf8')));
    const [resource] = Object.values(template.findResources('Custom::ConnectUserPhoneConfig')) as { Properties: { ServiceTimeout: number } }[];
    const serviceTimeout = Number(resource.Properties.ServiceTimeout);
    const [handler] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.isComplete' } })) as { Properties: { Timeout: number; Environment: { Variables: Record<string, string> } } }[];
    const budget = Number(handler.Properties.Environment.Variables.EVENT_BUDGET_SECONDS);
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as { Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } } }[];
    const definition = machine.Properties.DefinitionString['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'x')).join('');
    const retry = JSON.parse(definition).States['framework-isComplete-task'].Retry[0] as { IntervalSeconds: number; MaxAttempts: number };

    expect(serviceTimeout).toBe(3600);
    // The handler fails the event itself (naming users) at its budget; the last pass then has a
    // full invocation's margin and more to report before CloudFormation's limit.
    expect(budget + Number(handler.Properties.Environment.Variables.SAFETY_MARGIN_SECONDS)).toBeLessThan(serviceTimeout);
    // The framework's waiter cannot time out ("Operation timed out", naming nobody) before the handler's budget.
    expect(retry.IntervalSeconds * retry.MaxAttempts).toBeGreaterThanOrEqual(budget);
  });

  it('should fail an event still unfinished at its time budget, naming the users not reached, and write nothing after it', async () => {
    // Prepare: every write throttled, and an event budget of 30 s (virtual)
    const dir = synthesizeDeclaration(stack(fleet(byId(1, 2))));
    const cfn = new LocalCloudFormation({ emulator, invocationBudgetMs: 3_000, handlerEnv: { SAFETY_MARGIN_SECONDS: '1', EVENT_BUDGET_SECONDS: '30' } });
    emulator.setFaults({ throttleProbability: 1, operations: ['UpdateUserPhoneConfig', 'UpdateUserConfig'] });

    // Act
    const result = await cfn.deploy(dir);

    // Assess
    const create = result.events[0];
    expect(create.status).toBe('FAILED');
    expect(create.reason).toMatch(/^2 of 2 users were not reached within this deployment's time budget/);
    expect(create.reason).toContain(`agent1 (${id(1)})`);
    expect(create.timedOut).toBe(false);
    expect(create.lateWrites).toBe(0);
    expect(create.elapsedMs).toBeLessThan(60_000);
  });
});

describe('a user moved from a RESTORE resource to a retain one', () => {
  it('should not be restored by the old resource\'s cleanup Delete', async () => {
    // Prepare: agent1 and agent2 in a RESTORE fleet
    const cfn = new LocalCloudFormation({ emulator });
    expect((await cfn.deploy(synthesizeDeclaration(stack(fleet(byId(1, 2), { restore: true }))))).status).toBe('SUCCEEDED');

    // Act: the fleet keeps only agent2 under RESTORE, and agent1 moves to a retain resource declaring auto-accept on... off
    const moved = await cfn.deploy(synthesizeDeclaration(stack(fleet(byId(2), { restore: true }), { id: 'Kept', kind: 'single', instanceId: INSTANCE, users: byId(1), autoAccept: false, acw: 60 })));

    // Assess: agent1 keeps the retain resource's declaration after the cleanup Delete of the old fleet
    expect(moved.status).toBe('SUCCEEDED');
    expect(moved.events.map((e) => `${e.phase} ${e.requestType}`)).toContain('cleanup Delete');
    expect(emulator.getUser(INSTANCE, id(1))?.PhoneConfig).toMatchObject({ AutoAccept: false, AfterContactWorkTimeLimit: 60 });
  });
});

describe('scheduled drift correction', () => {
  it('should not retry a failed run, and send it to the failure destination', async () => {
    // Prepare: a schedule with a failure destination, and a user whose every call fails (the service cannot serve it)
    const dir = synthesize((app) => {
      const s = new Stack(app, 'Scheduled', { env: { account: ACCOUNT, region: REGION } });
      const queue = new Queue(s, 'FailedRuns');
      new UserPhoneConfigFleet(s, 'Agents', { instanceId: INSTANCE, defaults: { autoAccept: false, afterContactWorkTimeLimit: Duration.seconds(30) }, users: byId(1, 2), driftCorrection: Schedule.rate(Duration.hours(1)), driftCorrectionFailureDestination: new SqsDestination(queue) });
    });
    const cfn = new LocalCloudFormation({ emulator });
    expect((await cfn.deploy(dir)).status).toBe('SUCCEEDED');
    emulator.setFaults({ failingUsers: [id(2)] });

    // Act
    const [run] = await cfn.runSchedules();

    // Assess
    expect(run.attempts).toBe(1);
    expect(run.error).toMatch(new RegExp(`^1 of 2 users failed\\. user id ${id(2)}: kept failing after 8 attempts`));
    expect(run.failureDestination).toMatch(/^arn:aws:sqs:us-east-1:123456789012:Scheduled-FailedRuns/);
  });
});

function usesDesiredStateObject(dir: string): boolean {
  const template = JSON.parse(fs.readFileSync(path.join(dir, 'NeverStuck.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  return Object.values(template.Resources).some((r) => r.Type === 'Custom::ConnectUserPhoneConfig' && r.Properties?.DesiredStateObject !== undefined);
}
