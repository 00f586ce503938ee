/**
 * Desk numbers kept in SSM SecureString parameters (`deskPhoneNumberParameterName`): read at run
 * time, so a number declared this way is in no template, asset, waiter input or rule input. Each
 * parameter is read once per pass (decrypted), checked as E.164, and put in the user's declaration;
 * a parameter that cannot be read or holds no E.164 number fails only its users, named, with the
 * parameter's name and never its value.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ssmSdk } from './lazy-sdk';
import { UserSpec } from '../core/contract';
import { E164 } from '../core/validate';
import { errorText } from './errors';
import { forEachConcurrently } from './rate-limiter';

export interface ResolvedUsers {
  /** The users, desk numbers from SSM in `PhoneConfig.DeskPhoneNumber`; unresolved ones as declared. */
  readonly users: UserSpec[];
  /** Why a parameter could not be used, by parameter name (no value). */
  readonly problems: ReadonlyMap<string, string>;
}

export async function resolveDeskNumbers(users: readonly UserSpec[], ssm: () => SSMClient): Promise<ResolvedUsers> {
  const names = [...new Set(users.map((u) => u.DeskPhoneNumberParameter).filter((n): n is string => n !== undefined))];
  if (names.length === 0) return { users: [...users], problems: new Map() };
  const numbers = new Map<string, string>();
  const problems = new Map<string, string>();
  const client = ssm();
  await forEachConcurrently(names, 4, async (name) => {
    try {
      const answer = await client.send(new (ssmSdk().GetParameterCommand)({ Name: name, WithDecryption: true }));
      const value = answer.Parameter?.Value ?? '';
      if (E164.test(value)) numbers.set(name, value);
      else problems.set(name, `SSM parameter ${name} does not hold an E.164 number (+ country code and digits, e.g. +15555550100); fix its value`);
    } catch (error) {
      problems.set(name, `SSM parameter ${name} cannot be read (${errorText(error)}); check that it exists in the stack's account and region`);
    }
  });
  const resolved = users.map((user) => {
    const name = user.DeskPhoneNumberParameter;
    const number = name === undefined ? undefined : numbers.get(name);
    if (number === undefined) return user;
    const rest: UserSpec = { ...user, PhoneConfig: { ...user.PhoneConfig, DeskPhoneNumber: number } };
    delete (rest as { DeskPhoneNumberParameter?: string }).DeskPhoneNumberParameter;
    return rest;
  });
  return { users: resolved, problems };
}
