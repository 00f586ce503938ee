/**
 * One CloudFormation request to a custom resource backed by the CDK Provider framework, run with
 * the framework's **own** runtime code from the cloud assembly (framework.js, cfn-response.js:
 * every rule of the framework applies as deployed). Only its outbound calls are replaced:
 * Lambda Invoke runs the deployed function's code, Step Functions StartExecution runs the
 * waiter state machine of the template (its interval, attempts, backoff and onTimeout task, on
 * the virtual clock), and the HTTPS PUT of the response is captured. CloudFormation's side is
 * modelled too: the response counts only if it arrives before the resource's `ServiceTimeout`
 * (one hour by default) and fits in 4,096 bytes.
 */
import { MAX_RESPONSE_BYTES, SERVICE_TIMEOUT_SECONDS } from '../../core/contract';
import { DeployedFunction, InvokeAnswer, ModuleCache, decodePayload, invokeFunction } from './lambda-runtime';
import { VirtualClock } from './virtual-clock';

/** CloudFormation's default (and maximum) wait for a custom resource without `ServiceTimeout`. */
export const DEFAULT_SERVICE_TIMEOUT_SECONDS = SERVICE_TIMEOUT_SECONDS;

export interface WaiterDefinition {
  readonly isCompleteArn: string;
  readonly onTimeoutArn: string;
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
}

export interface RuntimeWorld {
  readonly clock: VirtualClock;
  readonly modules: ModuleCache;
  functionByArn(arn: string): DeployedFunction;
  waiterByArn(arn: string): WaiterDefinition;
  /** Environment for a function's invocation (endpoints, its role's credentials, overrides). */
  envFor(fn: DeployedFunction): Record<string, string>;
  /** Whether the function drops console.log lines (a log level above INFO). */
  quietConsole(fn: DeployedFunction): boolean;
  budgetMs?: number;
  stdout(line: string): void;
  /** Whether this invocation of a user function is killed by a timeout (fault injection). */
  forceTimeout(fn: DeployedFunction): boolean;
}

export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
  readonly RequestId?: string;
}

export interface DeliveryOutcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason?: string;
  readonly physicalId?: string;
  readonly data?: Record<string, string>;
  /** The response body's size as PUT, when one arrived. */
  readonly responseBytes?: number;
  /** User isComplete invocations (waiter attempts). */
  readonly polls: number;
  /** Virtual ms from the request to CloudFormation's verdict. */
  readonly elapsedMs: number;
  /** CloudFormation gave up waiting (no response within the service timeout). */
  readonly timedOut: boolean;
  /** Virtual epoch ms at which CloudFormation gives up on the request. */
  readonly deadline: number;
}

interface Captured {
  readonly body: string;
  readonly at: number;
}

/** Sends `request` to its ServiceToken (the framework's onEvent function) as CloudFormation would. */
export async function deliverRequest(world: RuntimeWorld, request: Record<string, unknown>, serviceTimeoutSeconds: number, deliveries = 1): Promise<DeliveryOutcome> {
  const start = world.clock.now();
  const deadline = start + serviceTimeoutSeconds * 1000;
  const responses: Captured[] = [];
  let polls = 0;
  const executions: string[] = [];
  const outbound = {
    httpRequest: async (_options: unknown, body: string) => {
      responses.push({ body, at: world.clock.now() });
    },
    startExecution: async (req: { stateMachineArn: string; input: string }) => {
      executions.push(JSON.stringify(req));
      return { executionArn: `${req.stateMachineArn}:execution-${executions.length}` };
    },
    invokeFunction: async (req: { FunctionName: string; Payload: string }): Promise<InvokeAnswer> => {
      const fn = world.functionByArn(req.FunctionName);
      return invoke(world, fn, JSON.parse(req.Payload), true, world.modules);
    },
  };
  // The framework's modules are loaded per request, bound to this request's outbound calls;
  // the user functions' modules live for the deployment, like warm containers.
  const frameworkModules: ModuleCache = new Map();
  const framework = world.functionByArn(String(request.ServiceToken));
  for (let i = 0; i < deliveries; i++) {
    await invoke(world, framework, request, false, frameworkModules, { './outbound': outbound });
    while (executions.length > 0) {
      const { stateMachineArn, input } = JSON.parse(executions.shift() as string) as { stateMachineArn: string; input: string };
      polls += await runWaiter(world, world.waiterByArn(stateMachineArn), input, outbound, frameworkModules);
    }
  }
  const first = responses.find((r) => (JSON.parse(r.body) as CustomResourceResponse).RequestId === request.RequestId);
  const elapsedMs = Math.min(world.clock.now(), deadline) - start;
  if (!first || first.at > deadline) {
    return {
      status: 'FAILED', polls, elapsedMs, timedOut: true, deadline,
      reason: `CloudFormation did not receive a response from your Custom Resource within its service timeout of ${serviceTimeoutSeconds} s. Please check your logs for requestId [${String(request.RequestId)}].`,
    };
  }
  const bytes = Buffer.byteLength(first.body);
  const response = JSON.parse(first.body) as CustomResourceResponse;
  if (bytes > MAX_RESPONSE_BYTES) {
    return { status: 'FAILED', reason: 'Response object is too long.', physicalId: response.PhysicalResourceId, responseBytes: bytes, polls, elapsedMs: first.at - start, timedOut: false, deadline };
  }
  return {
    status: response.Status,
    reason: response.Status === 'FAILED' ? response.Reason : undefined,
    physicalId: response.PhysicalResourceId,
    data: response.Data,
    responseBytes: bytes,
    polls,
    elapsedMs: first.at - start,
    timedOut: false,
    deadline,
  };
}

/**
 * The waiter state machine: the framework's isComplete task, retried on any error (the
 * framework signals "not yet" by throwing) after the interval, up to MaxAttempts retries; then
 * the onTimeout task with the last error as its cause.
 */
async function runWaiter(world: RuntimeWorld, waiter: WaiterDefinition, input: string, outbound: Record<string, unknown>, modules: ModuleCache): Promise<number> {
  const isComplete = world.functionByArn(waiter.isCompleteArn);
  let attempts = 0;
  for (let retry = 0; ; retry++) {
    attempts++;
    const answer = await invoke(world, isComplete, JSON.parse(input), false, modules, { './outbound': outbound });
    if (!answer.FunctionError) return attempts;
    if (retry >= waiter.maxAttempts) {
      const error = decodePayload(answer.Payload) as { errorType?: string };
      await invoke(world, world.functionByArn(waiter.onTimeoutArn), { Error: error.errorType ?? 'Error', Cause: JSON.stringify(error) }, false, modules, { './outbound': outbound });
      return attempts;
    }
    world.clock.advance(waiter.intervalSeconds * 1000 * waiter.backoffRate ** retry);
  }
}

function invoke(world: RuntimeWorld, fn: DeployedFunction, event: unknown, user: boolean, modules: ModuleCache, substitutes?: Record<string, unknown>): Promise<InvokeAnswer> {
  const quiet = world.quietConsole(fn);
  return invokeFunction(fn, event, {
    clock: world.clock,
    env: world.envFor(fn),
    budgetMs: user ? world.budgetMs : undefined,
    stdout: (line) => {
      if (!(quiet && line.startsWith('[provider-framework]'))) world.stdout(line);
    },
    substitutes,
    forceTimeout: user && world.forceTimeout(fn),
  }, modules);
}
