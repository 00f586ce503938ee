/**
 * The benchmark's cases for one fleet size: the handler (the real bundle, driven by
 * LocalCloudFormation) and the naive peer, side by side, each case starting from the same state.
 */
import { performance } from 'perf_hooks';
import { findStack, phoneConfigResources } from '../lib/assembly/cloud-assembly';
import { ConnectEmulator, ConnectOperation, DeployResult, EventRecord, LocalCloudFormation } from '../lib/testing';
import {
  Agents,
  DECLARED_PHONE_CONFIG,
  agentsNotMatching,
  consoleDrift,
  convergeAgents,
  createAgents,
  fleetUsers,
  resetAgents,
  synthesizeFleet,
} from './fleet-scenario';
import { runNaivePeer } from './naive-peer';
import { CallCounts, Rates, defaultBursts, defaultRates, meteredCalls, quotaBound } from './quota-bound';
import { VirtualClock } from './virtual-clock';

export type CaseName = 'first' | 'drift10' | 'none' | 'throttle10' | 'fleets3';
export type Implementation = 'handler' | 'naive';
export type ScaleMode = 'clock' | 'quotas';

export const CASE_TITLES: Record<CaseName, string> = {
  first: 'first deploy (all drift)',
  drift10: 'redeploy, 10% drift',
  none: 'redeploy, no drift',
  throttle10: 'first deploy, 10% injected throttling',
  fleets3: 'three fleets in one stack, all drift',
};

export interface SizeOptions {
  readonly n: number;
  /** Time scale K for this size (see main.ts). */
  readonly scale: number;
  readonly mode: ScaleMode;
  readonly latencyMs: number;
  readonly naive: boolean;
  readonly throttleCase: boolean;
  readonly seed: number;
}

export interface CaseResult {
  readonly n: number;
  readonly case: CaseName;
  readonly impl: Implementation;
  /** The K this case ran at (clock mode: virtual clock; quotas mode: quota and writesPerSecond factor). */
  readonly scale: number;
  /** Calls by operation (total includes throttled answers). */
  readonly calls: CallCounts;
  /** Wall time in (virtual) ms: what the run would take at the unscaled quotas. */
  readonly wallMs: number;
  /** Real ms the case took on this machine. */
  readonly realMs: number;
  /** T* (quota-bound.ts): the lower bound no run can beat. */
  readonly boundMs: number;
  /** Σ calls / rate, for reference: the time if each operation ran after the other. */
  readonly sumMs: number;
  readonly bottleneck?: ConnectOperation;
  /** wall / T*: at least 1.0; the targets bound it from above. */
  readonly ratio: number;
  /**
   * From the first Connect call's answer to the last's: the part of the wall the quotas govern,
   * without the deployment's fixed cost before and after (loading the handler, the framework's
   * invocations, CloudFormation's responses). Null when the run made no Connect call.
   */
  readonly connectMs: number | null;
  /** connectMs / T*. */
  readonly connectRatio: number | null;
  /** Each custom resource event: how long it took against its one-hour limit (handler). */
  readonly events?: readonly { logicalId: string; elapsedMs: number; timedOut: boolean; lateWrites: number; polls: number }[];
  readonly throttled: number;
  /** Users the run reported as failed: the naive peer's failed calls, the users named in the handler's failure reason. */
  readonly failures: number;
  /** Declared users not in their declared configuration afterwards (read from the emulator, no API call). */
  readonly unconverged: number;
  /** Handler: the deployment's status; naive: errors by name. */
  readonly outcome: string;
  /** isComplete polls (handler). */
  readonly polls?: number;
  /** Event-loop utilization during the case: near 1 means CPU-bound, and the scaling is no longer faithful. */
  readonly elu: number;
}

export interface SizeResult {
  readonly n: number;
  readonly scale: number;
  readonly synthMs: readonly number[];
  readonly templateBytes: number;
  readonly desiredStateInS3: boolean;
  /** One of the synthesized assemblies, for the bundle figures. */
  readonly cdkOut: string;
  readonly cases: readonly CaseResult[];
}

