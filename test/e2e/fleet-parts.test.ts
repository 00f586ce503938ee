/**
 * End to end: a fleet too large for one custom resource's hour, split by the construct into chained
 * parts, deployed, rolled back and destroyed by LocalCloudFormation with the real bundled handler.
 *
 * Scale: 600 agents at a declared 0.1 writes per second make one resource's hour hold 302 users, so
 * the fleet is three parts of about 200, each needing 2,000 s of writes (three passes). A virtual
 * clock (bench/virtual-clock.ts) runs waiting 200 times faster; the emulator reads `Date.now`, which
 * during a deployment is LocalCloudFormation's clock, so its quota buckets see the waiter's pauses.
 */
import { findStack, phoneConfigResources } from '../../lib/assembly/cloud-assembly';
import { main } from '../../lib/cli/main';
import { FleetUser, UserRemovalPolicy } from '../../lib';
import { ConnectEmulator, DeployResult, LocalCloudFormation } from '../../lib/testing';
import { Agents, DECLARED, INITIAL_PHONE_CONFIG, agentsNotMatching, createAgents, fleetUsers, synthesizeFleet } from '../../bench/fleet-scenario';
import { VirtualClock } from '../../bench/virtual-clock';

const AGENTS = 600;
const WRITES_PER_SECOND = 0.1;
const CLOCK_SCALE = 200;
const HOUR_MS = 3_600_000;

let clock: VirtualClock;
let emulator: ConnectEmulator;
let agents: Agents;
let cfn: LocalCloudFormation;

beforeAll(async () => {
  clock = new VirtualClock(CLOCK_SCALE).install();
  emulator = await ConnectEmulator.start({ clock: () => Date.now(), now: () => Date.now() });
  agents = createAgents(emulator, AGENTS);
  cfn = new LocalCloudFormation({ emulator });
});

afterAll(async () => {
  await emulator?.stop();
  clock?.uninstall();
});

/** The fleet, RESTORE, at 0.1 writes/s; `overrides` are users with AutoAccept off. */
function assembly(nonce: string, overrides: readonly string[] = []): string {
  const users: FleetUser[] = fleetUsers(agents).map((u) => (overrides.includes((u as { userId: string }).userId) ? { ...u, autoAccept: false } : u));
  return synthesizeFleet(emulator, { instanceId: agents.instanceId, users, writesPerSecond: WRITES_PER_SECOND, removalPolicy: UserRemovalPolicy.RESTORE }, nonce).cdkOut;
}

/** The parts' logical ids in deployment order, and the user ids each holds (inline: about 200 each). */
function partsOf(cdkOut: string): { logicalId: string; userIds: string[] }[] {
  return phoneConfigResources(findStack(cdkOut)).map((r) => ({ logicalId: r.logicalId, userIds: ((r.properties.Users ?? []) as { UserId: string }[]).map((u) => u.UserId) }));
}

function expectEveryEventInsideItsHour(result: DeployResult): void {
  for (const event of result.events) {
    expect(event.timedOut).toBe(false);
    expect(event.elapsedMs).toBeLessThan(HOUR_MS);
    expect(event.lateWrites).toBe(0);
  }
}

