/**
 * End to end: users named by username in both constructs, resolved with SearchUsers (batched),
 * deployed with LocalCloudFormation (the bundled handler, string-typed properties) against the
 * Connect emulator.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ConnectChannel, UserPhoneConfig, UserPhoneConfigFleet } from '../../lib';
import { findStack } from '../../lib/assembly/cloud-assembly';
import { CreateUserOptions, DeployResult, LocalCloudFormation } from '../../lib/testing';
import { synthesize } from '../fixtures/assembly';
import { EmulatorWorld } from '../fixtures/emulator';
import { ENV, INSTANCE_ID, agentArnJoin, connectStatements, instanceArnJoin } from '../fixtures/stacks';

type Operation = 'DescribeUser' | 'SearchUsers' | 'UpdateUserPhoneConfig' | 'UpdateUserConfig';
const OPERATIONS: readonly Operation[] = ['SearchUsers', 'DescribeUser', 'UpdateUserPhoneConfig', 'UpdateUserConfig'];

/** A live user with ACW 30 s on every channel and auto-accept off. */
function agent(username: string, overrides: Partial<CreateUserOptions> = {}): CreateUserOptions {
  return {
    username,
    phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30, PersistentConnection: false },
    ...overrides,
  };
}

function synthStack(declare: (stack: Stack) => void): string {
  return synthesize((app) => declare(new Stack(app, 'UsernamesE2E', { env: ENV })));
}

/** Several stacks in one app (one synth, deployed one by one with `deploy(cdkOut, stackName)`). */
function synthStacks(declare: Record<string, (stack: Stack) => void>): string {
  return synthesize((app) => {
    for (const [name, build] of Object.entries(declare)) build(new Stack(app, name, { env: ENV }));
  });
}

function templateOf(cdkOut: string): Template {
  return Template.fromJSON(findStack(cdkOut).template as unknown as Record<string, unknown>);
}

/** The ConnectUserPhoneConfig policy of a stack whose users are named by username. */
function expectAgentWildcardPolicy(cdkOut: string, writes: string[]): void {
  expect(connectStatements(templateOf(cdkOut))).toEqual([
    { Effect: 'Allow', Action: ['connect:DescribeUser', ...writes], Resource: agentArnJoin('*') },
    { Effect: 'Allow', Action: 'connect:SearchUsers', Resource: [instanceArnJoin(), agentArnJoin('*')] },
  ]);
}

/** The results of deploying a stack, then deploying it again as a second `cdk deploy` would. */
interface TwoDeploys {
  readonly cdkOut: string;
  readonly deploy: DeployResult;
  readonly counts: Record<Operation, number>;
  readonly writes: string[];
  readonly redeploy: DeployResult;
  readonly redeployCounts: Record<Operation, number>;
}

/** One emulator, one instance and one LocalCloudFormation per describe, read as call counts and writes. */
class World extends EmulatorWorld {
  /** Calls per operation since the last deploy started. */
  counts(): Record<Operation, number> {
    const counts = this.emulator.callCounts();
    return Object.fromEntries(OPERATIONS.map((op) => [op, counts[op]?.total ?? 0])) as Record<Operation, number>;
  }

  /** Ids of the users written since the last deploy started, with the call used. */
  writes(): string[] {
    return this.emulator.calls()
      .filter((c) => c.operation === 'UpdateUserPhoneConfig' || c.operation === 'UpdateUserConfig')
      .map((c) => `${c.operation} ${c.userId}`)
      .sort();
  }

  /** Deploys with the world's LocalCloudFormation, or a fresh one for another stack of the app. */
  async deploy(cdkOut: string, stackName?: string): Promise<DeployResult> {
    this.emulator.resetCalls();
    const cfn = stackName === undefined ? this.cfn : new LocalCloudFormation({ emulator: this.emulator });
    return cfn.deploy(cdkOut, stackName);
  }

