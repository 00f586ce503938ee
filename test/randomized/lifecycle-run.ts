/**
 * A randomized, seeded lifecycle run: random sequences of deploys (users added, removed and
 * changed, ids and usernames swapped, typos, removal policy, rate and instance changes),
 * destroys, console edits, agents deleted and recreated, and faults (429, 5xx, 409, latency,
 * connection resets, a Lambda killed by its timeout, duplicated delivery), all through the
 * faithful LocalCloudFormation with CloudFormation's rollback on every failure.
 *
 * After every step it checks the invariants a user of the library relies on, written apart from
 * the handler: no stack left in a failed rollback or delete, and no request left unanswered;
 * every user in its old or its new declared configuration (or as it was); a successful deploy
 * converged; RESTORE puts back exact originals; every response fits 4,096 bytes; no phone
 * number in any output. Same seed, same sequence.
 */
import { ConnectEmulator, LocalCloudFormation, mulberry32 } from '../../lib/testing';
import { ResourceDeclaration, StackDeclaration, UserRef, synthesizeDeclaration } from '../fixtures/declarations';

const INSTANCES = ['7a11d000-0000-4000-8000-000000000001', '7a11d000-0000-4000-8000-000000000002'];
const AGENTS_PER_INSTANCE = 6;
const STACK = 'Randomized';

export interface RunOptions {
  readonly seed: number;
  readonly operations: number;
  /** Distinct declarations synthesized up front; each deploy picks one (with a fresh nonce). */
  readonly declarations: number;
  readonly log?: (line: string) => void;
}

export interface RunReport {
  readonly operations: number;
  readonly deploys: number;
  readonly rollbacks: number;
  readonly violations: string[];
}

interface Agent {
  readonly instanceId: string;
  readonly id: string;
  readonly username: string;
  readonly deskNumber: string;
}

interface Live {
  readonly autoAccept?: boolean;
  readonly acw?: number;
  readonly phoneType?: string;
}

