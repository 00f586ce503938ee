/**
 * The custom resource handler, run by the CDK Provider framework: `onEvent` for each CloudFormation
 * event and `isComplete`, polled until a fleet too large for one invocation has converged; and
 * `onSchedule`, run by an EventBridge rule to correct drift between deploys.
 *
 * Each entry point only parses the event, picks the step and maps errors at the edge; the steps
 * below are small functions, and the work is in reconcile.ts (read, plan, write).
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { DATA_KEYS, ENV, ResourceSpec, UserSpec } from '../lib/core/contract';
import { parseResourceProperties } from '../lib/core/parse';
import { INSTANCE_ARN } from '../lib/core/validate';
import { ConnectApi, DEFAULT_RATES } from './connect-api';
import { connectClient, s3Client, setInvocationDeadline, ssmClient } from './clients';
import { loadUsers } from './desired-state';
import { ReconcileFailedError, errorText } from './errors';
import { emfLine } from './metrics';
import { keepOriginals } from './originals-keeper';
import { OriginalsStore, ownerOf } from './originals-store';
import { restoreOwnedUsers } from './restore';
import { describeChange } from '../lib/core/plan';
import { Logger, createLogger } from './logger';
import { physicalResourceId } from './physical-id';
import { ReconcileResult, reconcile } from './reconcile';
import { buildData, buildFinalData, failureReason, summarize } from './report';

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

const DEFAULT_SAFETY_MARGIN_SECONDS = 60;

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
  if (event.RequestType === 'Delete') {
    const data = await onDelete(event, context, logger);
    return { IsComplete: data.Data?.Converged !== 'false', Data: data.Data };
  }
  try {
    const spec = parseResourceProperties(event.ResourceProperties);
    const owner = ownerOf(event.StackId, event.PhysicalResourceId as string);
    const result = await reconcileSpec(spec, await loadUsers(spec, s3Client), context, logger, owner);
    if (!result.complete) return { IsComplete: false };
    return { IsComplete: true, Data: finish(result, logger, event.Data) };
  } catch (error) {
    logger.error('poll failed', { error });
    throw error;
  }
}

/**
 * Create and Update: make the declared users true. Returns before the Lambda timeout with
 * `Converged: "false"` when users remain; `isComplete` then continues from live state.
 */
async function onCreateOrUpdate(event: CloudFormationCustomResourceEvent, context: Context, logger: Logger): Promise<OnEventResponse> {
  const spec = parseResourceProperties(event.ResourceProperties);
  const users = await loadUsers(spec, s3Client);
  const PhysicalResourceId = physicalResourceId(instanceIdOf(spec), users);
  if (event.RequestType === 'Update' && event.PhysicalResourceId !== PhysicalResourceId) {
    logger.info('replacing: the instance or users changed', { oldPhysicalResourceId: event.PhysicalResourceId, PhysicalResourceId });
  }
  const result = await reconcileSpec(spec, users, context, logger, ownerOf(event.StackId, PhysicalResourceId));
  if (!result.complete) {
    logger.info('continuing in isComplete', { summary: summarize(result.outcomes) });
    return { PhysicalResourceId, Data: buildData(result.outcomes, false) };
  }
  return { PhysicalResourceId, Data: finish(result, logger) };
}

/**
 * Delete never fails. With the default removal policy (`retain`) it leaves every user as it is
 * and makes no API call, so it succeeds even when the users or the instance no longer exist.
 * With `restore` it puts back the original settings of the users this resource still owns (a
 * replaced resource owns none of the users its successor declares); a user that cannot be
 * restored is logged and left as it is. Unfinished restores continue in `isComplete`.
 */
async function onDelete(event: CloudFormationCustomResourceEvent, context: Context, logger: Logger): Promise<OnEventResponse> {
  const PhysicalResourceId = (event as { PhysicalResourceId: string }).PhysicalResourceId;
  const spec = lenientSpec(event.ResourceProperties, logger);
  if (spec?.RemovalPolicy !== 'restore') {
    logger.info('delete: users left as they are', { physicalResourceId: PhysicalResourceId });
    return { PhysicalResourceId };
  }
  try {
    const api = connectApi(spec, context);
    const result = await restoreOwnedUsers(ownerOf(event.StackId, PhysicalResourceId), {
      api,
      store: new OriginalsStore(ssmClient(), api.instanceId),
      logger,
      deadline: invocationDeadline(context),
      perChannelWrites: spec.PerChannelWrites ?? false,
    });
    logger.info('delete: restore pass finished', { restored: result.restored.length, unchanged: result.unchanged.length, gone: result.gone.length, notRestored: result.notRestored.length, pending: result.pending.length, calls: api.calls });
    const Data = {
      [DATA_KEYS.summary]: `restored ${result.restored.length}, already original ${result.unchanged.length}, no longer exist ${result.gone.length}, left as they are ${result.notRestored.length}`,
      [DATA_KEYS.converged]: String(result.pending.length === 0),
    };
    return { PhysicalResourceId, Data };
  } catch (error) {
    logger.error('delete: restore failed; users left as they are', { error: errorText(error) });
    return { PhysicalResourceId };
  }
}

