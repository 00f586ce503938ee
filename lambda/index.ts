/**
 * The custom resource handler, run by the CDK Provider framework: `onEvent` for each CloudFormation
 * event and `isComplete`, polled until a fleet too large for one invocation has converged.
 *
 * Each entry point only parses the event, picks the step and maps errors at the edge; the steps
 * below are small functions, and the work is in reconcile.ts (read, plan, write).
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { ENV, ResourceSpec, UserSpec } from '../lib/core/contract';
import { parseResourceProperties } from '../lib/core/parse';
import { INSTANCE_ARN } from '../lib/core/validate';
import { ConnectApi, DEFAULT_RATES } from './connect-api';
import { connectClient, s3Client, setInvocationDeadline } from './clients';
import { loadUsers } from './desired-state';
import { ReconcileFailedError } from './errors';
import { Logger, createLogger } from './logger';
import { physicalResourceId } from './physical-id';
import { ReconcileResult, reconcile } from './reconcile';
import { buildData, failureReason, summarize } from './report';

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
        return onDelete(event, logger);
    }
  } catch (error) {
    logger.error('event failed', { error });
    throw error;
  }
}

export async function isComplete(event: IsCompleteRequest, context: Context): Promise<IsCompleteResponse> {
  const logger = eventLogger(event, context);
  if (event.RequestType === 'Delete' || event.Data?.Converged === 'true') return { IsComplete: true };
  try {
    const spec = parseResourceProperties(event.ResourceProperties);
    const result = await reconcileSpec(spec, await loadUsers(spec, s3Client), context, logger);
    if (!result.complete) return { IsComplete: false };
    return { IsComplete: true, Data: finish(result, logger) };
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
  const result = await reconcileSpec(spec, users, context, logger);
  if (!result.complete) {
    logger.info('continuing in isComplete', { summary: summarize(result.outcomes) });
    return { PhysicalResourceId, Data: buildData(result.outcomes, false) };
  }
  return { PhysicalResourceId, Data: finish(result, logger) };
}

/**
 * Delete leaves every user as it is (removal policy `retain`): agents keep working with their
 * settings, and a stack can be removed without touching production. It needs no API call, so it
 * succeeds even when the users or the instance no longer exist.
 */
function onDelete(event: CloudFormationCustomResourceEvent, logger: Logger): OnEventResponse {
  logger.info('delete: users left as they are', { physicalResourceId: (event as { PhysicalResourceId?: string }).PhysicalResourceId });
  return { PhysicalResourceId: (event as { PhysicalResourceId: string }).PhysicalResourceId };
}

async function reconcileSpec(spec: ResourceSpec, users: readonly UserSpec[], context: Context, logger: Logger): Promise<ReconcileResult> {
  const deadline = invocationDeadline(context);
  setInvocationDeadline(deadline);
  const rate = spec.WritesPerSecond ?? DEFAULT_RATES.UpdateUserPhoneConfig;
  const api = new ConnectApi(connectClient(), instanceIdOf(spec), { ...DEFAULT_RATES, UpdateUserPhoneConfig: rate, UpdateUserConfig: rate });
  const result = await reconcile({
    instanceId: api.instanceId,
    users,
    perChannelWrites: spec.PerChannelWrites ?? false,
    skipMissingUsers: spec.SkipMissingUsers ?? false,
  }, { api, logger, deadline });
  logger.info('pass finished', { summary: summarize(result.outcomes), calls: api.calls, complete: result.complete });
  return result;
}

/** A finished pass: fail the event when users failed, otherwise report what changed. */
function finish(result: ReconcileResult, logger: Logger): Record<string, string> {
  if (result.outcomes.some((o) => o.status === 'failed')) {
    const reason = failureReason(result.outcomes);
    logger.error('users failed', { reason });
    throw new ReconcileFailedError(reason);
  }
  return buildData(result.outcomes, true);
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