export async function runLifecycle(options: RunOptions): Promise<RunReport> {
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const emulator = await ConnectEmulator.start({ quotaScale: 100 });
  const violations: string[] = [];
  let deploys = 0;
  let rollbacks = 0;
  let killNext = false;
  let twice = false;
  const cfn = new LocalCloudFormation({
    emulator,
    deliverTwice: () => twice,
    // The next handler invocation is killed by its timeout after it ran (its answer lost): the
    // forward request's, since the flag is spent before the rollback's.
    killInvocation: () => {
      const kill = killNext;
      killNext = false;
      return kill;
    },
    handlerEnv: { SAFETY_MARGIN_SECONDS: '1' },
    invocationBudgetMs: 20_000,
  });
  try {
    const agents = seedAgents(emulator);
    const pool = Array.from({ length: options.declarations }, () => randomDeclaration(agents, random));
    const assemblies = pool.map((d) => synthesizeDeclaration(d));
    let deployed: StackDeclaration | undefined;
    /** Per user: its settings before the stack first changed it under RESTORE (when that is clean to check). */
    const originals = new Map<string, Live>();
    const tainted = new Set<string>();
    /** Every state each user has been seen in: a RESTORE cleanup may put any earlier one back. */
    const history = new Map<string, Live[]>();
    const cursor = { events: 0, logs: 0 };
    /** Users some attempted declaration put under RESTORE: a record of theirs may be restored later. */
    const everRestore = new Set<string>();

    for (let op = 0; op < options.operations; op++) {
      const roll = random();
      const before = snapshot(emulator, agents);
      for (const [id, live] of before) history.set(id, [...(history.get(id) ?? []), live]);
      if (roll < 0.45) {
        const index = Math.floor(random() * pool.length);
        const next = pool[index];
        deploys++;
        const result = await cfn.deploy(assemblies[index], STACK, { resynth: true });
        options.log?.(`#${op} deploy ${index}: ${result.status}${result.reason ? ` (${result.reason.split('\n')[0].slice(0, 120)})` : ''}`);
        if (result.status === 'ROLLED_BACK') rollbacks++;
        if (result.status === 'ROLLBACK_FAILED') violations.push(`#${op} deploy ${index}: UPDATE_ROLLBACK_FAILED: ${result.reason}`);
        for (const f of result.cleanupFailures) violations.push(`#${op} deploy ${index}: cleanup Delete failed: ${f.reason}`);
        const after = snapshot(emulator, agents);
        for (const a of declaredUnder(next, agents, true)) everRestore.add(a.id);
        checkOldOrNew(`#${op} deploy ${index}`, agents, before, after, deployed, next, history, everRestore, violations);
        if (result.status === 'SUCCEEDED' || result.status === 'NO_CHANGES') {
          checkConverged(`#${op} deploy ${index}`, agents, after, next, result.events.flatMap((e) => [e.data?.FailedUsers ?? '']), violations);
          for (const a of declaredUnder(next, agents, true)) if (!originals.has(a.id) && !tainted.has(a.id)) originals.set(a.id, before.get(a.id) as Live);
          for (const id of [...originals.keys()]) if (!declaredUnder(next, agents, true).some((a) => a.id === id)) originals.delete(id);
          deployed = next;
        } else {
          for (const a of [...declaredUnder(next, agents, true), ...declaredUnder(deployed, agents, true)]) tainted.add(a.id);
          for (const id of tainted) originals.delete(id);
        }
      } else if (roll < 0.52 && cfn.resources().size > 0) {
        emulator.setFaults({});
        // A kill is injected into deploys only: a Lambda killed during a Delete fails that Delete
        // whatever the handler does (`cdk destroy` again then succeeds).
        killNext = false;
        const result = await cfn.destroy(STACK);
        options.log?.(`#${op} destroy: ${result.status}`);
        if (result.status !== 'SUCCEEDED') violations.push(`#${op} destroy: ${result.status}: ${result.reason}`);
        const after = snapshot(emulator, agents);
        for (const [id, original] of originals) {
          const now = after.get(id);
          if (now && !sameLive(now, original)) violations.push(`#${op} destroy: user ${id} was not restored to its original ${JSON.stringify(original)}: ${JSON.stringify(now)}`);
        }
        originals.clear();
        deployed = undefined;
      } else if (roll < 0.65) {
        const agent = pick(agents);
        // An ACW edit sets every channel (a declared top-level ACW then changes VOICE only).
        const acw = pick([0, 15, 45, 90]);
        const everyChannel = { afterContactWorkTimeLimit: acw };
        if (emulator.getUser(agent.instanceId, agent.id)) {
          emulator.consoleEdit(agent.instanceId, agent.id, chance(0.6)
            ? { phoneConfig: { AutoAccept: chance(0.5) } }
            : { phoneConfig: { AutoAccept: chance(0.5), AfterContactWorkTimeLimit: acw }, channels: { CHAT: everyChannel, TASK: everyChannel, EMAIL: everyChannel } });
        }
        tainted.add(agent.id);
        originals.delete(agent.id);
      } else if (roll < 0.72) {
        const agent = pick(agents);
        emulator.deleteUser(agent.instanceId, agent.id);
        tainted.add(agent.id);
        originals.delete(agent.id);
        options.log?.(`#${op} agent ${agent.username} deleted`);
      } else if (roll < 0.78) {
        const agent = pick(agents);
        if (!emulator.getUser(agent.instanceId, agent.id)) emulator.createUser(agent.instanceId, { id: agent.id, username: agent.username, phoneConfig: initialConfig(agent, random) });
      } else if (roll < 0.92) {
        const fault = pick(['none', 'none', 'throttle', 'serverError', 'conflict', 'reset', 'latency']);
        emulator.setFaults({
          seed: Math.floor(random() * 1e9),
          throttleProbability: fault === 'throttle' ? 0.3 : 0,
          serverErrorProbability: fault === 'serverError' ? 0.1 : 0,
          conflictProbability: fault === 'conflict' ? 0.2 : 0,
          connectionResetProbability: fault === 'reset' ? 0.05 : 0,
          latencyMs: fault === 'latency' ? { min: 0, max: 30 } : 0,
        });
        options.log?.(`#${op} faults: ${fault}`);
      } else if (roll < 0.96) {
        killNext = true;
      } else {
        twice = !twice;
      }
      checkEvents(`#${op}`, cfn, agents, cursor, violations);
    }
    emulator.setFaults({});
    return { operations: options.operations, deploys, rollbacks, violations };
  } finally {
    await emulator.stop();
  }
}

