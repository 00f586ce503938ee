/**
 * The Lambda entry points: the one module the handler asset's `index.js` is bundled from. The
 * work is in `lib/engine/` (which the `plan` CLI shares); this file only exports it under the
 * names the construct configures (`HANDLERS` in the contract).
 */
import type { HandlerName } from '../lib/core/contract';
import { isComplete as pollCompletion, onEvent as handleEvent, onSchedule as runSchedule } from '../lib/engine/custom-resource';

export type { IsCompleteRequest, IsCompleteResponse, OnEventResponse } from '../lib/engine/custom-resource';
export type { ScheduledRun } from '../lib/engine/drift-correction';

// `satisfies` checks the keys against the contract both ways: a handler renamed in HANDLERS, or
// an entry point added here without it, fails to compile instead of failing a deployment.
const entryPoints = {
  onEvent: handleEvent,
  isComplete: pollCompletion,
  onSchedule: runSchedule,
} satisfies Record<HandlerName, (...args: never[]) => Promise<unknown>>;

export const { onEvent, isComplete, onSchedule } = entryPoints;
