/**
 * `export`: reads the agents of a live instance (SearchUsers, paged and paced at the read quota)
 * and turns each into a declaration of exactly its current settings (core/declaration.ts).
 */
import { ConnectClient, UserSearchSummary } from '@aws-sdk/client-connect';
import { DeclaredUser, declaredFromLive } from '../core/declaration';
import { LiveUser, fromSearchSummary } from '../core/live';
import { DEFAULT_API_RATES } from '../core/resolved-resource';
import { ConnectApi } from '../engine/connect-api';
import { agentSearch } from '../core/selectors';
import { ExportArgs } from './args';

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
  // The handler's paced Connect API, at export's own SearchUsers rate.
  const api = new ConnectApi(connect, args.instanceId, { ...DEFAULT_API_RATES, SearchUsers: { ...DEFAULT_API_RATES.SearchUsers, rate: args.searchUsersPerSecond } });
  const { SearchCriteria, SearchFilter } = agentSearch(args.filters);
  const live: LiveUser[] = [];
  let confirmed = 0;
  await api.searchUsers(SearchCriteria, SearchFilter, async (page, total) => {
    for (const summary of page) {
      if (agrees(summary)) {
        live.push(fromSearchSummary(summary));
      } else {
        live.push(await api.describeUser(summary.Id as string));
        confirmed++;
      }
    }
    progress(live.length, Math.max(total, live.length));
  });

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
