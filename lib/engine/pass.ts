/**
 * One reconcile pass as the handler's entry points run it: the paced Connect API for the
 * resource, the deadline (the invocation's, or the event's time budget if sooner), the
 * `restore` policy's bookkeeping, and the verdict.
 */
import type { Context } from 'aws-lambda';
import { ENV, EVENT_BUDGET_SECONDS, INVOCATION_SAFETY_MARGIN_SECONDS, UserSpec } from '../core/contract';
import { ResolvedResource } from '../core/resolved-resource';
import { connectClient, setInvocationDeadline, ssmClient } from './clients';
import { ConnectApi } from './connect-api';
import { DEFAULT_RETRY } from './retry-strategy';
import { ReconcileFailedError, errorText } from './errors';
import { Logger } from './logger';
import { OriginalsHooks, keepOriginals, releaseOriginals } from './originals-keeper';
import { LoadedRecords, OriginalsStore, logRejected, ownerOf } from './originals-store';
import { resolveDeskNumbers } from './desk-numbers';
import { ReconcileResult, declared, reconcile } from './reconcile';
import { selectAgents } from './select-agents';
import { ReasonContext, buildFinalData, failureReason, outOfTimeReason, summarize } from './report';

/** Where a pass stands in its event's lifecycle. */
export interface PassScope {
  /** Epoch ms after which the event starts no write: CloudFormation could give up soon after. */
  readonly eventDeadline: number;
  /** Keys of the users the deployed declaration named (an Update's old properties). */
  readonly declaredBefore?: ReadonlySet<string>;
  /** The declaration was deployed before: a rollback to it, or a scheduled run. */
  readonly deployedDeclaration?: boolean;
  /** The resource being reconciled (absent for a scheduled run, which keeps no records). */
  readonly resource?: ResourceIdentity;
}

/** Which resource an event is for: its stack (whose restore records it uses) and owner key. */
export interface ResourceIdentity {
  readonly stackId: string;
  readonly owner: string;
}

/** The identity of the resource `physicalId` of stack `stackId`. */
export function resourceIdentity(stackId: string, physicalId: string): ResourceIdentity {
  return { stackId, owner: ownerOf(stackId, physicalId) };
}

/**
 * The paced Connect API for a resource. `deadline` is the one the caller's pass stops at: the SDK
 * starts no retry after it either, so a pass and its calls end together.
 */
export function connectApi(resource: ResolvedResource, deadline: number): ConnectApi {
  setInvocationDeadline(deadline);
  return new ConnectApi(connectClient(), resource.instanceId, resource.rates, { throttledAttempts: DEFAULT_RETRY.maxAttempts, deadline: () => deadline });
}

/** Reconciles the users once; with an `owner`, the `restore` policy's originals are kept too. */
export async function runPass(resource: ResolvedResource, users: readonly UserSpec[], context: Context, logger: Logger, scope: PassScope): Promise<ReconcileResult> {
  const deadline = Math.min(invocationDeadline(context), scope.eventDeadline);
  const api = connectApi(resource, deadline);
  const originals = scope.resource === undefined ? undefined : await originalsHooks(resource, scope.resource, logger);
  // Selectors are evaluated now, so agents who joined since the last run are included.
  const selection = await selectAgents(resource.spec.Selectors, users, api, logger);
  // Desk numbers kept in SSM are read now, never carried in the event.
  const numbers = await resolveDeskNumbers(selection.users, ssmClient);
  const result = await reconcile({
    instanceId: resource.instanceId,
    users: declared(numbers.users),
    numberProblems: numbers.problems,
    selectionProblems: selection.contradictions,
    perChannelWrites: resource.perChannelWrites,
    skipMissingUsers: resource.skipMissingUsers,
    declaredBefore: scope.declaredBefore,
    deployedDeclaration: scope.deployedDeclaration,
  }, { api, logger, deadline, originals });
  logger.info('pass finished', { summary: summarize(result.outcomes), calls: api.calls, complete: result.complete });
  return result;
}

