#!/usr/bin/env node
/**
 * `cdk-connect-phone-config plan`: what a deploy would change in the declared Connect users,
 * without writing. Parses the arguments, runs the plan, renders it, and returns the exit code:
 * 0 nothing would change, 2 changes are pending, 1 error (see docs/plan.md).
 * `cdk-connect-phone-config export`: a live instance's agents as a declaration file (export-command.ts).
 * `cdk-connect-phone-config emulator`: the local Connect emulator (see emulator-command.ts).
 */
import { scrubPhoneNumbers } from '../core/mask';
import { errorText } from '../engine/errors';
import { USAGE, UsageError, parseArgs } from './args';
import { AwsClients, Env, awsClients, credentialsRefusal } from './aws-clients';
import { interrupted, runEmulator } from './emulator-command';
import { runExport } from './export-command';
import { planAssembly, stackEnvironments } from './plan-assembly';
import { AssemblyPlan, EXIT, exitCodeOf } from './plan-result';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { renderText } from './render-text';

export interface CliIo {
  /** @default process.env */
  readonly env?: Env;
  /** @default process.stdout */
  readonly stdout?: { write(chunk: string): unknown };
  /** @default process.stderr */
  readonly stderr?: { write(chunk: string): unknown };
  /** When `emulator` stops serving. @default the first SIGINT or SIGTERM */
  readonly until?: Promise<void>;
}

const RENDERERS: Record<string, (plan: AssemblyPlan) => string> = { text: renderText, markdown: renderMarkdown, json: renderJson };

/** Runs the command line `argv` (without `node` and the script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
    return EXIT.error;
  }
  if (args.command === 'help') {
    stdout.write(`${USAGE}\n`);
    return EXIT.noChanges;
  }
  if (args.command === 'emulator') {
    try {
      await runEmulator(args, stdout, io.until ?? interrupted());
      return EXIT.noChanges;
    } catch (error) {
      stderr.write(`error: ${scrubPhoneNumbers(errorText(error))}\n`);
      return EXIT.error;
    }
  }
  const clients = awsClients(env);
  if (args.command === 'export') {
    try {
      return await runExport(args, clients, env, stderr, stdout);
    } finally {
      clients.destroy();
    }
  }
  try {
    const stacks = stackEnvironments(args, env);
    const refusal = await checkCredentials(stacks, clients, env, stderr);
    if (refusal !== undefined) {
      // Names accounts and an ARN only (the scrubber would mask an account id as a number).
      stderr.write(`error: ${refusal}\n`);
      return EXIT.error;
    }
    const plan = await planAssembly(args, { connect: clients.connect, s3: clients.s3, ssm: clients.ssm, deployedTemplate: clients.deployedTemplate, env });
    stdout.write(RENDERERS[args.format](plan));
    return exitCodeOf(plan);
  } catch (error) {
    stderr.write(`error: ${scrubPhoneNumbers(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT.error;
  } finally {
    clients.destroy();
  }
}

/**
 * Says which account and region the plan reads (STS GetCallerIdentity), and refuses, with one
 * message, credentials that fail or belong to another account than a stack's: a plan read from the
 * wrong account would report every user missing, one line each.
 */
async function checkCredentials(stacks: readonly { stackName: string; account?: string; region?: string }[], clients: AwsClients, env: Env, stderr: { write(chunk: string): unknown }): Promise<string | undefined> {
  const regions = [...new Set(stacks.map((s) => s.region).filter((r): r is string => r !== undefined))];
  let identity;
  try {
    identity = await clients.identity(regions[0] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1');
  } catch (error) {
    return credentialsRefusal(error, 'the stack\'s account', 'plan');
  }
  const foreign = stacks.filter((s) => s.account !== undefined && s.account !== identity.account);
  if (foreign.length > 0) {
    return `the credentials are for account ${identity.account} (${identity.arn}), but ${foreign.map((s) => `stack ${s.stackName} is in account ${s.account}`).join(', ')}. Use credentials for that account (or plan that stack with --stack and its own credentials).`;
  }
  stderr.write(`Reading account ${identity.account} as ${identity.arn}, region ${regions.join(', ') || '(none)'}.\n`);
  return undefined;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${scrubPhoneNumbers(String(error))}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