/** Runs every case of one fleet size. `clock` is installed for the whole run. */
export async function runSize(options: SizeOptions, clock: VirtualClock, progress: (line: string) => void): Promise<SizeResult> {
  const quotaScale = options.mode === 'quotas' ? options.scale : 1;
  const rates = defaultRates(quotaScale);
  const bursts = defaultBursts(quotaScale);
  const latency = options.latencyMs > 0 ? { latencyMs: options.latencyMs } : {};
  // The emulator reads Date.now: during a deployment that is LocalCloudFormation's clock, which
  // moves forward over the waiter's pauses, so the quota's buckets refill over them as they would.
  const emulator = await ConnectEmulator.start({ clock: () => Date.now(), now: () => Date.now(), quotaScale, faults: latency, callLogLimit: 1000 });
  try {
    const agents = createAgents(emulator, options.n);
    const props = {
      instanceId: agents.instanceId,
      users: fleetUsers(agents),
      ...(options.mode === 'quotas' ? { writesPerSecond: 2 * options.scale } : {}),
    };
    // Two assemblies that differ only in their deployment nonce: alternating them makes every
    // redeploy an Update, as each `cdk deploy` would.
    const a = synthesizeFleet(emulator, props, `bench-${options.n}-a`);
    const b = synthesizeFleet(emulator, props, `bench-${options.n}-b`);
    progress(`  synthesized ${options.n} agents: ${Math.round(a.synthMs)} ms, ${Math.round(b.synthMs)} ms; template ${a.templateBytes} bytes`);
    const cfn = new LocalCloudFormation({ emulator, handlerEnv: { SAFETY_MARGIN_SECONDS: '60' } });

    const plan: { name: CaseName; cdkOut: string }[] = [
      { name: 'first', cdkOut: a.cdkOut },
      { name: 'drift10', cdkOut: b.cdkOut },
      { name: 'none', cdkOut: a.cdkOut },
      ...(options.throttleCase ? [{ name: 'throttle10' as const, cdkOut: b.cdkOut }] : []),
    ];
    const cases: CaseResult[] = [];
    for (const { name, cdkOut } of plan) {
      const faults = { ...latency, ...(name === 'throttle10' ? { throttleProbability: 0.1, seed: options.seed } : {}) };
      const impls: Implementation[] = options.naive ? ['handler', 'naive'] : ['handler'];
      for (const impl of impls) {
        // The handler's no-drift redeploy takes a second or so, mostly CPU: it runs at real time,
        // where the timer granularity of a fast clock (1 real ms = K virtual ms) cannot distort it.
        const scale = options.mode === 'clock' && name === 'none' && impl === 'handler' ? 1 : options.scale;
        prepare(emulator, agents, name, options.seed);
        emulator.setQuotas({ quotaScale });
        emulator.setFaults(faults);
        emulator.resetCalls();
        const run: () => Promise<RunOutcome> = impl === 'handler'
          ? async () => deployOutcome(await cfn.deploy(cdkOut), options.n)
          : async () => {
            const result = await runNaivePeer({
              endpoint: emulator.endpoint,
              region: emulator.region,
              instanceId: agents.instanceId,
              userIds: agents.ids,
              phoneConfig: DECLARED_PHONE_CONFIG,
            });
            const errors = Object.entries(result.errors).map(([k, v]) => `${v} ${k}`).join(', ');
            return { outcome: errors === '' ? 'ok' : errors, failed: result.failedUsers };
          };
        const result = await measure(clock, options.mode === 'clock' ? scale : 1, run, () => cfn.clock.now() - clock.now());
        const record = caseRecord({ n: options.n, case: name, impl, scale }, result, emulator, agents, rates, bursts);
        cases.push(record);
        progress(`  ${impl.padEnd(7)} ${CASE_TITLES[name].padEnd(38)} wall ${seconds(record.wallMs)} (real ${seconds(record.realMs)}), bound ${seconds(record.boundMs)}, failures ${record.failures}, unconverged ${record.unconverged}`);
      }
    }
    emulator.setFaults({});
    return {
      n: options.n,
      scale: options.scale,
      synthMs: [a.synthMs, b.synthMs],
      templateBytes: a.templateBytes,
      desiredStateInS3: phoneConfigResources(findStack(a.cdkOut)).some((r) => r.properties.DesiredStateObject !== undefined),
      cdkOut: a.cdkOut,
      cases,
    };
  } finally {
    await emulator.stop();
  }
}

