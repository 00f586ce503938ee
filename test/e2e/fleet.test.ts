/**
 * End to end: one UserPhoneConfigFleet of 1,000 agents (named by username), synthesized with the
 * real bundled handler and deployed by LocalCloudFormation against the Connect emulator.
 *
 * Speed: the emulator's quotas keep their default shape, five times higher (`quotaScale`), and the
 * fleet writes at the matching 10/s. That alone is not enough: the handler paces DescribeUser at its
 * default 10/s, so confirming 1,000 drifted agents takes 100 s whatever the emulator's quotas. A virtual clock
 * (bench/virtual-clock.ts) therefore runs every wait 40 times faster, the handler's pacing and the
 * emulator's quota buckets alike; CPU work runs at real speed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RESOURCE_TYPE } from '../../lib/core/contract';
import { MAX_RESPONSE_BYTES } from '../../lib/core/contract';
import { CONNECT_OPERATIONS, ConnectEmulator, DeployResult, LocalCloudFormation } from '../../lib/testing';
import {
  Agents,
  DECLARED,
  STACK_NAME,
  agentsNotMatching,
  consoleDrift,
  convergeAgents,
  createAgents,
  fleetUsers,
  resetAgents,
  synthesizeFleet,
} from '../../bench/fleet-scenario';
import { VirtualClock } from '../../bench/virtual-clock';

const AGENTS = 1000;
const QUOTA_SCALE = 5;
const CLOCK_SCALE = 40;
/** Usernames no agent has. */
const GHOSTS = ['ghost-01', 'ghost-02', 'ghost-03', 'ghost-04', 'ghost-05'];

let clock: VirtualClock;
let emulator: ConnectEmulator;
let agents: Agents;
/** The stack's deployments, in order, across the tests of this file. */
let cfn: LocalCloudFormation;

beforeAll(async () => {
  clock = new VirtualClock(CLOCK_SCALE).install();
  emulator = await ConnectEmulator.start({ quotaScale: QUOTA_SCALE, clock: clock.now, now: clock.now });
  agents = createAgents(emulator, AGENTS);
  cfn = new LocalCloudFormation({ emulator });
});

afterAll(async () => {
  await emulator?.stop();
  clock?.uninstall();
});

beforeEach(() => {
  emulator.resetCalls();
  emulator.setFaults({});
});

type Variant = 'a' | 'b' | 'ghostsFail' | 'ghostsSkipped';
const assemblies = new Map<Variant, string>();

/**
 * The fleet's assemblies, synthesized once each. `a` and `b` declare the same fleet with a
 * different deployment nonce: deploying one after the other is an Update, as each `cdk deploy` is.
 */
function assembly(variant: Variant): string {
  const existing = assemblies.get(variant);
  if (existing) return existing;
  const users = fleetUsers(agents, 'username');
  const ghosts = GHOSTS.map((username) => ({ username }));
  const base = { instanceId: agents.instanceId, writesPerSecond: 2 * QUOTA_SCALE };
  const props = {
    a: { ...base, users },
    b: { ...base, users },
    // Every agent gets AutoAccept off; the ghosts fail the deployment.
    ghostsFail: { ...base, users: [...users, ...ghosts], defaults: { ...DECLARED, autoAccept: false } },
    ghostsSkipped: { ...base, users: [...users, ...ghosts], skipMissingUsers: true },
  }[variant];
  const { cdkOut } = synthesizeFleet(emulator, props, `fleet-e2e-${variant}`);
  assemblies.set(variant, cdkOut);
  return cdkOut;
}

/** Successful UpdateUserPhoneConfig calls by user id. */
function writesByUser(): Map<string, number> {
  const writes = new Map<string, number>();
  for (const call of emulator.calls()) {
    if (call.operation === 'UpdateUserPhoneConfig' && call.status === 200) writes.set(call.userId as string, (writes.get(call.userId as string) ?? 0) + 1);
  }
  return writes;
}

