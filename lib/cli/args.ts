/**
 * The command line of `cdk-connect-phone-config`: parsed into a typed command, or a `UsageError`
 * that says what is wrong and how to fix it. No I/O here.
 */

export const FORMATS = ['text', 'markdown', 'json'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface PlanArgs {
  readonly command: 'plan';
  /** The synthesized cloud assembly. */
  readonly appDir: string;
  /** Stacks to plan, by artifact id; empty means every stack of the assembly. */
  readonly stacks: readonly string[];
  readonly format: OutputFormat;
  /** Overrides the account of every stack (required for environment-agnostic stacks). */
  readonly account?: string;
  /** Overrides the region of every stack. */
  readonly region?: string;
}

export interface EmulatorArgs {
  readonly command: 'emulator';
  /** 0 picks a free port. */
  readonly port: number;
  /** A JSON file of instances and users to create (see docs/emulator.md). */
  readonly seedFile?: string;
  readonly account?: string;
  readonly region?: string;
}

export type CliArgs = PlanArgs | EmulatorArgs | { readonly command: 'help' };

/** Bad command line: main prints the message and the usage, and exits 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: cdk-connect-phone-config plan [options]
       cdk-connect-phone-config emulator [--port N] [--seed FILE] [--account ID] [--region REGION]

Shows what a deploy would change in the phone settings of the Amazon Connect users declared
in a synthesized cloud assembly, without changing anything.

Options:
  --app-dir DIR        the synthesized cloud assembly (default: cdk.out)
  --stack NAME         plan only this stack; repeat for more (default: every stack)
  --format FORMAT      text, markdown or json (default: text)
  --account ID         the account to resolve the stacks for (default: the stack's, from the manifest)
  --region REGION      the region to resolve the stacks for (default: the stack's, then AWS_REGION)
  -h, --help           show this help

Exit codes: 0 nothing would change, 2 changes are pending, 1 error (bad arguments,
unreadable assembly, API error, or a user the deploy would fail on: missing or blocked).

AWS credentials are read as usual (environment, profile, SSO). AWS_ENDPOINT_URL_CONNECT
points the command at another Connect endpoint, such as the local emulator.

emulator starts the local Amazon Connect emulator on 127.0.0.1 (--port, default a free port),
creates the instances and users of --seed FILE (JSON, see docs/emulator.md), prints the
environment variables that point the AWS SDK, plan and your scripts at it, and runs until
interrupted (Ctrl-C).`;

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function parseArgs(argv: readonly string[]): CliArgs {
  if (argv.length === 0) throw new UsageError('no command given; the command is `plan`.');
  if (argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') return { command: 'help' };
  const [command, ...rest] = argv;
  if (command === 'emulator') return parseEmulatorArgs(rest);
  if (command !== 'plan') throw new UsageError(`unknown command \`${command}\`; the commands are \`plan\` and \`emulator\`.`);

  let appDir = 'cdk.out';
  const stacks: string[] = [];
  let format: OutputFormat = 'text';
  const environment = environmentOptions();
  forEachOption(rest, (name, value) => {
    switch (name) {
      case '--app-dir':
        appDir = value();
        break;
      case '--stack':
        stacks.push(value());
        break;
      case '--format':
        format = oneOf(name, value(), FORMATS);
        break;
      default:
        if (!environment.take(name, value)) throw new UsageError(`unknown option \`${name}\`; see --help.`);
    }
  });
  return { command: 'plan', appDir, stacks, format, ...environment.values };
}

function parseEmulatorArgs(rest: readonly string[]): EmulatorArgs {
  let port = 0;
  let seedFile: string | undefined;
  const environment = environmentOptions();
  forEachOption(rest, (name, value) => {
    switch (name) {
      case '--port': {
        const text = value();
        port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`\`--port\` is "${text}"; expected a port number from 0 to 65535 (0 picks a free one).`);
        break;
      }
      case '--seed':
        seedFile = value();
        break;
      default:
        if (!environment.take(name, value)) throw new UsageError(`unknown option \`${name}\` for emulator; see --help.`);
    }
  });
  return { command: 'emulator', port, seedFile, ...environment.values };
}

/** `--account` and `--region`, which both commands take with the same checks. */
function environmentOptions() {
  const values: { account?: string; region?: string } = {};
  return {
    values,
    /** Takes the option if it is one of the two; false for any other. */
    take(name: string, value: () => string): boolean {
      if (name === '--account') values.account = matching(name, value(), ACCOUNT, 'a 12-digit AWS account id such as 123456789012');
      else if (name === '--region') values.region = matching(name, value(), REGION, 'an AWS region such as us-east-1');
      else return false;
      return true;
    },
  };
}

/** Calls `handle` with each `--name` and a reader of its value (`--name value` or `--name=value`). */
function forEachOption(rest: readonly string[], handle: (name: string, value: () => string) => void): void {
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument \`${arg}\`; options start with \`--\`.`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    handle(name, () => {
      if (eq !== -1) return nonEmpty(name, arg.slice(eq + 1));
      const next = rest[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`\`${name}\` needs a value.`);
      return next;
    });
  }
}

function nonEmpty(name: string, value: string): string {
  if (value === '') throw new UsageError(`\`${name}\` needs a value.`);
  return value;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`\`${name}\` is "${value}"; use one of ${allowed.join(', ')}.`);
  }
  return value as T;
}

function matching(name: string, value: string, pattern: RegExp, expected: string): string {
  if (!pattern.test(value)) throw new UsageError(`\`${name}\` is "${value}"; expected ${expected}.`);
  return value;
}
