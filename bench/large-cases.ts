/**
 * The benchmark's cases beyond one resource: a fleet larger than one custom resource's hour (split
 * into chained parts), and several fleets in one stack sharing one instance's quota. Both run the
 * real bundle through LocalCloudFormation on the virtual clock, handler only.
 */
import { findStack, phoneConfigResources } from '../lib/assembly/cloud-assembly';
import { ConnectEmulator, DeployResult, LocalCloudFormation } from '../lib/testing';
import { CaseName, SizeResult, caseRecord, deployOutcome, measure, seconds } from './cases';
import { Agents, createAgents, fleetUsers, resetAgents, synthesizeFleet, synthesizeFleets } from './fleet-scenario';
import { defaultBursts, defaultRates } from './quota-bound';
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
    let events: DeployResult['events'] = [];
    const run = await measure(clock, options.scale, async () => {
      const result = await cfn.deploy(synth.cdkOut);
      events = result.events;
      return deployOutcome(result, options.n);
    }, () => cfn.clock.now() - clock.now());
    const record = caseRecord({ n: options.n, case: name, impl: 'handler', scale: options.scale }, run, emulator, agents, defaultRates(), defaultBursts());
    const longest = Math.max(...events.map((e) => e.elapsedMs));
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