  /** Deploys `declare`, then a fresh synth of it (a new nonce: an Update with nothing to change). */
  async deployTwice(declare: (stack: Stack) => void): Promise<TwoDeploys> {
    const cdkOut = synthStack(declare);
    const deploy = await this.deploy(cdkOut);
    const counts = this.counts();
    const writes = this.writes();
    const redeploy = await this.deploy(synthStack(declare));
    return { cdkOut, deploy, counts, writes, redeploy, redeployCounts: this.counts() };
  }
}

describe('UserPhoneConfig named by username', () => {
  const world = new World();
  let alice: string;
  let bob: string;
  let cdkOut: string;
  let deploy: DeployResult;
  let counts: Record<Operation, number>;
  let writes: string[];
  let redeploy: DeployResult;
  let redeployCounts: Record<Operation, number>;

  const declare = (stack: Stack) => {
    new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, username: 'alice', autoAccept: true, afterContactWorkTimeLimit: Duration.seconds(45) });
    new UserPhoneConfig(stack, 'Bob', {
      instanceId: INSTANCE_ID,
      username: 'bob',
      channels: [{ channel: ConnectChannel.CHAT, autoAccept: true, afterContactWorkTimeLimit: Duration.seconds(60) }],
    });
  };

  beforeAll(async () => {
    await world.start();
    alice = world.createUser(agent('alice'));
    bob = world.createUser(agent('bob'));
    world.createUser(agent('alice2'));
    ({ cdkOut, deploy, counts, writes, redeploy, redeployCounts } = await world.deployTwice(declare));
  });

  afterAll(() => world.stop());

  it('should resolve each username with one SearchUsers call and write the resolved user', () => {
    expect(deploy.status).toBe('SUCCEEDED');
    // One resource per construct: one SearchUsers each; DescribeUser confirms the drift before writing.
    // alice's ACW changes on VOICE only (its other channels keep theirs): UpdateUserConfig for both.
    expect(counts).toEqual({ SearchUsers: 2, DescribeUser: 2, UpdateUserPhoneConfig: 0, UpdateUserConfig: 2 });
    expect(writes).toEqual([`UpdateUserConfig ${bob}`, `UpdateUserConfig ${alice}`].sort());
    expect(world.emulator.getUser(INSTANCE_ID, alice)?.PhoneConfig).toMatchObject({ AutoAccept: true, AfterContactWorkTimeLimit: 45 });
    expect(world.emulator.getUser(INSTANCE_ID, bob)?.AutoAcceptConfigs).toContainEqual({ Channel: 'CHAT', AutoAccept: true });
  });

  it('should report the resolved id in Data.UserIds', () => {
    const byConstruct = Object.fromEntries(deploy.events.map((e) => [e.logicalId.replace(/[0-9A-F]{8}$/, ''), e.data?.UserIds]));
    expect(byConstruct).toEqual({ Alice: alice, Bob: bob });
    const aliceEvent = deploy.events.find((e) => e.logicalId.startsWith('Alice'));
    expect(aliceEvent?.data?.ChangedUsers).toBe(alice);
    expect(aliceEvent?.physicalId).toBe(`${INSTANCE_ID}/username:alice`);
  });

  it('should search again on a redeploy and write nothing', () => {
    expect(redeploy.events.map((e) => [e.requestType, e.status, e.data?.Summary])).toEqual([
      ['Update', 'SUCCESS', '1 user: 0 changed, 1 unchanged'],
      ['Update', 'SUCCESS', '1 user: 0 changed, 1 unchanged'],
    ]);
    expect(redeployCounts).toEqual({ SearchUsers: 2, DescribeUser: 0, UpdateUserPhoneConfig: 0, UpdateUserConfig: 0 });
  });

  it("should let the role act on the instance's agents (ids are unknown until run time) and search them", () => {
    expectAgentWildcardPolicy(cdkOut, ['connect:UpdateUserPhoneConfig', 'connect:UpdateUserConfig']);
  });
});