/**
 * The schedule's entry point: reconcile the deployed desired state again, writing only drifted
 * users, and report them as a CloudWatch metric (EMF) and a log line each.
 */
export async function onSchedule(event: ScheduledRun, context: Context): Promise<{ summary: string }> {
  const logger = createLogger({ level: process.env[ENV.logLevel], context: { requestId: context.awsRequestId, resource: event.ResourcePath } });
  const spec = parseResourceProperties(event.ResourceProperties);
  const result = await reconcileSpec(spec, await loadUsers(spec, s3Client), context, logger);
  const count = (status: string) => result.outcomes.filter((o) => o.status === status).length;
  for (const o of result.outcomes.filter((x) => x.status === 'changed')) {
    logger.info('drift corrected', { resource: event.ResourcePath, userId: o.userId, user: o.ref, changes: o.changes.map(describeChange) });
  }
  process.stdout.write(emfLine({ CorrectedUsers: count('changed'), FailedUsers: count('failed'), PendingUsers: count('pending') }, { Resource: event.ResourcePath ?? 'unknown' }) + '\n');
  const summary = summarize(result.outcomes);
  if (count('failed') > 0) {
    throw new ReconcileFailedError(failureReason(result.outcomes, result.instanceId));
  }
  if (count('pending') > 0) logger.warn('drift correction unfinished; the next scheduled run continues', { summary });
  return { summary };
}

/** What the drift-correction rule sends: the resource's deployed properties and its construct path. */
export interface ScheduledRun {
  readonly ResourceProperties: Record<string, unknown>;
  readonly ResourcePath?: string;
}

/** Delete must not fail on properties a newer or broken construct wrote: anything unparsable is `retain`. */
function lenientSpec(properties: unknown, logger: Logger): ResourceSpec | undefined {
  try {
    return parseResourceProperties(properties);
  } catch (error) {
    logger.warn('delete: properties unreadable; users left as they are', { error: errorText(error) });
    return undefined;
  }
}

function connectApi(spec: ResourceSpec, context: Context): ConnectApi {
  setInvocationDeadline(invocationDeadline(context));
  const rate = spec.WritesPerSecond ?? DEFAULT_RATES.UpdateUserPhoneConfig;
  return new ConnectApi(connectClient(), instanceIdOf(spec), { ...DEFAULT_RATES, UpdateUserPhoneConfig: rate, UpdateUserConfig: rate });
}

async function reconcileSpec(spec: ResourceSpec, users: readonly UserSpec[], context: Context, logger: Logger, owner?: string): Promise<ReconcileResult> {
  const deadline = invocationDeadline(context);
  const api = connectApi(spec, context);
  const originals = spec.RemovalPolicy === 'restore' && owner !== undefined
    ? await keepOriginals(new OriginalsStore(ssmClient(), api.instanceId), owner)
    : undefined;
  const result = await reconcile({
    instanceId: api.instanceId,
    users,
    perChannelWrites: spec.PerChannelWrites ?? false,
    skipMissingUsers: spec.SkipMissingUsers ?? false,
  }, { api, logger, deadline, originals });
  logger.info('pass finished', { summary: summarize(result.outcomes), calls: api.calls, complete: result.complete });
  return result;
}

/**
 * A finished pass: fail the event when users failed, otherwise report what changed (with the
 * first pass's Data when the deployment took several).
 */
function finish(result: ReconcileResult, logger: Logger, firstPass?: Record<string, string>): Record<string, string> {
  if (result.outcomes.some((o) => o.status === 'failed')) {
    const reason = failureReason(result.outcomes, result.instanceId);
    logger.error('users failed', { reason });
    throw new ReconcileFailedError(reason);
  }
  return buildFinalData(result.outcomes, firstPass);
}

function instanceIdOf(spec: ResourceSpec): string {
  return (INSTANCE_ARN.exec(spec.InstanceArn) as RegExpExecArray)[1];
}

function invocationDeadline(context: Context): number {
  const margin = Number(process.env[ENV.safetyMarginSeconds] ?? DEFAULT_SAFETY_MARGIN_SECONDS) * 1000;
  return Date.now() + context.getRemainingTimeInMillis() - margin;
}

function eventLogger(event: CloudFormationCustomResourceEvent, context: Context): Logger {
  // The ResponseURL is a presigned URL: it is never logged.
  return createLogger({
    level: process.env[ENV.logLevel],
    context: { requestId: context.awsRequestId, logicalResourceId: event.LogicalResourceId, stackId: event.StackId },
  });
}
