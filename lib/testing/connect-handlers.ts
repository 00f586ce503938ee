import { invalidParameter } from './errors';
import { EmulatorState } from './emulator-state';
import { compileUserSearch } from './search';
import { ConnectOperation } from './operations';
import { parsePhoneConfigRequest, parseUserConfigRequest } from './user-input';
import { describeUserView, searchSummaryView, userSummaryView } from './user-views';

/** Everything a Connect operation needs from the HTTP layer, already decoded. */
export interface ConnectRequest {
  readonly operation: ConnectOperation;
  readonly instanceId?: string;
  readonly userId?: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/**
 * Runs one Connect operation against the state and returns the JSON response body.
 * Throws ConnectApiError for modelled failures; the server turns those into restJson1 errors.
 */
export function executeConnect(state: EmulatorState, req: ConnectRequest): unknown {
  switch (req.operation) {
    case 'DescribeUser': {
      const { instanceId, userId } = ids(req);
      return { User: describeUserView(state.describeUser(instanceId, userId), state.userArn(instanceId, userId)) };
    }
    case 'UpdateUserPhoneConfig': {
      const { instanceId, userId } = ids(req);
      const cfg = parsePhoneConfigRequest(req.body);
      state.updateUserPhoneConfig(instanceId, userId, cfg);
      return {};
    }
    case 'UpdateUserConfig': {
      const { instanceId, userId } = ids(req);
      const patches = parseUserConfigRequest(req.body);
      state.updateUserConfig(instanceId, userId, patches);
      return {};
    }
    case 'SearchUsers': {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const instanceId = body.InstanceId;
      if (typeof instanceId !== 'string' || instanceId === '') throw invalidParameter('InstanceId is required');
      const maxResults = intParam(body.MaxResults, 'MaxResults', 500);
      const nextToken = tokenParam(body.NextToken, 'NextToken');
      const matcher = compileUserSearch(body.SearchCriteria, body.SearchFilter, state.searchContext(instanceId));
      const result = state.searchUsers(instanceId, matcher, maxResults, nextToken);
      return {
        Users: result.users.map((u) => searchSummaryView(u, state.userArn(instanceId, u.id))),
        ...(result.nextToken ? { NextToken: result.nextToken } : {}),
        ApproximateTotalCount: result.total,
      };
    }
    case 'ListUsers': {
      const instanceId = req.instanceId ?? '';
      const maxResults = intParam(queryNumber(req.query.get('maxResults')), 'maxResults', 1000);
      const nextToken = tokenParam(req.query.get('nextToken') ?? undefined, 'nextToken');
      const result = state.listUsers(instanceId, maxResults, nextToken);
      return {
        UserSummaryList: result.users.map((u) => userSummaryView(u, state.userArn(instanceId, u.id))),
        ...(result.nextToken ? { NextToken: result.nextToken } : {}),
      };
    }
  }
}

function ids(req: ConnectRequest): { instanceId: string; userId: string } {
  return { instanceId: req.instanceId ?? '', userId: req.userId ?? '' };
}

function queryNumber(v: string | null): unknown {
  return v === null ? undefined : Number(v);
}

function intParam(v: unknown, name: string, max: number): number {
  if (v === undefined || v === null) return 100;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    throw invalidParameter(`${name} must be an integer between 1 and ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function tokenParam(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '') throw invalidParameter(`${name} must be a non-empty string`);
  return v;
}