describe('UserPhoneConfigFleet named by username', () => {
  const world = new World();
  const FLEET_SIZE = 50;
  const usernames = Array.from({ length: FLEET_SIZE }, (_, i) => `agent-${String(i + 1).padStart(2, '0')}`);
  /** Users whose live settings differ from the fleet's defaults. */
  const drifted = ['agent-07', 'agent-23', 'agent-41'];
  /** The one user with a per-channel override. */
  const perChannel = 'agent-49';
  const ids: Record<string, string> = {};
  const outsiders: string[] = [];
  let cdkOut: string;
  let deploy: DeployResult;
  let counts: Record<Operation, number>;
  let writes: string[];
  let redeploy: DeployResult;
  let redeployCounts: Record<Operation, number>;

  const declare = (stack: Stack) => {
    new UserPhoneConfigFleet(stack, 'Agents', {
      instanceId: INSTANCE_ID,
      writesPerSecond: 100,
      defaults: { autoAccept: true, afterContactWorkTimeLimit: Duration.seconds(30) },
      users: usernames.map((username) => (username === perChannel
        ? { username, channels: [{ channel: ConnectChannel.TASK, afterContactWorkTimeLimit: Duration.seconds(90) }] }
        : { username })),
    });
  };

  beforeAll(async () => {
    await world.start();
    for (const username of usernames) {
      const inSync = !drifted.includes(username);
      ids[username] = world.createUser(agent(username, { phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: inSync, AfterContactWorkTimeLimit: 30 } }));
    }
    // Agents of the instance that the fleet does not name.
    for (let i = 0; i < 5; i++) outsiders.push(world.createUser(agent(`other-${i}`)));
    ({ cdkOut, deploy, counts, writes, redeploy, redeployCounts } = await world.deployTwice(declare));
  });

  afterAll(() => world.stop());

  it(`should read a fleet of ${FLEET_SIZE} usernames with 1 SearchUsers call, not ${FLEET_SIZE}`, () => {
    expect(deploy.status).toBe('SUCCEEDED');
    expect(counts.SearchUsers).toBe(1);
    // Only the users that differ are confirmed with DescribeUser.
    expect(counts.DescribeUser).toBe(drifted.length + 1);
  });

  it('should write only the users that differ, each by its resolved id', () => {
    expect(writes).toEqual([
      ...drifted.map((u) => `UpdateUserPhoneConfig ${ids[u]}`),
      `UpdateUserConfig ${ids[perChannel]}`,
    ].sort());
    for (const u of drifted) expect(world.emulator.getUser(INSTANCE_ID, ids[u])?.PhoneConfig?.AutoAccept).toBe(true);
    expect(world.emulator.getUser(INSTANCE_ID, ids[perChannel])?.AfterContactWorkConfigs?.find((c) => c.Channel === 'TASK'))
      .toEqual({ Channel: 'TASK', AfterContactWorkConfig: { AfterContactWorkTimeLimit: 90 } });
    expect(deploy.events[0].data?.Summary).toBe(`${FLEET_SIZE} users: 4 changed, ${FLEET_SIZE - 4} unchanged`);
  });

  it('should list the resolved ids in Data.UserIds in declaration order, cut to its budget with a count of the rest', () => {
    const reported = deploy.events[0].data?.UserIds ?? '';
    const match = /^([0-9a-f,-]+) \(\+(\d+) more\)$/.exec(reported);
    expect(match).not.toBeNull();
    const listed = (match as RegExpExecArray)[1].split(',');
    expect(listed).toEqual(usernames.slice(0, listed.length).map((u) => ids[u]));
    expect(listed.length + Number((match as RegExpExecArray)[2])).toBe(FLEET_SIZE);
    expect(deploy.events[0].data?.ChangedUsers.split(',').sort()).toEqual([...drifted, perChannel].map((u) => ids[u]).sort());
  });

  it('should search once again on a redeploy and write nothing', () => {
    expect(redeploy.events.map((e) => [e.requestType, e.status, e.data?.Summary])).toEqual([
      ['Update', 'SUCCESS', `${FLEET_SIZE} users: 0 changed, ${FLEET_SIZE} unchanged`],
    ]);
    expect(redeployCounts).toEqual({ SearchUsers: 1, DescribeUser: 0, UpdateUserPhoneConfig: 0, UpdateUserConfig: 0 });
  });

  it('should never write agents the fleet does not name', () => {
    for (const id of outsiders) expect(writes.some((w) => w.endsWith(id))).toBe(false);
  });

  it("should let the role act on the instance's agents and search them", () => {
    expectAgentWildcardPolicy(cdkOut, ['connect:UpdateUserPhoneConfig', 'connect:UpdateUserConfig']);
    templateOf(cdkOut).hasResourceProperties('Custom::ConnectUserPhoneConfig', {
      Users: Match.arrayWith([Match.objectLike({ Username: 'agent-01' })]),
    });
  });
});

