/**
 * The benchmark's cases beyond one resource: a fleet larger than one custom resource's hour (split
 * into chained parts), and several fleets in one stack sharing one instance's quota. Both run the
 * real bundle through LocalCloudFormation on the virtual clock, handler only.
 */
import { findStack, phoneConfigResources } from '../lib/assembly/cloud-assembly';
import { ConnectEmulator, LocalCloudFormation } from '../lib/testing';
import { CaseName, CaseResult, SizeResult, connectWindow, eventFigures, measure, seconds, throttledCalls } from './cases';
import { Agents, agentsNotMatching, createAgents, fleetUsers, resetAgents, synthesizeFleet, synthesizeFleets } from './fleet-scenario';
import { defaultBursts, defaultRates, quotaBound } from './quota-bound';
import { VirtualClock } from './virtual-clock';

export interface LargeCaseOptions {
  /** Agents in all. */
  readonly n: number;
  /** Fleets they are declared in (one: a single fleet, split by the construct if it must be). */
  readonly fleets: number;
  readonly scale: number;
  readonly latencyMs: number;
}

/** A first deploy (every agent drifted) of `n` agents in `fleets` fleets of one stack. */
export async function runLargeCase(options: LargeCaseOptions, clock: VirtualClock, progress: (line: string) => void): Promise<SizeResult> {
  const name: CaseName = options.fleets === 1 ? 'first' : 'fleets3';
  // Date.now, as in cases.ts: LocalCloudFormation's clock while it deploys.
  const emulator = await ConnectEmulator.start({ clock: () => Date.now(), now: () => Date.now(), faults: { latencyMs: options.latencyMs }, callLogLimit: 1000 });
  try {
    const agents = createAgents(emulator, options.n);
    const groups = split(agents, options.fleets);
    const synth = options.fleets === 1
      ? synthesizeFleet(emulator, { instanceId: agents.instanceId, users: fleetUsers(agents) }, `bench-${options.n}-large`)
      : synthesizeFleets(emulator, groups.map((g) => ({ instanceId: agents.instanceId, users: fleetUsers(g) })), `bench-${options.n}-fleets`);
    const resources = phoneConfigResources(findStack(synth.cdkOut));
    progress(`  synthesized ${options.n} agents in ${options.fleets} fleet(s): ${resources.length} custom resources, ${Math.round(synth.synthMs)} ms`);
    const cfn = new LocalCloudFormation({ emulator, handlerEnv: { SAFETY_MARGIN_SECONDS: '60' } });
    resetAgents(emulator, agents);
    emulator.resetCalls();
    const run = await measure(clock, options.scale, async () => cfn.deploy(synth.cdkOut), () => cfn.clock.now() - clock.now());
    const calls = emulator.callCounts();
    const bound = quotaBound(calls, defaultRates(), defaultBursts());
    const failed = run.status === 'ROLLED_BACK' ? Number(/^(\d+) of \d+ users failed/.exec(run.reason ?? '')?.[1] ?? options.n) : 0;
    const record: CaseResult = {
      n: options.n,
      case: name,
      impl: 'handler',
      scale: options.scale,
      calls,
      wallMs: run.wallMs,
      realMs: run.realMs,
      boundMs: bound.tStarMs,
      sumMs: bound.sumMs,
      bottleneck: bound.bottleneck,
      ratio: run.wallMs / bound.tStarMs,
      ...connectWindow(emulator, bound.tStarMs),
      events: eventFigures(run.events),
      throttled: throttledCalls(calls),
      failures: failed,
      unconverged: agentsNotMatching(emulator, agents).length,
      outcome: run.status + (run.reason ? `: ${run.reason.slice(0, 120)}` : ''),
      polls: run.events.reduce((sum, e) => sum + e.polls, 0),
      elu: run.elu,
    };
    const longest = Math.max(...run.events.map((e) => e.elapsedMs));
    progress(`  handler ${`${options.n} agents, ${resources.length} resources`.padEnd(38)} wall ${seconds(record.wallMs)} (real ${seconds(record.realMs)}), T* ${seconds(record.boundMs)}, longest event ${seconds(longest)}, failures ${record.failures}, unconverged ${record.unconverged}`);
    return {
      n: options.n,
      scale: options.scale,
      synthMs: [synth.synthMs],
      templateBytes: synth.templateBytes,
      desiredStateInS3: resources.some((r) => r.properties.DesiredStateObject !== undefined),
      cdkOut: synth.cdkOut,
      cases: [record],
    };
  } finally {
    await emulator.stop();
  }
}

/** The agents in `count` consecutive groups of (nearly) equal size. */
function split(agents: Agents, count: number): Agents[] {
  const size = Math.ceil(agents.ids.length / count);
  return Array.from({ length: count }, (_, i) => ({
    instanceId: agents.instanceId,
    ids: agents.ids.slice(i * size, (i + 1) * size),
    usernames: agents.usernames.slice(i * size, (i + 1) * size),
  }));
}