function seedAgents(emulator: ConnectEmulator): Agent[] {
  const random = mulberry32(7);
  const agents: Agent[] = [];
  INSTANCES.forEach((instanceId, i) => {
    emulator.createInstance(instanceId);
    for (let n = 1; n <= AGENTS_PER_INSTANCE; n++) {
      const agent = { instanceId, id: `7a11d0a0-0000-4000-8000-${String(i * 100 + n).padStart(12, '0')}`, username: `agent${i}-${n}`, deskNumber: `+1555555${String(1000 + i * 100 + n)}` };
      emulator.createUser(instanceId, { id: agent.id, username: agent.username, phoneConfig: initialConfig(agent, random) });
      agents.push(agent);
    }
  });
  return agents;
}

/** Agents start with desk phones (numbers that must never be printed) and random settings. */
function initialConfig(agent: Agent, random: () => number) {
  return { PhoneType: 'DESK_PHONE' as const, DeskPhoneNumber: agent.deskNumber, AutoAccept: random() < 0.5, AfterContactWorkTimeLimit: [0, 20, 45][Math.floor(random() * 3)] };
}

/** One or two resources on one or two instances, users by id or username, sometimes a typo. */
function randomDeclaration(agents: readonly Agent[], random: () => number): StackDeclaration {
  const resources: ResourceDeclaration[] = [];
  const count = random() < 0.6 ? 1 : 2;
  const used = new Set<string>();
  for (let r = 0; r < count; r++) {
    const instanceId = INSTANCES[random() < 0.7 ? 0 : 1];
    const candidates = agents.filter((a) => a.instanceId === instanceId && !used.has(a.id) && random() < 0.5);
    const users: UserRef[] = candidates.map((a) => {
      used.add(a.id);
      return random() < 0.5 ? { userId: a.id } : { username: a.username };
    });
    if (random() < 0.15) users.push({ username: `typo-${Math.floor(random() * 1000)}` });
    if (users.length === 0) users.push(random() < 0.5 ? { userId: agents.find((a) => a.instanceId === instanceId && !used.has(a.id))?.id ?? agents[0].id } : { username: `typo-${Math.floor(random() * 1000)}` });
    for (const u of users) if ('userId' in u) used.add(u.userId);
    const kind = users.length === 1 && random() < 0.5 ? 'single' : 'fleet';
    resources.push({
      id: r === 0 ? 'First' : 'Second',
      kind,
      instanceId,
      users,
      autoAccept: random() < 0.5,
      acw: [undefined, 0, 30, 60][Math.floor(random() * 4)],
      restore: random() < 0.4,
      writesPerSecond: random() < 0.5 ? 50 : 10,
      skipMissingUsers: random() < 0.2,
    });
  }
  return { stackName: STACK, resources };
}

function snapshot(emulator: ConnectEmulator, agents: readonly Agent[]): Map<string, Live> {
  const live = new Map<string, Live>();
  for (const a of agents) {
    const user = emulator.getUser(a.instanceId, a.id);
    if (user) live.set(a.id, { autoAccept: user.PhoneConfig?.AutoAccept, acw: user.PhoneConfig?.AfterContactWorkTimeLimit, phoneType: user.PhoneConfig?.PhoneType });
  }
  return live;
}

/** The settings a declaration gives an agent (only what it declares), or undefined when it does not declare it. */
function declaredFor(declaration: StackDeclaration | undefined, agent: Agent): Live | undefined {
  for (const r of declaration?.resources ?? []) {
    if (r.instanceId !== agent.instanceId) continue;
    if (r.users.some((u) => ('userId' in u ? u.userId === agent.id : u.username === agent.username))) return { autoAccept: r.autoAccept, acw: r.acw, phoneType: 'SOFT_PHONE' };
  }
  return undefined;
}