/** The `restore` policy's bookkeeping for the pass, if the resource has any. */
async function originalsHooks(resource: ResolvedResource, identity: ResourceIdentity, logger: Logger): Promise<OriginalsHooks | undefined> {
  const store = new OriginalsStore(ssmClient(), identity.stackId, resource.instanceId);
  const onRejected = (loaded: LoadedRecords) => logRejected(loaded, logger);
  if (resource.removalPolicy === 'restore') return keepOriginals(store, identity.owner, onRejected);
  // A `retain` resource takes over the records of its users (the stack's own records, which every
  // resource may read), so a replaced `restore` resource's cleanup Delete leaves them alone.
  return releaseOriginals(store, identity.owner, (error) => logger.warn('the restore records cannot be read; none taken over', { error: errorText(error) }), onRejected);
}

/**
 * A finished pass: fail the event when users failed, otherwise report what changed (with the
 * first pass's Data when the deployment took several).
 */
export function finishPass(result: ReconcileResult, logger: Logger, reason: ReasonContext, firstPass?: Record<string, string>, rollback = false): Record<string, string> {
  if (rollback && result.outcomes.some((o) => o.status === 'failed')) {
    // A failed rollback leaves the stack in UPDATE_ROLLBACK_FAILED: report, and let it finish.
    // Each user got at most one write, so every one is in its old or its new configuration.
    logger.error('rollback: these users could not be put back and are left as they are', { reason: failureReason(result.outcomes, result.instanceId, reason) });
    return buildFinalData(result.outcomes, firstPass);
  }
  if (result.outcomes.some((o) => o.status === 'failed')) {
    const text = failureReason(result.outcomes, result.instanceId, reason);
    logger.error('users failed', { reason: text });
    throw new ReconcileFailedError(text);
  }
  return buildFinalData(result.outcomes, firstPass);
}

/**
 * What a pass means for its event: its final Data when done (or out of time, for a rollback),
 * undefined when the next pass should continue, and a thrown failure otherwise.
 */
export function concludePass(result: ReconcileResult, logger: Logger, reason: ReasonContext, eventDeadline: number, rollback: boolean, firstPass?: Record<string, string>): Record<string, string> | undefined {
  if (!result.complete) return Date.now() >= eventDeadline ? failOutOfTime(result, logger, reason, rollback) : undefined;
  return finishPass(result, logger, reason, firstPass, rollback);
}

/** An unfinished pass at the end of the event's time budget: fail, naming the users not reached. */
export function failOutOfTime(result: ReconcileResult, logger: Logger, reason: ReasonContext, rollback = false): Record<string, string> {
  if (rollback) {
    logger.error('rollback: time budget spent; the users not reached are left as they are', { reason: outOfTimeReason(result.outcomes, eventBudgetSeconds(), reason) });
    return buildFinalData(result.outcomes, undefined);
  }
  const failed = result.outcomes.some((o) => o.status === 'failed');
  const text = failed ? failureReason(result.outcomes, result.instanceId, reason) : outOfTimeReason(result.outcomes, eventBudgetSeconds(), reason);
  logger.error('out of time', { reason: text });
  throw new ReconcileFailedError(text);
}

export function invocationDeadline(context: Context): number {
  const margin = Number(process.env[ENV.safetyMarginSeconds] ?? INVOCATION_SAFETY_MARGIN_SECONDS) * 1000;
  return Date.now() + context.getRemainingTimeInMillis() - margin;
}

/** Seconds an event may write, from its first invocation (the construct sets it; see contract.ts). */
export function eventBudgetSeconds(): number {
  return Number(process.env[ENV.eventBudgetSeconds] ?? EVENT_BUDGET_SECONDS);
}

/** The deadline of an event whose first invocation is `now`. */
export function eventDeadlineFrom(now: number): number {
  return now + eventBudgetSeconds() * 1000;
}
