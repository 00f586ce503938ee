#!/usr/bin/env node
/**
 * `cdk-connect-phone-config plan`: what a deploy would change in the declared Connect users,
 * without writing. Parses the arguments, runs the plan, renders it, and returns the exit code:
 * 0 nothing would change, 2 changes are pending, 1 error (see docs/plan.md).
 */
import { scrubPhoneNumbers } from '../core/mask';
import { USAGE, UsageError, parseArgs } from './args';
import { Env, awsClients } from './aws-clients';
import { planAssembly } from './plan-assembly';
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
  const clients = awsClients(env);
  try {
    const plan = await planAssembly(args, { connect: clients.connect, s3: clients.s3, env });
    stdout.write(RENDERERS[args.format](plan));
    return exitCodeOf(plan);
  } catch (error) {
    stderr.write(`error: ${scrubPhoneNumbers(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT.error;
  } finally {
    clients.destroy();
  }
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
