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

export const EXPORT_FORMATS = ['json', 'csv', 'ts'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which agents `export` writes: all of an instance's, or those matching every filter given. */
export interface ExportFilters {
  readonly routingProfileId?: string;
  readonly hierarchyGroupId?: string;
  /** With `hierarchyGroupId`: its child groups' agents too. */
  readonly withChildGroups: boolean;
  /** Every tag must match. */
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly usernamePrefix?: string;
}

export interface ExportArgs {
  readonly command: 'export';
  readonly instanceId: string;
  /** From `--instance-arn`, or `--region`, or the environment (main). */
  readonly region?: string;
  readonly account?: string;
  readonly filters: ExportFilters;
  readonly format: ExportFormat;
  /** Standard output when absent. */
  readonly outFile?: string;
  readonly includePhoneNumbers: boolean;
  /** SearchUsers calls per second (the account's quota, 2 by default, is shared). */
  readonly searchUsersPerSecond: number;
}

export type CliArgs = PlanArgs | EmulatorArgs | ExportArgs | { readonly command: 'help' };

/** Bad command line: main prints the message and the usage, and exits 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: cdk-connect-phone-config plan [options]
       cdk-connect-phone-config export (--instance-id ID | --instance-arn ARN) [filters] [--format json|csv|ts] [--out FILE]
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

export writes the phone settings of a live instance's agents to a declaration file
(docs/declaration-files.md) that FleetUsers.fromFile reads, or (--format ts) a ready construct:
  --instance-id ID | --instance-arn ARN    the instance (with an id, --region or AWS_REGION says where)
  --routing-profile ID                     only agents with this routing profile
  --hierarchy-group ID [--with-child-groups]  only agents in this group (and the groups below it)
  --tag KEY=VALUE                          only agents with this tag; repeat for more (all must match)
  --username-prefix PREFIX                 only agents whose username starts with PREFIX
  --format FORMAT                          json, csv or ts (default: json)
  --out FILE                               write to FILE (default: standard output)
  --include-phone-numbers                  write desk phone numbers (personal data; default: left out)
  --search-users-per-second N              SearchUsers pace (default: 2, the default quota)
Exit codes: 0 written, 1 error.

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
  if (command === 'export') return parseExportArgs(rest);
  if (command !== 'plan') throw new UsageError(`unknown command \`${command}\`; the commands are \`plan\`, \`export\` and \`emulator\`.`);

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

const INSTANCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):instance\/([0-9a-f-]{36})$/i;

function parseExportArgs(rest: readonly string[]): ExportArgs {
  let instanceId: string | undefined;
  let fromArn: { region: string; account: string } | undefined;
  let format: ExportFormat = 'json';
  let outFile: string | undefined;
  let includePhoneNumbers = false;
  let searchUsersPerSecond = 2;
  let withChildGroups = false;
  const filters: { routingProfileId?: string; hierarchyGroupId?: string; usernamePrefix?: string } = {};
  const tags: { key: string; value: string }[] = [];
  const environment = environmentOptions();
  const flags = new Set(['--include-phone-numbers', '--with-child-groups']);
  forEachOption(rest, (name, value) => {
    switch (name) {
      case '--instance-id':
        if (instanceId !== undefined) throw new UsageError('give the instance once, with `--instance-id` or `--instance-arn`.');
        instanceId = matching(name, value(), INSTANCE_ID, 'a Connect instance id (a UUID such as 11111111-2222-3333-4444-555555555555)');
        break;
      case '--instance-arn': {
        if (instanceId !== undefined) throw new UsageError('give the instance once, with `--instance-id` or `--instance-arn`.');
        const arn = value();
        const parts = INSTANCE_ARN.exec(arn);
        if (!parts) throw new UsageError(`\`--instance-arn\` is "${arn}"; expected arn:aws:connect:<region>:<account>:instance/<instance id>.`);
        fromArn = { region: parts[1], account: parts[2] };
        instanceId = parts[3];
        break;
      }
      case '--routing-profile':
        filters.routingProfileId = value();
        break;
      case '--hierarchy-group':
        filters.hierarchyGroupId = value();
        break;
      case '--with-child-groups':
        withChildGroups = true;
        break;
      case '--tag': {
        const text = value();
        const eq = text.indexOf('=');
        if (eq <= 0) throw new UsageError(`\`--tag\` is "${text}"; write it as KEY=VALUE, e.g. --tag team=sales.`);
        tags.push({ key: text.slice(0, eq), value: text.slice(eq + 1) });
        break;
      }
      case '--username-prefix':
        filters.usernamePrefix = value();
        break;
      case '--format':
        format = oneOf(name, value(), EXPORT_FORMATS);
        break;
      case '--out':
        outFile = value();
        break;
      case '--include-phone-numbers':
        includePhoneNumbers = true;
        break;
      case '--search-users-per-second': {
        const text = value();
        searchUsersPerSecond = Number(text);
        if (!(searchUsersPerSecond > 0 && searchUsersPerSecond <= 100)) throw new UsageError(`\`--search-users-per-second\` is "${text}"; expected a number above 0 and at most 100 (your account's SearchUsers quota).`);
        break;
      }
      default:
        if (!environment.take(name, value)) throw new UsageError(`unknown option \`${name}\` for export; see --help.`);
    }
  }, flags);
  if (instanceId === undefined) throw new UsageError('export needs the instance: `--instance-id ID` (with --region or AWS_REGION) or `--instance-arn ARN`.');
  if (withChildGroups && filters.hierarchyGroupId === undefined) throw new UsageError('`--with-child-groups` goes with `--hierarchy-group ID`.');
  if (fromArn && environment.values.region !== undefined && environment.values.region !== fromArn.region) {
    throw new UsageError(`\`--region\` is ${environment.values.region} but the instance ARN is in ${fromArn.region}; leave --region out.`);
  }
  return {
    command: 'export',
    instanceId,
    region: fromArn?.region ?? environment.values.region,
    account: fromArn?.account ?? environment.values.account,
    filters: { ...filters, withChildGroups, tags },
    format,
    outFile,
    includePhoneNumbers,
    searchUsersPerSecond,
  };
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

/**
 * Calls `handle` with each `--name` and a reader of its value (`--name value` or `--name=value`);
 * `flags` take no value.
 */
function forEachOption(rest: readonly string[], handle: (name: string, value: () => string) => void, flags: ReadonlySet<string> = new Set()): void {
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument \`${arg}\`; options start with \`--\`.`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (flags.has(name)) {
      if (eq !== -1) throw new UsageError(`\`${name}\` takes no value.`);
      handle(name, () => '');
      continue;
    }
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