describe('a fleet split into parts, end to end', () => {
  let first: string;

  it('should deploy every part in order, each inside its hour, and converge every agent with one write each', async () => {
    // Prepare
    first = assembly('parts-1');
    const parts = partsOf(first);
    expect(parts).toHaveLength(3);
    expect(parts.flatMap((p) => p.userIds).sort()).toEqual([...agents.ids].sort());

    // Act
    const result = await cfn.deploy(first);

    // Assess: one Create per part, in chain order, each over several passes
    expect(result.status).toBe('SUCCEEDED');
    expect(result.events.map((e) => `${e.logicalId} ${e.requestType} ${e.status}`)).toEqual(parts.map((p) => `${p.logicalId} Create SUCCESS`));
    expect(result.events.every((e) => e.polls >= 2)).toBe(true);
    expectEveryEventInsideItsHour(result);
    expect(agentsNotMatching(emulator, agents)).toEqual([]);
    const writes = emulator.calls().filter((c) => c.operation === 'UpdateUserPhoneConfig' && c.status === 200);
    expect(new Set(writes.map((c) => c.userId)).size).toBe(writes.length);
  }, 300_000);

  it('should plan every part: one drifted agent in each is one change under its part', async () => {
    // Prepare: one agent of each part edited in the console
    const parts = partsOf(first);
    const drifted = parts.map((p) => p.userIds[1]);
    for (const id of drifted) emulator.consoleEdit(agents.instanceId, id, { phoneConfig: { AutoAccept: !DECLARED.autoAccept } });
    let stdout = '';

    // Act
    const code = await main(['plan', '--app-dir', first, '--format', 'json'], {
      env: { ...emulator.clientEnv() },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => undefined },
    });
    for (const id of drifted) emulator.consoleEdit(agents.instanceId, id, { phoneConfig: { AutoAccept: DECLARED.autoAccept } });

    // Assess
    expect(code).toBe(2);
    const doc = JSON.parse(stdout) as { totals: { users: Record<string, number> }; resources: { logicalId: string; users: { userId: string; verdict: string }[] }[] };
    expect(doc.totals.users).toMatchObject({ change: 3, unchanged: AGENTS - 3 });
    expect(doc.resources.map((r) => r.logicalId)).toEqual(parts.map((p) => p.logicalId));
    doc.resources.forEach((r, i) => expect(r.users.filter((u) => u.verdict === 'change').map((u) => u.userId)).toEqual([drifted[i]]));
  }, 120_000);

  it('should roll back the parts it updated, last first, when a later part fails', async () => {
    // Prepare: one user of the first part and one of the last get AutoAccept off; the last one's writes fail
    const parts = partsOf(first);
    const [inFirst, inLast] = [parts[0].userIds[0], parts[2].userIds[0]];
    const changed = assembly('parts-2', [inFirst, inLast]);
    expect(partsOf(changed).map((p) => p.userIds)).toEqual(parts.map((p) => p.userIds));
    emulator.setFaults({ failingUsers: [inLast] });

    // Act
    const result = await cfn.deploy(changed);
    emulator.setFaults({});

    // Assess: every part was updated in order; the rollback went back through them in reverse
    expect(result.status).toBe('ROLLED_BACK');
    expect(result.reason).toContain(inLast);
    expect(result.events.map((e) => `${e.phase} ${e.logicalId} ${e.status}`)).toEqual([
      ...parts.map((p, i) => `deploy ${p.logicalId} ${i === 2 ? 'FAILED' : 'SUCCESS'}`),
      ...[...parts].reverse().map((p) => `rollback ${p.logicalId} SUCCESS`),
    ]);
    expect(emulator.getUser(agents.instanceId, inFirst)?.PhoneConfig?.AutoAccept).toBe(DECLARED.autoAccept);
    expect(agentsNotMatching(emulator, agents)).toEqual([]);
  }, 300_000);

  it('should restore every part\'s users on destroy, each part inside its hour', async () => {
    // Act
    const result = await cfn.destroy();

    // Assess: Deletes in reverse order; every agent back to what it had before the stack
    expect(result.status).toBe('SUCCEEDED');
    const parts = partsOf(first).filter((p) => result.events.some((e) => e.logicalId === p.logicalId));
    expect(parts).toHaveLength(3);
    const deletes = result.events.filter((e) => e.requestType === 'Delete').map((e) => e.logicalId);
    expect(deletes.filter((id) => parts.some((p) => p.logicalId === id))).toEqual([...parts].reverse().map((p) => p.logicalId));
    expectEveryEventInsideItsHour(result);
    expect(agentsNotMatching(emulator, agents, INITIAL_PHONE_CONFIG)).toEqual([]);
  }, 300_000);
});
