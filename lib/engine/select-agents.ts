/**
 * Evaluates a fleet's agent selectors against the live instance (one SearchUsers search each, paced
 * with the handler's other reads) and resolves which settings each matched agent gets
 * (core/selectors.ts). Runs at every deploy and every scheduled drift-correction run, so an agent
 * who joined a routing profile since the last one is included.
 */
import { SelectorSpec, UserSpec } from '../core/contract';
import { Selection, agentSearch, criteriaOf, describeSelector, resolveSelection } from '../core/selectors';
import { ConnectApi } from './connect-api';
import { Logger } from './logger';

export async function selectAgents(selectors: readonly SelectorSpec[] | undefined, explicit: readonly UserSpec[], api: ConnectApi, logger?: Logger): Promise<Selection> {
  if (selectors === undefined || selectors.length === 0) return { users: explicit, contradictions: new Map(), matched: [] };
  const matches = [];
  for (const selector of selectors) {
    const { SearchCriteria, SearchFilter } = agentSearch(criteriaOf(selector));
    const found = await api.searchUsers(SearchCriteria, SearchFilter);
    matches.push(found.filter((u) => u.Id !== undefined).map((u) => ({ userId: u.Id as string, username: u.Username })));
  }
  const selection = resolveSelection(explicit, selectors, matches);
  selectors.forEach((s, i) => logger?.info('selector matched', { selector: describeSelector(s, i), agents: selection.matched[i] }));
  return selection;
}