/** The state a case starts from, the same for both implementations. */
function prepare(emulator: ConnectEmulator, agents: Agents, name: CaseName, seed: number): void {
  if (name === 'first' || name === 'throttle10') {
    resetAgents(emulator, agents);
  } else {
    convergeAgents(emulator, agents);
    if (name === 'drift10') consoleDrift(emulator, agents, 0.1, seed);
  }
}

/** The span of the run's Connect calls (emulator's log), and its ratio to T*. */
export function connectWindow(emulator: ConnectEmulator, tStarMs: number): Pick<CaseResult, 'connectMs' | 'connectRatio'> {
  const { first, last } = emulator.connectCallWindow();
  const connectMs = first === undefined || last === undefined ? null : last - first;
  return { connectMs, connectRatio: connectMs === null ? null : connectMs / tStarMs };
}

/** What one implementation's run reports, besides the calls the emulator counted. */
export interface RunOutcome {
  readonly outcome: string;
  readonly polls?: number;
  readonly failed: number;
  readonly events?: CaseResult['events'];
}

/** A LocalCloudFormation deployment's outcome, polls, failed users and events. */
export function deployOutcome(result: DeployResult, n: number): RunOutcome {
  // The reason starts "<k> of <n> users failed" when users failed; any other failure fails them all.
  const failed = result.status === 'ROLLED_BACK' ? Number(/^(\d+) of \d+ users failed/.exec(result.reason ?? '')?.[1] ?? n) : 0;
  return {
    outcome: result.status + (result.reason ? `: ${result.reason.slice(0, 120)}` : ''),
    polls: result.events.reduce((sum, e) => sum + e.polls, 0),
    failed,
    events: eventFigures(result.events),
  };
}

/** A case's figures: the measured run against the bound of the calls the emulator answered. */
export function caseRecord(
  id: Pick<CaseResult, 'n' | 'case' | 'impl' | 'scale'>,
  run: RunOutcome & { wallMs: number; realMs: number; elu: number },
  emulator: ConnectEmulator,
  agents: Pick<Agents, 'instanceId' | 'ids'>,
  rates: Rates,
  bursts: Rates,
): CaseResult {
  const calls = emulator.callCounts();
  const bound = quotaBound(calls, rates, bursts);
  return {
    ...id,
    calls,
    wallMs: run.wallMs,
    realMs: run.realMs,
    boundMs: bound.tStarMs,
    sumMs: bound.sumMs,
    bottleneck: bound.bottleneck,
    ratio: run.wallMs / bound.tStarMs,
    ...connectWindow(emulator, bound.tStarMs),
    events: run.events,
    throttled: throttledCalls(calls),
    failures: run.failed,
    unconverged: agentsNotMatching(emulator, agents).length,
    outcome: run.outcome,
    polls: run.polls,
    elu: run.elu,
  };
}

/** Each event's duration against its hour, from a LocalCloudFormation deployment. */
export function eventFigures(events: readonly EventRecord[]): CaseResult['events'] {
  return events.map((e) => ({ logicalId: e.logicalId, elapsedMs: e.elapsedMs, timedOut: e.timedOut, lateWrites: e.lateWrites, polls: e.polls }));
}

/**
 * Runs `run` at time scale `scale`. `skipped` is the time LocalCloudFormation moved its clock
 * forward instead of waiting (the waiter's 10 s between polls): it is part of the wall time.
 */
export async function measure<T extends object>(clock: VirtualClock, scale: number, run: () => Promise<T>, skipped: () => number = () => 0): Promise<T & { wallMs: number; realMs: number; elu: number }> {
  clock.setScale(scale);
  const elu = performance.eventLoopUtilization();
  const virtualStart = clock.now() + skipped();
  const realStart = performance.now();
  try {
    const result = await run();
    return {
      ...result,
      wallMs: clock.now() + skipped() - virtualStart,
      realMs: performance.now() - realStart,
      elu: performance.eventLoopUtilization(elu).utilization,
    };
  } finally {
    clock.setScale(1);
  }
}

export function throttledCalls(calls: CallCounts): number {
  return Object.values(calls).reduce((sum, c) => sum + (c?.throttled ?? 0), 0);
}

/** Metered calls of one operation (for the table). */
export function callsOf(result: CaseResult, op: ConnectOperation): number {
  return meteredCalls(result.calls, op);
}

export function seconds(ms: number): string {
  return ms >= 100_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`;
}
