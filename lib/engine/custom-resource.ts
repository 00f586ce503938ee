/**
 * The custom resource's event handling, run by the CDK Provider framework: `onEvent` for each CloudFormation
 * event and `isComplete`, polled until a fleet too large for one invocation has converged; and
 * `onSchedule`, run by an EventBridge rule to correct drift between deploys.
 *
 * Each entry point only parses the event, picks the step and maps errors at the edge; the steps
 * below are small functions, and the work is in reconcile.ts (read, plan, write).
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { DATA_KEYS, ENV, ResourceSpec } from '../core/contract';
import { ResolvedResource, parseResource } from '../core/resolved-resource';
import { throwIfInvalid, validateResource } from '../core/validate';
import { s3Client, ssmClient } from './clients';
import { loadUsers } from './desired-state';
import { ScheduledRun, correctDrift } from './drift-correction';
import { errorText } from './errors';
import { Logger, createLogger } from './logger';
import { OriginalsStore, ownerOf } from './originals-store';
import { carriedDeadline, firstPassScope, lifecycleOf } from './lifecycle';
import { concludePass, connectApi, eventDeadlineFrom, invocationDeadline, resourceIdentity, runPass } from './pass';
import { physicalResourceId } from './physical-id';
import { ReasonContext, summarize } from './report';
import { restoreOwnedUsers } from './restore';

export type { ScheduledRun } from './drift-correction';

/** What the Provider framework expects back from `onEvent`. */
export interface OnEventResponse {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

/** What the Provider framework passes to `isComplete`: the event plus onEvent's response. */
export type IsCompleteRequest = CloudFormationCustomResourceEvent & OnEventResponse;

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

export async function onEvent(event: CloudFormationCustomResourceEvent, context: Context): Promise<OnEventResponse> {
  const logger = eventLogger(event, context);
  logger.info('event received', { requestType: event.RequestType });
  try {
    switch (event.RequestType) {
      case 'Create':
      case 'Update':
        return await onCreateOrUpdate(event, context, logger);
      case 'Delete':
        return await onDelete(event, context, logger);
    }
  } catch (error) {
    logger.error('event failed', { error });
    throw error;
  }
}

export async function isComplete(event: IsCompleteRequest, context: Context): Promise<IsCompleteResponse> {
  const logger = eventLogger(event, context);
  if (event.Data?.Converged !== 'false') return { IsComplete: true };
  const eventDeadline = carriedDeadline(event.Data);
  if (event.RequestType === 'Delete') {
    const data = await onDelete(event, context, logger, eventDeadline);
    // The Provider framework refuses Data with IsComplete false: Data only once done.
    return data.Data?.Converged === 'false' ? { IsComplete: false } : { IsComplete: true, Data: data.Data };
  }
  try {
    const resource = parseResource(event.ResourceProperties);
    const users = await loadUsers(resource.spec, s3Client);
    const physicalId = event.PhysicalResourceId as string;
    const lifecycle = await lifecycleOf(event, resource.spec, users, physicalId, (s) => loadUsers(s, s3Client), logger);
    const scope = { ...firstPassScope(lifecycle, resourceIdentity(event.StackId, physicalId)), eventDeadline };
    const result = await runPass(resource, users, context, logger, scope);
    const reason = reasonContext(event, context, Number(event.Data?.[DATA_KEYS.firstPassChanged] ?? 0));
    const data = concludePass(result, logger, reason, eventDeadline, lifecycle.rollback, event.Data);
    return data ? { IsComplete: true, Data: data } : { IsComplete: false };
  } catch (error) {
    logger.error('poll failed', { error });
    throw error;
  }
}

/**
 * Create and Update: make the declared users true. Returns before the Lambda timeout with
 * `Converged: "false"` when users remain; `isComplete` then continues from live state, until
 * the event's time budget ends.
 */
async function onCreateOrUpdate(event: CloudFormationCustomResourceEvent, context: Context, logger: Logger): Promise<OnEventResponse> {
  const resource = parseResource(event.ResourceProperties);
  assertReachable(resource.spec, event.StackId);
  const users = await loadUsers(resource.spec, s3Client);
  const PhysicalResourceId = physicalResourceId(resource.instanceId, users);
  if (event.RequestType === 'Update' && event.PhysicalResourceId !== PhysicalResourceId) {
    logger.info('replacing: the instance or users changed', { oldPhysicalResourceId: event.PhysicalResourceId, PhysicalResourceId });
  }
  const lifecycle = await lifecycleOf(event, resource.spec, users, PhysicalResourceId, (s) => loadUsers(s, s3Client), logger);
  if (lifecycle.rollback) logger.info('rollback: restoring the previous declaration; users that left the instance are reported, not failed');
  const scope = firstPassScope(lifecycle, resourceIdentity(event.StackId, PhysicalResourceId));
  const result = await runPass(resource, users, context, logger, scope);
  const reason = reasonContext(event, context, 0);
  const data = concludePass(result, logger, reason, scope.eventDeadline, lifecycle.rollback);
  if (data) return { PhysicalResourceId, Data: data };
  logger.info('continuing in isComplete', { summary: summarize(result.outcomes) });
  // Small on purpose: the framework copies this Data into the final response, FAILED included.
  return { PhysicalResourceId, Data: {
    [DATA_KEYS.converged]: 'false',
    [DATA_KEYS.deadline]: new Date(scope.eventDeadline).toISOString(),
    [DATA_KEYS.firstPassChanged]: String(result.outcomes.filter((o) => o.status === 'changed').length),
  } };
}

/**
 * Delete never fails. With the default removal policy (`retain`) it leaves every user as it is
 * and makes no API call, so it succeeds even when the users or the instance no longer exist.
 * With `restore` it puts back the original settings of the users this resource still owns (a
 * replaced resource owns none of the users its successor declares); a user that cannot be
 * restored is logged and left as it is. Unfinished restores continue in `isComplete` until the
 * event's time budget ends; what is left then is logged and left as it is.
 */
async function onDelete(event: CloudFormationCustomResourceEvent, context: Context, logger: Logger, eventDeadline = eventDeadlineFrom(Date.now())): Promise<OnEventResponse> {
  const PhysicalResourceId = (event as { PhysicalResourceId: string }).PhysicalResourceId;
  const resource = lenientResource(event.ResourceProperties, logger);
  if (resource?.removalPolicy !== 'restore') {
    logger.info('delete: users left as they are', { physicalResourceId: PhysicalResourceId });
    return { PhysicalResourceId };
  }
  try {
    const deadline = Math.min(invocationDeadline(context), eventDeadline);
    const api = connectApi(resource, deadline);
    const result = await restoreOwnedUsers(ownerOf(event.StackId, PhysicalResourceId), {
      api,
      store: new OriginalsStore(ssmClient(), event.StackId, resource.instanceId),
      logger,
      deadline,
      perChannelWrites: resource.perChannelWrites,
    });
    const outOfTime = !result.complete && Date.now() >= eventDeadline;
    logger.info('delete: restore pass finished', { summary: summarize(result.outcomes), calls: api.calls, complete: result.complete });
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    if (failed.length > 0) logger.error('delete: these users could not be restored and are left as they are', { users: failed.map((o) => o.ref) });
    if (outOfTime) logger.error('delete: time budget spent; these users are left as they are', { users: result.outcomes.filter((o) => o.status === 'pending').map((o) => o.ref) });
    const Data = {
      [DATA_KEYS.summary]: summarize(result.outcomes),
      [DATA_KEYS.converged]: String(result.complete || outOfTime),
      ...(!result.complete && !outOfTime ? { [DATA_KEYS.deadline]: new Date(eventDeadline).toISOString() } : {}),
    };
    return { PhysicalResourceId, Data };
  } catch (error) {
    logger.error('delete: restore failed; users left as they are', { error: errorText(error) });
    return { PhysicalResourceId };
  }
}

/**
 * The drift-correction schedule's entry point (see drift-correction.ts). A failed user fails the
 * invocation after it is reported, so Lambda's error metric can alarm on it.
 */
export async function onSchedule(event: ScheduledRun, context: Context): Promise<{ summary: string }> {
  return correctDrift(event, context);
}

/**
 * The handler calls Connect in its own account and region: the validator's check of an instance
 * elsewhere runs again with where the handler really is (an environment-agnostic stack's template
 * could not be checked at synth).
 */
function assertReachable(spec: ResourceSpec, stackId: string): void {
  const account = stackId.split(':')[4];
  throwIfInvalid(validateResource(spec, { home: { region: process.env.AWS_REGION, account: /^\d{12}$/.test(account ?? '') ? account : undefined } }));
}

/** Delete must not fail on properties a newer or broken construct wrote: anything unparsable is `retain`. */
function lenientResource(properties: unknown, logger: Logger): ResolvedResource | undefined {
  try {
    return parseResource(properties);
  } catch (error) {
    logger.warn('delete: properties unreadable; users left as they are', { error: errorText(error) });
    return undefined;
  }
}

/** What a failure reason says beyond the users: the request's kind and where its log line is. */
function reasonContext(event: CloudFormationCustomResourceEvent, context: Context, changedEarlier: number): ReasonContext {
  return {
    requestType: event.RequestType === 'Create' ? 'Create' : 'Update',
    changedEarlier,
    log: { group: process.env.AWS_LAMBDA_LOG_GROUP_NAME, requestId: context.awsRequestId },
  };
}

function eventLogger(event: CloudFormationCustomResourceEvent, context: Context): Logger {
  // The ResponseURL is a presigned URL: it is never logged.
  return createLogger({
    level: process.env[ENV.logLevel],
    context: { requestId: context.awsRequestId, logicalResourceId: event.LogicalResourceId, stackId: event.StackId },
  });
}