describe('names that do not resolve to exactly one user', () => {
  const world = new World();
  const ids: Record<string, string> = {};
  let cdkOut: string;

  beforeAll(async () => {
    await world.start();
    for (const username of ['agent-01', 'agent-02', 'agent-03', 'agent-10', 'carol']) ids[username] = world.createUser(agent(username));
    cdkOut = synthStacks({
      // "Carol" does not exist; "carol" does (usernames are case-sensitive).
      UnknownUsername: (stack) => {
        new UserPhoneConfig(stack, 'Carol', { instanceId: INSTANCE_ID, username: 'Carol', autoAccept: true });
      },
      // Two agents by username, one by id, and "ghost", who does not exist.
      UnknownInFleet: (stack) => {
        new UserPhoneConfigFleet(stack, 'Ghosts', {
          instanceId: INSTANCE_ID,
          defaults: { autoAccept: true },
          users: [{ username: 'agent-01' }, { username: 'ghost' }, { userId: ids['agent-02'] }, { username: 'agent-03' }],
        });
      },
      // agent-10 named twice, by id and by username, with contradicting settings.
      SameUserTwice: (stack) => {
        new UserPhoneConfigFleet(stack, 'Twice', {
          instanceId: INSTANCE_ID,
          users: [{ userId: ids['agent-10'], autoAccept: true }, { username: 'agent-10', autoAccept: false }],
        });
      },
    });
  });

  afterAll(() => world.stop());

  it('should fail a UserPhoneConfig deploy with a reason naming an unknown username, and write nothing', async () => {
    const before = world.emulator.getUser(INSTANCE_ID, ids.carol);

    const result = await world.deploy(cdkOut, 'UnknownUsername');

    expect(result.status).toBe('ROLLED_BACK');
    expect(result.reason).toContain(`username Carol was not found in instance ${INSTANCE_ID}`);
    expect(result.reason).toMatch(/case-sensitive/);
    expect(world.writes()).toEqual([]);
    expect(world.emulator.getUser(INSTANCE_ID, ids.carol)).toEqual(before);
  });

  it('should fail a UserPhoneConfigFleet deploy with a reason naming an unknown username', async () => {
    const result = await world.deploy(cdkOut, 'UnknownInFleet');

    expect(result.status).toBe('ROLLED_BACK');
    expect(result.reason).toMatch(/^1 of 4 users failed/);
    expect(result.reason).toContain(`username ghost was not found in instance ${INSTANCE_ID}`);
    expect(world.counts().SearchUsers).toBe(1);
  });

  // Fails today: the handler does not notice that two entries resolve to the same user (see the
  // report: reconcile.ts should reject duplicate resolved ids before planning).
  it('should fail the deploy when a user id and a username resolve to the same user, instead of fighting each other', async () => {
    const before = world.emulator.getUser(INSTANCE_ID, ids['agent-10']);

    const result = await world.deploy(cdkOut, 'SameUserTwice');

    // Each deploy would otherwise write one declaration and the next deploy the other.
    expect({ status: result.status, writes: world.writes() }).toEqual({ status: 'ROLLED_BACK', writes: [] });
    expect(result.reason).toContain(ids['agent-10']);
    expect(result.reason).toContain('agent-10');
    expect(world.emulator.getUser(INSTANCE_ID, ids['agent-10'])).toEqual(before);
  });
});