function callsOf(operation: 'SearchUsers' | 'DescribeUser' | 'UpdateUserPhoneConfig' | 'UpdateUserConfig'): number {
  return emulator.callCounts()[operation]?.total ?? 0;
}

function only<T>(result: DeployResult, pick: (e: DeployResult['events'][number]) => T): T {
  expect(result.events).toHaveLength(1);
  return pick(result.events[0]);
}

describe('UserPhoneConfigFleet of 1,000 agents, end to end', () => {
  describe('deploy and redeploy', () => {
    it('should converge every agent on the first deploy, with the desired state read from an S3 asset', async () => {
      // Prepare: every agent differs from the declaration
      const cdkOut = assembly('a');
      const template = Template.fromJSON(JSON.parse(fs.readFileSync(path.join(cdkOut, `${STACK_NAME}.template.json`), 'utf8')));
      template.hasResourceProperties(RESOURCE_TYPE, {
        DesiredStateObject: { Bucket: Match.anyValue(), Key: Match.stringLikeRegexp('\\.json$') },
        Users: Match.absent(),
      });

      // Act
      const result = await cfn.deploy(cdkOut);

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expect(agentsNotMatching(emulator, agents)).toEqual([]);
      const writes = writesByUser();
      expect(writes.size).toBe(AGENTS);
      expect([...writes.values()].every((n) => n === 1)).toBe(true);
      expect(only(result, (e) => e.data?.Summary)).toBe(`${AGENTS} users: ${AGENTS} changed, 0 unchanged`);
      // The object went to the emulator's S3 and the handler read it from there.
      const { Bucket, Key } = [...cfn.resources().values()][0].properties.DesiredStateObject as { Bucket: string; Key: string };
      const object = emulator.getObject(Bucket, Key);
      expect(JSON.parse(String(object)).Users).toHaveLength(AGENTS);
      expect(emulator.callCounts().GetObject?.ok).toBeGreaterThanOrEqual(1);
    });

    it('should make at most 5 read calls and no write on a redeploy without drift', async () => {
      // Act
      const result = await cfn.deploy(assembly('b'));

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expect(only(result, (e) => e.requestType)).toBe('Update');
      expect(callsOf('SearchUsers') + callsOf('DescribeUser')).toBeLessThanOrEqual(5);
      expect(callsOf('UpdateUserPhoneConfig') + callsOf('UpdateUserConfig')).toBe(0);
      expect(only(result, (e) => e.data?.Summary)).toBe(`${AGENTS} users: 0 changed, ${AGENTS} unchanged`);
    });

    it('should write exactly the agents edited in the console (10%) on a redeploy', async () => {
      // Prepare
      const drifted = consoleDrift(emulator, agents, 0.1);

      // Act
      const result = await cfn.deploy(assembly('a'));

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expect([...writesByUser().keys()].sort()).toEqual([...drifted].sort());
      expect(drifted).toHaveLength(AGENTS / 10);
      expect(agentsNotMatching(emulator, agents)).toEqual([]);
    });
  });

  describe('asynchronous completion', () => {
    let asynchronous: DeployResult | undefined;

    it('should finish in isComplete when one invocation is not enough, each poll resuming from live state', async () => {
      // Prepare: every agent drifted, and invocations of 20 s (virtual) that cannot write 1,000 agents
      resetAgents(emulator, agents);
      const shortLived = new LocalCloudFormation({ emulator, invocationBudgetMs: 20_000, handlerEnv: { SAFETY_MARGIN_SECONDS: '2' } });

      // Act
      const result = await shortLived.deploy(assembly('a'));
      asynchronous = result;

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      const event = result.events[0];
      expect(event.polls).toBeGreaterThan(1);
      expect(event.data?.Converged).toBe('true');
      expect(agentsNotMatching(emulator, agents)).toEqual([]);
      // Each agent was written once: every pass started from live state, skipping what earlier passes wrote.
      const writes = writesByUser();
      expect(writes.size).toBe(AGENTS);
      expect([...writes.values()].every((n) => n === 1)).toBe(true);
      // onEvent and every poll read the live state anew (2 SearchUsers pages a pass).
      expect(callsOf('SearchUsers')).toBe(2 * (1 + event.polls));
    });

    // Each pass sees only live state, so Data can speak for the first and the last pass (the log has all).
    it('should report in Data that the deployment took several passes, with at least the first and last passes\' changes', () => {
      const data = asynchronous?.events[0].data;
      expect(data?.Summary).toMatch(new RegExp(`^${AGENTS} users in their declared configuration; this deployment changed at least \\d+ \\(the first and last of several passes`));
      expect(Number(data?.ChangedCount)).toBeGreaterThan(0);
      expect(Number(data?.ChangedCount)).toBeLessThanOrEqual(AGENTS);
    });
  });

  describe('users that do not exist', () => {
    it('should fail the deployment, named in a reason under 4,096 bytes, after every other agent was written, and restore them in the rollback', async () => {
      // Prepare: the fleet converged, then a change for every agent plus five usernames no agent has
      convergeAgents(emulator, agents);

      // Act
      const result = await cfn.deploy(assembly('ghostsFail'));

      // Assess: the update failed and was rolled back
      expect(result.status).toBe('ROLLED_BACK');
      expect(result.events.map((e) => [e.requestType, e.status, e.rollback])).toEqual([
        ['Update', 'FAILED', false],
        ['Update', 'SUCCESS', true],
      ]);
      const reason = result.reason as string;
      expect(reason).toMatch(new RegExp(`^${GHOSTS.length} of ${AGENTS + GHOSTS.length} users failed`));
      expect(reason).toContain(`${GHOSTS.length} users were not found in instance`);
      for (const ghost of GHOSTS) expect(reason).toContain(`username ${ghost}`);
      expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
      // Every agent was written twice: to the new settings despite the ghosts, then back by the rollback.
      const writes = writesByUser();
      expect(writes.size).toBe(AGENTS);
      expect([...writes.values()].every((n) => n === 2)).toBe(true);
      expect(agentsNotMatching(emulator, agents)).toEqual([]);
    });

    it('should report them in Data.SkippedUsers with skipMissingUsers, and succeed', async () => {
      // Act
      const result = await cfn.deploy(assembly('ghostsSkipped'));

      // Assess: the update succeeded; the set of users changed, so the old physical id is deleted (users retained)
      expect(result.status).toBe('SUCCEEDED');
      expect(result.events.map((e) => [e.requestType, e.status])).toEqual([['Update', 'SUCCESS'], ['Delete', 'SUCCESS']]);
      const skipped = result.events[0].data?.SkippedUsers as string;
      for (const ghost of GHOSTS) expect(skipped).toContain(`username ${ghost}`);
      expect(result.events[0].data?.Summary).toBe(`${AGENTS + GHOSTS.length} users: 0 changed, ${AGENTS} unchanged, ${GHOSTS.length} skipped`);
      expect(callsOf('UpdateUserPhoneConfig')).toBe(0);
    });
  });

  describe('throttling', () => {
    it('should converge every agent without a failure when 10% of calls are throttled', async () => {
      // Prepare: every agent drifted, and 10% of Connect calls answered with ThrottlingException
      resetAgents(emulator, agents);
      emulator.setFaults({ throttleProbability: 0.1, seed: 42 });

      // Act
      const result = await cfn.deploy(assembly('b'));

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expect(agentsNotMatching(emulator, agents)).toEqual([]);
      const counts = emulator.callCounts();
      const throttled = Object.values(counts).reduce((n, c) => n + (c?.throttled ?? 0), 0);
      // Connect calls only: the retain fleet's look for restore records is refused by IAM, by design.
      const failed = CONNECT_OPERATIONS.reduce((n, op) => n + (counts[op]?.failed ?? 0), 0);
      expect(throttled).toBeGreaterThan(100);
      expect(failed).toBe(0);
      expect(writesByUser().size).toBe(AGENTS);
    });
  });
});
