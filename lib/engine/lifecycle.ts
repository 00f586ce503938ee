/**
 * What an event is in its resource's lifecycle, from the event alone: which users the deployed
 * declaration already named, whether it is CloudFormation's rollback, and when it must stop.
 *
 * A rollback Update carries the previous, deployed declaration as its new properties. It is told
 * from a forward Update by the deployment nonces (synth times: the rollback's is older), or,
 * without nonces, by the physical id: after a failed forward Update that changed the users, the
 * resource still has the id of the declaration being restored.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { DATA_KEYS, ResourceSpec, UserSpec } from '../core/contract';
import { parseResourceProperties } from '../core/parse';
import { Logger } from './logger';
import { PassScope, ResourceIdentity, eventDeadlineFrom } from './pass';
import { userKey } from './reconcile';

export interface EventLifecycle {
  readonly declaredBefore?: ReadonlySet<string>;
  readonly rollback: boolean;
}

/** For a Create: nothing was declared before. For an Update: the old users, and whether it is a rollback. */
export async function lifecycleOf(
  event: CloudFormationCustomResourceEvent,
  spec: ResourceSpec,
  users: readonly UserSpec[],
  physicalId: string,
  load: (spec: ResourceSpec) => Promise<readonly UserSpec[]>,
  logger: Logger,
): Promise<EventLifecycle> {
  if (event.RequestType !== 'Update') return { rollback: false };
  let oldSpec: ResourceSpec;
  let oldUsers: readonly UserSpec[];
  try {
    oldSpec = parseResourceProperties(event.OldResourceProperties);
    // The same desired-state object holds the same users: a nonce-only redeploy reads it once.
    const sameObject = oldSpec.DesiredStateObject !== undefined && JSON.stringify(oldSpec.DesiredStateObject) === JSON.stringify(spec.DesiredStateObject);
    oldUsers = sameObject ? users : await load(oldSpec);
  } catch (error) {
    // Without the old declaration every missing user counts as new, which fails safe (typos fail).
    logger.warn('the previous declaration is unreadable; missing users count as newly declared', { error });
    return { rollback: false };
  }
  const declaredBefore = new Set(oldUsers.map(userKey));
  const usersChanged = users.some((u) => !declaredBefore.has(userKey(u))) || oldUsers.length !== users.length || oldSpec.InstanceArn !== spec.InstanceArn;
  return {
    declaredBefore,
    rollback: isRollback(spec, oldSpec, event.PhysicalResourceId === physicalId && usersChanged),
  };
}

function isRollback(spec: ResourceSpec, oldSpec: ResourceSpec, keptIdOfNewDeclaration: boolean): boolean {
  const next = Date.parse(spec.DeploymentNonce ?? '');
  const previous = Date.parse(oldSpec.DeploymentNonce ?? '');
  if (!Number.isNaN(next) && !Number.isNaN(previous) && next !== previous) return next < previous;
  return keptIdOfNewDeclaration;
}

/** The pass scope of an event's first invocation (onEvent): its time budget starts now. */
export function firstPassScope(lifecycle: EventLifecycle, resource: ResourceIdentity | undefined, now = Date.now()): PassScope {
  return { eventDeadline: eventDeadlineFrom(now), declaredBefore: lifecycle.declaredBefore, deployedDeclaration: lifecycle.rollback, resource };
}

/** The event deadline onEvent handed on in Data (isComplete has no other memory of the event). */
export function carriedDeadline(data: Record<string, string> | undefined, now = Date.now()): number {
  const carried = Date.parse(data?.[DATA_KEYS.deadline] ?? '');
  return Number.isNaN(carried) ? eventDeadlineFrom(now) : carried;
}