function declaredUnder(declaration: StackDeclaration | undefined, agents: readonly Agent[], restore: boolean): Agent[] {
  return agents.filter((a) => (declaration?.resources ?? []).some((r) => Boolean(r.restore) === restore && r.instanceId === a.instanceId && r.users.some((u) => ('userId' in u ? u.userId === a.id : u.username === a.username))));
}

function matches(live: Live, declared: Live): boolean {
  return live.autoAccept === declared.autoAccept && live.phoneType === declared.phoneType && (declared.acw === undefined || live.acw === declared.acw);
}

function sameLive(a: Live, b: Live): boolean {
  return a.autoAccept === b.autoAccept && a.acw === b.acw && a.phoneType === b.phoneType;
}

/** Every user is as it was, or in the old or the new declaration's configuration: never a mix. */
function checkOldOrNew(step: string, agents: readonly Agent[], before: Map<string, Live>, after: Map<string, Live>, old: StackDeclaration | undefined, next: StackDeclaration, history: Map<string, Live[]>, everRestore: ReadonlySet<string>, violations: string[]): void {
  for (const a of agents) {
    const was = before.get(a.id);
    const now = after.get(a.id);
    if (!was || !now || sameLive(was, now)) continue;
    const oldDecl = declaredFor(old, a);
    const newDecl = declaredFor(next, a);
    // A user some declaration kept under RESTORE may have settings put back to values they had
    // before: RESTORE writes only the settings the stack declared, so each setting is checked on
    // its own (the whole user may be a mix of restored settings and others left as they were).
    const seen = [was, ...(history.get(a.id) ?? [])];
    const restored = everRestore.has(a.id) && (Object.keys(now) as (keyof Live)[]).every((f) => seen.some((h) => h[f] === now[f]));
    // A declaration speaks for what it declares: an ACW it leaves out may be anything.
    const ok = restored || (oldDecl && matches(now, oldDecl)) || (newDecl && matches(now, newDecl));
    if (!ok) violations.push(`${step}: user ${a.username} changed from ${JSON.stringify(was)} to ${JSON.stringify(now)}, neither its old (${JSON.stringify(oldDecl)}) nor its new (${JSON.stringify(newDecl)}) configuration`);
  }
}

/** After a successful deploy, every declared user that exists is as declared (unless reported as failed on a rollback). */
function checkConverged(step: string, agents: readonly Agent[], after: Map<string, Live>, next: StackDeclaration, reported: string[], violations: string[]): void {
  for (const a of agents) {
    const declared = declaredFor(next, a);
    const now = after.get(a.id);
    if (!declared || !now || reported.some((r) => r.includes(a.id) || r.includes(a.username))) continue;
    if (!matches(now, declared)) violations.push(`${step}: succeeded, but user ${a.username} is ${JSON.stringify(now)}, not as declared ${JSON.stringify(declared)}`);
  }
}

/** Responses fit, none went unanswered, nothing was written after CloudFormation gave up, and no phone number was printed. */
function checkEvents(step: string, cfn: LocalCloudFormation, agents: readonly Agent[], cursor: { events: number; logs: number }, violations: string[]): void {
  const numbers = agents.map((a) => a.deskNumber);
  for (const e of cfn.events.slice(cursor.events)) {
    const where = `${step} ${e.phase} ${e.requestType} ${e.logicalId}`;
    if ((e.responseBytes ?? 0) > 4096 || e.reason === 'Response object is too long.') violations.push(`${where}: response of ${e.responseBytes} bytes`);
    if (e.timedOut) violations.push(`${where}: no response within the service timeout`);
    if (e.lateWrites > 0) violations.push(`${where}: ${e.lateWrites} writes after CloudFormation gave up`);
    const text = JSON.stringify([e.reason, e.data]);
    for (const n of numbers) if (text.includes(n) || text.includes(n.slice(1))) violations.push(`${where}: a phone number in the response`);
  }
  cursor.events = cfn.events.length;
  for (const line of cfn.logs.slice(cursor.logs)) {
    for (const n of numbers) if (line.includes(n.slice(2))) violations.push(`${step}: a phone number in a log line: ${line.slice(0, 200)}`);
  }
  cursor.logs = cfn.logs.length;
}
