/**
 * `cdk-connect-phone-config export`: checks the credentials, reads the agents, renders the file,
 * and returns the exit code (0 written, 1 error), with one message per failure on stderr.
 */
import * as fs from 'fs';
import { renderDeclarationFile } from '../core/declaration-file';
import { scrubPhoneNumbers } from '../core/mask';
import { errorText, isNotFound, isThrottling } from '../engine/errors';
import { ExportArgs } from './args';
import { AwsClients, Env, credentialsRefusal } from './aws-clients';
import { agentSearch } from '../core/selectors';
import { exportUsers } from './export-users';
import { EXIT } from './plan-result';
import { renderDeclarationTs } from './render-declaration-ts';

type Out = { write(chunk: string): unknown; isTTY?: boolean };

/** Below this many agents an export is quick enough to need no progress bar. */
const PROGRESS_FROM = 300;

export async function runExport(args: ExportArgs, clients: AwsClients, env: Env, stderr: Out, stdout: Out): Promise<number> {
  const region = args.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region === undefined) {
    stderr.write('error: no region for the instance; pass --region, set AWS_REGION, or give --instance-arn.\n');
    return EXIT.error;
  }
  let identity;
  try {
    identity = await clients.identity(region);
  } catch (error) {
    stderr.write(`error: ${credentialsRefusal(error, 'the instance\'s account', 'export')}\n`);
    return EXIT.error;
  }
  if (args.account !== undefined && args.account !== identity.account) {
    stderr.write(`error: the credentials are for account ${identity.account} (${identity.arn}), but the instance is in account ${args.account}. Use credentials for that account.\n`);
    return EXIT.error;
  }
  stderr.write(`Reading instance ${args.instanceId} in account ${identity.account}, region ${region}, as ${identity.arn}.\n`);
  const source = describeSource(args, region);
  let exported;
  try {
    exported = await exportUsers(clients.connect(region), args, progressBar(stderr));
  } catch (error) {
    stderr.write(`error: ${scrubPhoneNumbers(failure(error, args, region))}\n`);
    return EXIT.error;
  }
  const text = args.format === 'ts'
    ? renderDeclarationTs(exported.users, { instanceId: args.instanceId, source })
    : renderDeclarationFile(exported.users, args.format, { instanceId: args.instanceId, source: { instance: args.instanceId, region, filters: agentSearch(args.filters) } });
  if (args.outFile === undefined) stdout.write(text);
  else fs.writeFileSync(args.outFile, text, { mode: args.includePhoneNumbers ? 0o600 : 0o644 });
  stderr.write(`Exported ${exported.users.length} agents${args.outFile ? ` to ${args.outFile}` : ''}.\n`);
  if (exported.numbersLeftOut > 0) {
    stderr.write(`Note: ${exported.numbersLeftOut} agents have a desk phone number; it is personal data and was left out, with their desk phone type, so those settings stay undeclared. Pass --include-phone-numbers to write them (the file then holds personal data).\n`);
  }
  return EXIT.noChanges;
}

function describeSource(args: ExportArgs, region: string): string {
  const f = args.filters;
  const filters = [
    f.routingProfileId && `routing profile ${f.routingProfileId}`,
    f.hierarchyGroupId && `hierarchy group ${f.hierarchyGroupId}${f.withChildGroups ? ' and its child groups' : ''}`,
    ...f.tags.map((t) => `tag ${t.key}=${t.value}`),
    f.usernamePrefix !== undefined && `usernames starting with ${f.usernamePrefix}`,
  ].filter(Boolean);
  return `instance ${args.instanceId} (${region})${filters.length > 0 ? `, ${filters.join(', ')}` : ', every agent'}`;
}

/** One message per way an export fails: where to look, and what to do. */
function failure(error: unknown, args: ExportArgs, region: string): string {
  if (isNotFound(error)) {
    return `Connect says ${errorText(error)}: instance ${args.instanceId} (or the hierarchy group given) does not exist in region ${region}. Check --instance-id, --hierarchy-group and --region (or use --instance-arn).`;
  }
  if (isThrottling(error)) {
    return `Connect kept throttling SearchUsers (${errorText(error)}); the account's quota is shared with other tools. Run export again, or lower --search-users-per-second.`;
  }
  return errorText(error);
}

/** `[#####.....] 1000/2000 agents` on stderr, redrawn in place on a terminal, a line per page otherwise. */
function progressBar(stderr: Out): (read: number, total: number) => void {
  return (read, total) => {
    if (total < PROGRESS_FROM) return;
    const width = 30;
    const filled = Math.round((read / total) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${read}/${total} agents`;
    if (stderr.isTTY) stderr.write(`\r${bar}${read >= total ? '\n' : ''}`);
    else stderr.write(`${bar}\n`);
  };
}
