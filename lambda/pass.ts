/**
 * One reconcile pass as the handler's entry points run it: the paced Connect API for the
 * resource, the invocation's deadline, the `restore` policy's bookkeeping, and the verdict.
 */
import type { Context } from 'aws-lambda';
import { ENV, ResourceSpec, UserSpec } from '../lib/core/contract';
import { INSTANCE_ARN } from '../lib/core/validate';
import { connectClient, setInvocationDeadline, ssmClient } from './clients';
import { ConnectApi, ratesFor } from './connect-api';
import { ReconcileFailedError } from './errors';
import { Logger } from './logger';
import { keepOriginals } from './originals-keeper';
import { OriginalsStore } from './originals-store';
import { ReconcileResult, reconcile } from './reconcile';
import { buildFinalData, failureReason, summarize } from './report';

const DEFAULT_SAFETY_MARGIN_SECONDS = 60;

/**
 * The paced Connect API for a resource. `deadline` is the one the caller's pass stops at: the SDK
 * starts no retry after it either, so a pass and its calls end together.
 */
export function connectApi(spec: ResourceSpec, deadline: number): ConnectApi {
  setInvocationDeadline(deadline);
  return new ConnectApi(connectClient(), instanceIdOf(spec), ratesFor(spec));
}

/** Reconciles the users once; with an `owner`, the `restore` policy's originals are kept too. */
export async function runPass(spec: ResourceSpec, users: readonly UserSpec[], context: Context, logger: Logger, owner?: string): Promise<ReconcileResult> {
  const deadline = invocationDeadline(context);
  const api = connectApi(spec, deadline);
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
export function finishPass(result: ReconcileResult, logger: Logger, firstPass?: Record<string, string>): Record<string, string> {
  if (result.outcomes.some((o) => o.status === 'failed')) {
    const reason = failureReason(result.outcomes, result.instanceId);
    logger.error('users failed', { reason });
    throw new ReconcileFailedError(reason);
  }
  return buildFinalData(result.outcomes, firstPass);
}

export function instanceIdOf(spec: ResourceSpec): string {
  return (INSTANCE_ARN.exec(spec.InstanceArn) as RegExpExecArray)[1];
}

export function invocationDeadline(context: Context): number {
  const margin = Number(process.env[ENV.safetyMarginSeconds] ?? DEFAULT_SAFETY_MARGIN_SECONDS) * 1000;
  return Date.now() + context.getRemainingTimeInMillis() - margin;
}

