/**
 * `cdk-connect-phone-config emulator`: the local Connect emulator as a process, for `plan`, demos
 * and users' own scripts (Python included) that should not have to write code to start it. Seeds
 * instances and users from a JSON file, prints the environment that points the AWS SDK at it, and
 * serves until `until` resolves (Ctrl-C from the command line).
 */
import * as fs from 'fs';
import { ConnectEmulator } from '../testing/connect-emulator';
import type { CreateHierarchyGroupOptions, CreateUserOptions } from '../testing/emulator-state';
import type { EmulatorArgs } from './args';

/** The seed file: instances, each with the users to create (CreateUserOptions of the testing export). */
export interface EmulatorSeed {
  readonly instances: readonly {
    readonly id?: string;
    /** Created in order, so a group can name a parent listed before it. */
    readonly hierarchyGroups?: readonly CreateHierarchyGroupOptions[];
    readonly users?: readonly CreateUserOptions[];
  }[];
}

/** What a seed file's line of output says about each created user (id and username only). */
export interface SeededInstance {
  readonly instanceId: string;
  readonly users: readonly { readonly id: string; readonly username: string }[];
}

/** Reads and checks a seed file; every problem names the file and where in it. */
export function readSeed(file: string): EmulatorSeed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`seed file ${file} cannot be read as JSON (${(error as Error).message}); see docs/emulator.md for its shape`);
  }
  const instances = (parsed as { instances?: unknown })?.instances;
  if (!Array.isArray(instances)) throw new Error(`seed file ${file}: expected an object with an "instances" array; see docs/emulator.md`);
  instances.forEach((instance, i) => {
    const users = (instance as { users?: unknown })?.users;
    if (users !== undefined && !Array.isArray(users)) throw new Error(`seed file ${file}: instances[${i}].users must be an array`);
    (users ?? []).forEach((user: unknown, u: number) => {
      if (typeof (user as { username?: unknown })?.username !== 'string') throw new Error(`seed file ${file}: instances[${i}].users[${u}] needs a "username" string`);
    });
  });
  return parsed as EmulatorSeed;
}

/** Creates the seed's instances and users; a user the emulator refuses names its place in the file. */
export function applySeed(emulator: ConnectEmulator, seed: EmulatorSeed, file: string): SeededInstance[] {
  return seed.instances.map((instance, i) => {
    const instanceId = emulator.createInstance(instance.id);
    (instance.hierarchyGroups ?? []).forEach((group, g) => {
      try {
        emulator.createHierarchyGroup(instanceId, group);
      } catch (error) {
        throw new Error(`seed file ${file}: instances[${i}].hierarchyGroups[${g}] (${group.name}): ${(error as Error).message}`);
      }
    });
    const users = (instance.users ?? []).map((user, u) => {
      try {
        return { id: emulator.createUser(instanceId, user), username: user.username };
      } catch (error) {
        throw new Error(`seed file ${file}: instances[${i}].users[${u}] (${user.username}): ${(error as Error).message}`);
      }
    });
    return { instanceId, users };
  });
}

/** Starts, seeds, prints the environment, serves until `until` resolves, then stops. */
export async function runEmulator(args: EmulatorArgs, out: { write(chunk: string): unknown }, until: Promise<void>): Promise<void> {
  const seed = args.seedFile === undefined ? undefined : readSeed(args.seedFile);
  const emulator = await ConnectEmulator.start({ port: args.port, accountId: args.account, region: args.region });
  try {
    const seeded = seed === undefined ? [] : applySeed(emulator, seed, args.seedFile as string);
    out.write(`Amazon Connect emulator on ${emulator.endpoint} (account ${emulator.accountId}, region ${emulator.region})\n`);
    for (const instance of seeded) out.write(`instance ${instance.instanceId}: ${instance.users.length} users\n`);
    out.write('Point the AWS SDK (and plan) at it with:\n');
    for (const [name, value] of Object.entries(emulator.clientEnv())) out.write(`export ${name}=${value}\n`);
    await until;
  } finally {
    await emulator.stop();
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
export function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
