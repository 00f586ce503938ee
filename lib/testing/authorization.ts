/**
 * Which IAM action and resource ARN a request to the emulator needs, as the real services
 * authorize them: Connect user calls on the user's ARN (`instance/<id>/agent/<userId>`),
 * SearchUsers and ListUsers on the instance, S3 GetObject on `bucket/key`, SSM on the parameter
 * (GetParametersByPath on the path itself).
 */
import type * as http from 'http';
import { Route } from './routes';

export interface RequiredPermission {
  readonly action: string;
  readonly resource: string;
}

/** The access key id of a SigV4-signed request (`Credential=<key>/<date>/...`), if any. */
export function accessKeyOf(headers: http.IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  const match = typeof header === 'string' ? /Credential=([^/,\s]+)\//.exec(header) : null;
  return match?.[1];
}

export function connectPermission(route: Extract<Route, { kind: 'connect' }>, instanceId: string | undefined, region: string, accountId: string): RequiredPermission {
  const instance = `arn:aws:connect:${region}:${accountId}:instance/${instanceId ?? ''}`;
  const resource = route.userId !== undefined ? `${instance}/agent/${route.userId}` : instance;
  return { action: `connect:${route.operation}`, resource };
}

export function s3Permission(route: Extract<Route, { kind: 's3' }>): RequiredPermission {
  return { action: `s3:${route.operation}`, resource: `arn:aws:s3:::${route.bucket}/${route.key}` };
}

export function ssmPermission(operation: string, input: Record<string, unknown>, region: string, accountId: string): RequiredPermission {
  const name = String(input.Path ?? input.Name ?? '').replace(/^\//, '');
  return { action: `ssm:${operation}`, resource: `arn:aws:ssm:${region}:${accountId}:parameter/${name}` };
}

export function accessDeniedMessage(principal: string, permission: RequiredPermission): string {
  return `User: ${principal} is not authorized to perform: ${permission.action} on resource: ${permission.resource} because no identity-based policy allows the ${permission.action} action`;
}
