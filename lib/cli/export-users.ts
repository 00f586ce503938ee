/**
 * `export`: reads the agents of a live instance (SearchUsers, paged and paced at the read quota)
 * and turns each into a declaration of exactly its current settings (core/declaration.ts).
 */
import { ConnectClient, DescribeUserCommand, SearchUsersCommand, UserSearchSummary } from '@aws-sdk/client-connect';
import { DeclaredUser, declaredFromLive } from '../core/declaration';
import { LiveUser, fromDescribeUser, fromSearchSummary } from '../core/live';
import { RateLimiter } from '../engine/rate-limiter';
import { agentSearch } from '../core/selectors';
import { ExportArgs } from './args';

/** SearchUsers' largest page. */
const PAGE_SIZE = 500;
/** DescribeUser's default quota, for the few users whose per-channel values need confirming. */
const DESCRIBE_USERS_PER_SECOND = 10;

export interface ExportedUsers {
  /** Sorted by username. */
  readonly users: readonly DeclaredUser[];
  /** Users whose desk number (and so desk phone type) was left out. */
  readonly numbersLeftOut: number;
  /** Users read again with DescribeUser because SearchUsers' values did not agree. */
  readonly confirmed: number;
}

/** Called after each page with the agents read so far and SearchUsers' approximate total. */
export type Progress = (read: number, total: number) => void;

export async function exportUsers(connect: ConnectClient, args: ExportArgs, progress: Progress): Promise<ExportedUsers> {
  const search = new RateLimiter(args.searchUsersPerSecond);
  const describe = new RateLimiter(DESCRIBE_USERS_PER_SECOND);
  // The filters are an agent selector's criteria: one way to ask SearchUsers for agents.
  const request = agentSearch(args.filters);
  const live: LiveUser[] = [];
  let confirmed = 0;
  let nextToken: string | undefined;
  do {
    await search.take();
    const page = await connect.send(new SearchUsersCommand({ InstanceId: args.instanceId, MaxResults: PAGE_SIZE, NextToken: nextToken, ...request }));
    for (const summary of page.Users ?? []) {
      if (agrees(summary)) {
        live.push(fromSearchSummary(summary));
        continue;
      }
      await describe.take();
      const described = await connect.send(new DescribeUserCommand({ InstanceId: args.instanceId, UserId: summary.Id }));
      if (described.User) {
        live.push(fromDescribeUser(described.User));
        confirmed++;
      }
    }
    nextToken = page.NextToken;
    progress(live.length, Math.max(page.ApproximateTotalCount ?? 0, live.length));
  } while (nextToken);

  live.sort((a, b) => (a.Username ?? a.UserId).localeCompare(b.Username ?? b.UserId));
  let numbersLeftOut = 0;
  const users = live.map((user) => {
    const { user: declared, numberLeftOut } = declaredFromLive(user, { includePhoneNumbers: args.includePhoneNumbers });
    if (numberLeftOut) numbersLeftOut++;
    return declared;
  });
  return { users, numbersLeftOut, confirmed };
}

/**
 * SearchUsers' per-channel ACW units are undocumented (its PhoneConfig ACW is documented to be in
 * milliseconds): its values are trusted when VOICE's per-channel ACW equals the legacy one, which
 * Connect keeps as the same setting; otherwise the user is read with DescribeUser, which is exact.
 */
function agrees(summary: UserSearchSummary): boolean {
  const legacy = summary.PhoneConfig?.AfterContactWorkTimeLimit;
  const voice = summary.AfterContactWorkConfigs?.find((c) => (c.Channel ?? 'VOICE') === 'VOICE')?.AfterContactWorkConfig?.AfterContactWorkTimeLimit;
  if (legacy === undefined || voice === undefined) return summary.AfterContactWorkConfigs === undefined || summary.AfterContactWorkConfigs.length === 0;
  return legacy / 1000 === voice;
}
