/**
 * Drift correction between deploys: an EventBridge rule hands the deployed desired state to
 * `onSchedule`, which reconciles it again, writing only drifted users, and reports them as a
 * CloudWatch metric (Embedded Metric Format) and a log line each.
 */
import type { Context } from 'aws-lambda';
import { ENV } from '../core/contract';
import { parseResource } from '../core/resolved-resource';
import { describeChange } from '../core/plan';
import { s3Client } from './clients';
import { loadUsers } from './desired-state';
import { ReconcileFailedError } from './errors';
import { createLogger } from './logger';
import { emfLine } from './metrics';
import { runPass } from './pass';
import { failureReason, summarize } from './report';

/** Reconciles the scheduled resource once; throws, after reporting, when users failed. */
export async function correctDrift(event: ScheduledRun, context: Context): Promise<{ summary: string }> {
  const logger = createLogger({ level: process.env[ENV.logLevel], context: { requestId: context.awsRequestId, resource: event.ResourcePath } });
  const resource = parseResource(event.ResourceProperties);
  // The schedule runs the deployed declaration: a user missing now has left the instance.
  const result = await runPass(resource, await loadUsers(resource.spec, s3Client), context, logger, { eventDeadline: Number.POSITIVE_INFINITY, deployedDeclaration: true });
  const count = (status: string) => result.outcomes.filter((o) => o.status === status).length;
  for (const o of result.outcomes.filter((x) => x.status === 'changed')) {
    logger.info('drift corrected', { resource: event.ResourcePath, userId: o.userId, user: o.ref, changes: o.changes.map(describeChange) });
  }
  process.stdout.write(emfLine({ CorrectedUsers: count('changed'), FailedUsers: count('failed'), PendingUsers: count('pending'), GoneUsers: count('gone') }, { Resource: event.ResourcePath ?? 'unknown' }) + '\n');
  const summary = summarize(result.outcomes);
  if (count('failed') > 0) {
    throw new ReconcileFailedError(failureReason(result.outcomes, result.instanceId, { requestType: 'Schedule', log: { group: process.env.AWS_LAMBDA_LOG_GROUP_NAME, requestId: context.awsRequestId } }));
  }
  if (count('pending') > 0) logger.warn('drift correction unfinished; the next scheduled run continues', { summary });
  return { summary };
}

/** What the drift-correction rule sends: the resource's deployed properties and its construct path. */
export interface ScheduledRun {
  readonly ResourceProperties: Record<string, unknown>;
  readonly ResourcePath?: string;
}

