/**
 * A fleet scenario shared by the benchmark and the fleet end-to-end tests: agents created in the
 * emulator with settings that differ from the declared ones, a synthesized UserPhoneConfigFleet
 * (bundled handler included), console drift, and a check of live state against the declaration.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { FleetUser, PhoneType, UserPhoneConfigFleet, UserPhoneConfigFleetProps } from '../lib';
import { ConnectEmulator, mulberry32 } from '../lib/testing';

const NONCE_CONTEXT = 'cdk-connect-phone-config:deploymentNonce';
export const STACK_NAME = 'FleetBench';

/** What the fleet declares for every agent. */
export const DECLARED = {
  phoneType: PhoneType.SOFT_PHONE,
  autoAccept: true,
  afterContactWorkTimeLimit: Duration.seconds(30),
} as const;

/** The same settings as DescribeUser reports them. */
export const DECLARED_PHONE_CONFIG = { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30 } as const;

/**
 * What agents start with: every agent differs from DECLARED (all drift). The ACW is already the
 * declared one on every channel, so a console edit can put an agent back here (console edits set
 * the ACW of VOICE only, which would make it differ by channel).
 */
export const INITIAL_PHONE_CONFIG = { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 } as const;

export interface Agents {
  readonly instanceId: string;
  /** User ids, in creation order (agent-00001 first). */
  readonly ids: readonly string[];
  readonly usernames: readonly string[];
}

/** Creates `n` agents (`agent-00001`...) in a new instance, all with INITIAL_PHONE_CONFIG. */
export function createAgents(emulator: ConnectEmulator, n: number): Agents {
  const instanceId = emulator.createInstance();
  const usernames = Array.from({ length: n }, (_, i) => `agent-${String(i + 1).padStart(5, '0')}`);
  const ids = usernames.map((username) => emulator.createUser(instanceId, { username, phoneConfig: { ...INITIAL_PHONE_CONFIG } }));
  return { instanceId, ids, usernames };
}

/** Fleet users naming each agent by id (or by username). */
export function fleetUsers(agents: Agents, by: 'id' | 'username' = 'id'): FleetUser[] {
  return by === 'id' ? agents.ids.map((userId) => ({ userId })) : agents.usernames.map((username) => ({ username }));
}

export interface SynthResult {
  readonly cdkOut: string;
  readonly synthMs: number;
  readonly templateBytes: number;
}

/**
 * Synthesizes a stack with one UserPhoneConfigFleet (the prebuilt handler asset, as for a
 * deployment). A different `nonce` makes a redeploy an Update, as each `cdk deploy` would.
 */
export function synthesizeFleet(
  emulator: ConnectEmulator,
  props: Omit<UserPhoneConfigFleetProps, 'defaults'> & { readonly defaults?: UserPhoneConfigFleetProps['defaults'] },
  nonce: string,
): SynthResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpc-fleet-'));
  const started = performance.now();
  const app = new App({ outdir, context: { [NONCE_CONTEXT]: nonce } });
  const stack = new Stack(app, STACK_NAME, { env: { account: emulator.accountId, region: emulator.region } });
  new UserPhoneConfigFleet(stack, 'Agents', { defaults: { ...DECLARED }, ...props });
  const cdkOut = app.synth().directory;
  const synthMs = performance.now() - started;
  const templateBytes = fs.statSync(path.join(cdkOut, `${STACK_NAME}.template.json`)).size;
  return { cdkOut, synthMs, templateBytes };
}

/**
 * Synthesizes a stack with several UserPhoneConfigFleets (`Fleet1`, `Fleet2`, ...) on the same
 * instance, as a contact centre with one fleet per site would declare them.
 */
export function synthesizeFleets(emulator: ConnectEmulator, fleets: readonly Omit<UserPhoneConfigFleetProps, 'defaults'>[], nonce: string): SynthResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpc-fleets-'));
  const started = performance.now();
  const app = new App({ outdir, context: { [NONCE_CONTEXT]: nonce } });
  const stack = new Stack(app, STACK_NAME, { env: { account: emulator.accountId, region: emulator.region } });
  fleets.forEach((props, i) => new UserPhoneConfigFleet(stack, `Fleet${i + 1}`, { defaults: { ...DECLARED }, ...props }));
  const cdkOut = app.synth().directory;
  const synthMs = performance.now() - started;
  const templateBytes = fs.statSync(path.join(cdkOut, `${STACK_NAME}.template.json`)).size;
  return { cdkOut, synthMs, templateBytes };
}

/** Puts every agent back to INITIAL_PHONE_CONFIG (a console edit: no API call, no quota). */
export function resetAgents(emulator: ConnectEmulator, agents: Agents): void {
  for (const id of agents.ids) emulator.consoleEdit(agents.instanceId, id, { phoneConfig: { AutoAccept: INITIAL_PHONE_CONFIG.AutoAccept } });
}

/** Puts every agent in the declared configuration (a console edit: no API call, no quota). */
export function convergeAgents(emulator: ConnectEmulator, agents: Agents): void {
  for (const id of agents.ids) emulator.consoleEdit(agents.instanceId, id, { phoneConfig: { AutoAccept: DECLARED_PHONE_CONFIG.AutoAccept } });
}

/** Changes AutoAccept back (a console edit) on `fraction` of the agents, picked by `seed`; returns their ids. */
export function consoleDrift(emulator: ConnectEmulator, agents: Agents, fraction: number, seed = 7): string[] {
  const random = mulberry32(seed);
  const ids = [...agents.ids];
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const drifted = ids.slice(0, Math.round(agents.ids.length * fraction));
  for (const id of drifted) emulator.consoleEdit(agents.instanceId, id, { phoneConfig: { AutoAccept: false } });
  return drifted;
}

/** Ids of the agents whose live PhoneConfig differs from `expected` (read without API calls). */
export function agentsNotMatching(
  emulator: ConnectEmulator,
  agents: Pick<Agents, 'instanceId' | 'ids'>,
  expected: { readonly PhoneType: string; readonly AutoAccept: boolean; readonly AfterContactWorkTimeLimit: number } = DECLARED_PHONE_CONFIG,
): string[] {
  return agents.ids.filter((id) => {
    const live = emulator.getUser(agents.instanceId, id)?.PhoneConfig;
    return live?.PhoneType !== expected.PhoneType
      || live?.AutoAccept !== expected.AutoAccept
      || live?.AfterContactWorkTimeLimit !== expected.AfterContactWorkTimeLimit;
  });
}
