/**
 * A local CloudFormation for end-to-end tests, the demo and the benchmark. It deploys a stack of
 * a synthesized cloud assembly the way CloudFormation and the CDK Provider framework do:
 *
 * - **every resource, in dependency order** (`DependsOn`, `Ref`, `Fn::GetAtt`, `Fn::Sub`):
 *   created, updated when its resolved properties change, left alone otherwise;
 * - **custom resources** get string-typed Create/Update/Delete requests through the Provider
 *   framework's own runtime from the assembly (see cfn/provider-runtime.ts), the bundled handler
 *   running as each function is deployed *at that moment*;
 * - **IAM in force**: the inline policies of each role follow the deployed `AWS::IAM::Policy`
 *   and `AWS::IAM::Role` resources (put and deleted by name, as IAM does), and the emulator
 *   refuses the handler's calls that they do not allow;
 * - **a failed update rolls back** in reverse order with old and new properties swapped, then
 *   deletes what the rollback replaced; a failed rollback stops as `ROLLBACK_FAILED`;
 * - **cleanup** after a successful update deletes replaced and removed resources in reverse
 *   dependency order of the previous template, under the new policies;
 * - **time**: the waiter's interval and CloudFormation's service timeout run on a virtual clock.
 */
import { createHash, randomUUID } from 'crypto';
import * as fs from 'fs';
import { AssemblyStack, CfnResourceJson, findStack } from '../assembly/cloud-assembly';
import { resolveIntrinsics, stringifyScalars } from '../assembly/intrinsics';
import { RESOURCE_TYPE } from '../core/contract';
import { DeployedFunction, ModuleCache, invokeFunction } from './cfn/lambda-runtime';
import { stackParameters } from './cfn/physical-names';
import { DEFAULT_SERVICE_TIMEOUT_SECONDS, DeliveryOutcome, RuntimeWorld, WaiterDefinition, deliverRequest } from './cfn/provider-runtime';
import { Resources, dependencyOrder } from './cfn/template-graph';
import { VirtualClock } from './cfn/virtual-clock';
import { ConnectEmulator } from './connect-emulator';
import { PolicyDocument, isAllowed } from './iam-policy';

export interface LocalCloudFormationOptions {
  readonly emulator: ConnectEmulator;
  /** Extra environment for the handler functions (e.g. `SAFETY_MARGIN_SECONDS`). */
  readonly handlerEnv?: Record<string, string>;
  /** What the Lambda context reports as the time budget of a handler invocation, when shorter than its timeout. */
  readonly invocationBudgetMs?: number;
  /** Deliver every request twice, as CloudFormation may (a function is asked at each request). @default false */
  readonly deliverTwice?: boolean | (() => boolean);
  /** Keep function output in `logs` instead of printing it. @default true */
  readonly quiet?: boolean;
  /** Fault injection: whether this invocation of a handler function is killed by its timeout after it ran. */
  readonly killInvocation?: (fn: { logicalId: string; handler: string }) => boolean;
  /** The virtual clock (shared with a test that wants to move time). */
  readonly clock?: VirtualClock;
}

export type RequestType = 'Create' | 'Update' | 'Delete';
export type Phase = 'deploy' | 'rollback' | 'cleanup' | 'destroy';

export interface EventRecord {
  readonly requestType: RequestType;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason?: string;
  readonly data?: Record<string, string>;
  /** isComplete invocations it took. */
  readonly polls: number;
  /** True for a request sent to roll back a failed deployment. */
  readonly rollback: boolean;
  readonly phase: Phase;
  /** Size of the response body the framework PUT, when one arrived. */
  readonly responseBytes?: number;
  /** Virtual milliseconds from request to verdict. */
  readonly elapsedMs: number;
  /** CloudFormation gave up waiting for a response. */
  readonly timedOut: boolean;
  /** Handler writes (Connect updates) that started after CloudFormation gave up on this request. */
  readonly lateWrites: number;
}

export type DeployStatus = 'SUCCEEDED' | 'ROLLED_BACK' | 'ROLLBACK_FAILED' | 'NO_CHANGES' | 'DELETE_FAILED';

export interface DeployResult {
  readonly status: DeployStatus;
  readonly events: readonly EventRecord[];
  /** The first failure's reason. */
  readonly reason?: string;
  /** Deletes of the cleanup phase that failed (the stack still completes, the resource is left behind). */
  readonly cleanupFailures: readonly EventRecord[];
}

export interface ScheduledRunResult {
  readonly rule: string;
  readonly summary?: string;
  readonly error?: string;
  /** Invocations Lambda made (1 + its asynchronous retries). */
  readonly attempts: number;
  /** Where the failed event went (the function's on-failure destination), if anywhere. */
  readonly failureDestination?: string;
}

interface DeployedResource {
  readonly type: string;
  readonly raw: CfnResourceJson;
  /** Resolved; for custom resources as delivered (string-typed). */
  readonly properties: Record<string, unknown>;
  readonly physicalId: string;
  readonly data?: Record<string, string>;
}

interface StackState {
  readonly name: string;
  readonly stackId: string;
  readonly account: string;
  readonly region: string;
  readonly deployed: Map<string, DeployedResource>;
  /** Role name → inline policy name → document: what IAM holds. */
  readonly inlinePolicies: Map<string, Map<string, PolicyDocument>>;
}

interface Step {
  readonly logicalId: string;
  readonly before?: DeployedResource;
  /** The properties this deployment asked for. */
  readonly attempted: Record<string, unknown>;
}

const CUSTOM_RESOURCE = /^(Custom::|AWS::CloudFormation::CustomResource$)/;

export class LocalCloudFormation {
  /** Every custom resource request sent, across deployments, in order. */
  readonly events: EventRecord[] = [];
  /** Everything the functions printed (when quiet). */
  readonly logs: string[] = [];
  readonly clock: VirtualClock;
  private readonly stacks = new Map<string, StackState>();
  private lastNonce = 0;
  private readonly assetDirs = new Map<string, string>();
  private current?: StackState;
  private modules: ModuleCache = new Map();

  constructor(private readonly options: LocalCloudFormationOptions) {
    this.clock = options.clock ?? new VirtualClock();
  }

  /** The deployed custom resources of the last stack: logical id → physical id, properties (as delivered) and Data. */
  resources(): ReadonlyMap<string, { physicalId: string; properties: Record<string, unknown>; data?: Record<string, string> }> {
    const out = new Map<string, DeployedResource>();
    for (const [id, r] of this.current?.deployed ?? []) if (CUSTOM_RESOURCE.test(r.type)) out.set(id, r);
    return out;
  }

  /** The inline policy documents of a role of the last stack, as IAM holds them now. */
  policiesInForce(roleLogicalId: string): PolicyDocument[] {
    const state = this.requireState();
    return [...(state.inlinePolicies.get(this.physicalName(state, roleLogicalId)) ?? new Map()).values()];
  }

  /**
   * Deploys (creates or updates) a stack of a synthesized cloud assembly. With `resynth`, the
   * phone-config resources get a new deployment nonce (a later ISO time), exactly what a new
   * `cdk synth` of the same code changes: tests can redeploy one assembly as `cdk deploy` would
   * without bundling it again.
   */
  async deploy(cdkOut: string, stackName?: string, options: { resynth?: boolean } = {}): Promise<DeployResult> {
    const found = findStack(cdkOut, stackName);
    const stack = options.resynth ? withNewNonce(found, this.nonceAfter(found.stackName)) : found;
    const result = await this.clock.run(async (): Promise<DeployResult> => {
      const state = this.stateFor(stack);
      this.modules = new Map();
      this.registerAssets(stack);
      const template = stack.template.Resources;
      const previous = deployedTemplate(state);
      const events: EventRecord[] = [];
      const steps: Step[] = [];
      const cleanup: { logicalId: string; resource: DeployedResource }[] = [];
      for (const logicalId of dependencyOrder(template)) {
        const raw = template[logicalId];
        const before = state.deployed.get(logicalId);
        const attempted = this.resolveProperties(state, template, raw);
        if (before && before.type === raw.Type && sameJson(before.properties, attempted)) {
          state.deployed.set(logicalId, { ...before, raw });
          continue;
        }
        steps.push({ logicalId, before, attempted });
        const failure = await this.applyChange(state, template, logicalId, raw, attempted, before, events);
        if (failure) {
          const rolledBack = await this.rollback(state, template, previous, steps, events);
          return { status: rolledBack.ok ? 'ROLLED_BACK' : 'ROLLBACK_FAILED', events, reason: failure.reason, cleanupFailures: rolledBack.cleanupFailures };
        }
        const after = state.deployed.get(logicalId) as DeployedResource;
        if (before && this.replaced(before, after)) cleanup.push({ logicalId, resource: before });
      }
      for (const [logicalId, resource] of [...state.deployed]) {
        if (!(logicalId in template)) {
          cleanup.push({ logicalId, resource });
          state.deployed.delete(logicalId);
        }
      }
      const cleanupFailures = await this.deleteAll(state, previous, cleanup, 'cleanup', events);
      return { status: steps.length === 0 ? 'NO_CHANGES' : 'SUCCEEDED', events, cleanupFailures };
    });
    // What CloudFormation's GetTemplate would answer now (what `plan` compares against).
    const state = this.stacks.get(stack.stackName);
    if (state) this.options.emulator.setDeployedTemplate(state.name, { Resources: deployedTemplate(state) });
    return result;
  }

  /** Deletes every resource of the last deployed stack (or `stackName`), as `cdk destroy` would. */
  async destroy(stackName?: string): Promise<DeployResult> {
    const state = stackName ? this.stacks.get(stackName) : this.current;
    if (!state) throw new Error('deploy a stack first');
    return this.clock.run(async () => {
      this.modules = new Map();
      const events: EventRecord[] = [];
      const template: Resources = deployedTemplate(state);
      for (const logicalId of [...dependencyOrder(template)].reverse()) {
        const resource = state.deployed.get(logicalId) as DeployedResource;
        const record = await this.deleteResource(state, logicalId, resource, 'destroy');
        if (record) events.push(record);
        if (record?.status === 'FAILED') {
          return { status: 'DELETE_FAILED', events, reason: record.reason, cleanupFailures: [] };
        }
        state.deployed.delete(logicalId);
      }
      this.options.emulator.setDeployedTemplate(state.name, undefined);
      return { status: 'SUCCEEDED', events, cleanupFailures: [] };
    });
  }

  /**
   * Runs the schedules (EventBridge rules with a Lambda target and an input) of the last stack
   * once, as an asynchronous invocation: Lambda retries a failed event as the function's
   * EventInvokeConfig says (twice by default, a minute and then two apart), then sends it to
   * the on-failure destination if one is configured.
   */
  async runSchedules(): Promise<ScheduledRunResult[]> {
    const state = this.requireState();
    return this.clock.run(async () => {
      this.modules = new Map();
      const template: Resources = deployedTemplate(state);
      const runs: ScheduledRunResult[] = [];
      for (const [logicalId, resource] of state.deployed) {
        if (resource.type !== 'AWS::Events::Rule') continue;
        for (const target of (resource.properties.Targets ?? []) as { Arn: string; Input?: string }[]) {
          if (target.Input === undefined) continue;
          const fn = this.functionByArn(state, template, target.Arn);
          const config = [...state.deployed.values()].find((r) => r.type === 'AWS::Lambda::EventInvokeConfig' && r.properties.FunctionName === fn.name);
          const retries = Number(config?.properties.MaximumRetryAttempts ?? 2);
          const destination = (config?.properties.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)?.OnFailure?.Destination;
          let attempts = 0;
          let error: string | undefined;
          let summary: string | undefined;
          for (let attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) this.clock.advance(attempt * 60_000);
            attempts++;
            const answer = await invokeFunction(fn, JSON.parse(target.Input), { ...this.invocation(state, template, fn), stdout: (line) => this.print(line) }, this.modules);
            const payload = JSON.parse(Buffer.from(answer.Payload).toString('utf8') || 'null') as { summary?: string; errorMessage?: string } | null;
            if (!answer.FunctionError) {
              summary = payload?.summary;
              error = undefined;
              break;
            }
            error = payload?.errorMessage;
          }
          runs.push({ rule: logicalId, summary, error, attempts, failureDestination: error !== undefined ? destination : undefined });
        }
      }
      return runs;
    });
  }

  /** Just after the newest nonce deployed in the stack: the next synth, and no later than a real one made afterwards. */
  private nonceAfter(stackName: string): string {
    const deployed = [...(this.stacks.get(stackName)?.deployed.values() ?? [])].map((r) => Date.parse(String(r.properties.DeploymentNonce ?? ''))).filter((t) => !Number.isNaN(t));
    this.lastNonce = Math.max(this.lastNonce, ...deployed) + 1;
    return new Date(this.lastNonce).toISOString();
  }

  // ---- one resource ---------------------------------------------------------------

  /** Creates or updates one resource; returns the failure, if it failed. */
  private async applyChange(state: StackState, template: Resources, logicalId: string, raw: CfnResourceJson, properties: Record<string, unknown>, before: DeployedResource | undefined, events: EventRecord[]): Promise<EventRecord | undefined> {
    if (!CUSTOM_RESOURCE.test(raw.Type)) {
      this.putInfrastructure(state, template, logicalId, raw, properties, before);
      return undefined;
    }
    const record = await this.send(state, template, {
      requestType: before ? 'Update' : 'Create', logicalId, properties, oldProperties: before?.properties, physicalId: before?.physicalId, phase: 'deploy',
    });
    events.push(record);
    if (record.status === 'FAILED') {
      // A failed Create is recorded with the physical id the framework answered (its
      // CREATE_FAILED marker), so the rollback's Delete carries it; a failed Update keeps the old.
      if (!before) state.deployed.set(logicalId, { type: raw.Type, raw, properties, physicalId: record.physicalId ?? `failed-${logicalId}` });
      return record;
    }
    state.deployed.set(logicalId, { type: raw.Type, raw, properties, physicalId: record.physicalId as string, data: record.data });
    return undefined;
  }

  /** Everything that is not a custom resource takes effect at once; IAM policies change what IAM holds. */
  private putInfrastructure(state: StackState, template: Resources, logicalId: string, raw: CfnResourceJson, properties: Record<string, unknown>, before: DeployedResource | undefined): void {
    const stackParams = stackParameters(this.naming(state, template));
    const physicalId = String(resolveIntrinsics({ Ref: logicalId }, stackParams));
    const resource: DeployedResource = { type: raw.Type, raw, properties, physicalId };
    if (raw.Type === 'AWS::IAM::Policy') {
      // A renamed policy is a replacement: the new one is put now, the old one deleted in cleanup.
      if (before && !this.replaced(before, resource)) this.removePolicy(state, before);
      this.putPolicy(state, properties);
    }
    if (raw.Type === 'AWS::IAM::Role') {
      const role = physicalId;
      if (before) for (const p of (before.properties.Policies ?? []) as { PolicyName: string }[]) state.inlinePolicies.get(role)?.delete(p.PolicyName);
      for (const p of (properties.Policies ?? []) as { PolicyName: string; PolicyDocument: PolicyDocument }[]) this.inline(state, role).set(p.PolicyName, p.PolicyDocument);
    }
    state.deployed.set(logicalId, resource);
  }

  private putPolicy(state: StackState, properties: Record<string, unknown>): void {
    for (const role of (properties.Roles ?? []) as string[]) this.inline(state, role).set(String(properties.PolicyName), properties.PolicyDocument as PolicyDocument);
  }

  /** DeleteRolePolicy by name: whatever policy holds that name on the role is gone. */
  private removePolicy(state: StackState, resource: DeployedResource): void {
    for (const role of (resource.properties.Roles ?? []) as string[]) state.inlinePolicies.get(role)?.delete(String(resource.properties.PolicyName));
  }

  private replaced(before: DeployedResource, after: DeployedResource): boolean {
    if (CUSTOM_RESOURCE.test(after.type)) return before.physicalId !== after.physicalId;
    if (after.type === 'AWS::IAM::Policy') return before.properties.PolicyName !== after.properties.PolicyName;
    return false;
  }

  /** Deletes one resource; custom resources get a Delete request. */
  private async deleteResource(state: StackState, logicalId: string, resource: DeployedResource, phase: Phase): Promise<EventRecord | undefined> {
    if (CUSTOM_RESOURCE.test(resource.type)) {
      const template: Resources = deployedTemplate(state);
      return this.send(state, template, { requestType: 'Delete', logicalId, properties: resource.properties, physicalId: resource.physicalId, phase });
    }
    if (resource.type === 'AWS::IAM::Policy') this.removePolicy(state, resource);
    if (resource.type === 'AWS::IAM::Role') state.inlinePolicies.delete(resource.physicalId);
    return undefined;
  }

  /** Deletes `items` in reverse dependency order of `template`; returns the failed Deletes. */
  private async deleteAll(state: StackState, template: Resources, items: { logicalId: string; resource: DeployedResource }[], phase: Phase, events: EventRecord[]): Promise<EventRecord[]> {
    const rank = new Map(dependencyOrder({ ...Object.fromEntries(items.map((i) => [i.logicalId, i.resource.raw])), ...template }).map((id, i) => [id, i]));
    const ordered = [...items].sort((a, b) => (rank.get(b.logicalId) ?? 0) - (rank.get(a.logicalId) ?? 0));
    const failures: EventRecord[] = [];
    for (const { logicalId, resource } of ordered) {
      const record = await this.deleteResource(state, logicalId, resource, phase);
      if (record) events.push(record);
      if (record?.status === 'FAILED') failures.push(record);
    }
    return failures;
  }

  /**
   * Rolls back the steps of a failed deployment, last first: created resources are deleted,
   * updated ones get their old properties back (a custom resource through an Update with old
   * and new swapped). Then what the rollback replaced is deleted.
   */
  private async rollback(state: StackState, template: Resources, previous: Resources, steps: Step[], events: EventRecord[]): Promise<{ ok: boolean; cleanupFailures: EventRecord[] }> {
    const replacedByRollback: { logicalId: string; resource: DeployedResource }[] = [];
    for (const step of [...steps].reverse()) {
      const current = state.deployed.get(step.logicalId) as DeployedResource;
      if (!step.before) {
        const record = await this.deleteResource(state, step.logicalId, current, 'rollback');
        if (record) events.push(record);
        if (record?.status === 'FAILED') return { ok: false, cleanupFailures: [] };
        state.deployed.delete(step.logicalId);
        continue;
      }
      const before = step.before;
      if (!CUSTOM_RESOURCE.test(before.type)) {
        if (this.replaced(before, current)) this.removePolicy(state, current);
        this.putInfrastructure(state, previous, step.logicalId, before.raw, before.properties, undefined);
        continue;
      }
      const record = await this.send(state, template, {
        requestType: 'Update', logicalId: step.logicalId, properties: before.properties, oldProperties: step.attempted, physicalId: current.physicalId, phase: 'rollback',
      });
      events.push(record);
      if (record.status === 'FAILED') return { ok: false, cleanupFailures: [] };
      if (record.physicalId !== current.physicalId) replacedByRollback.push({ logicalId: step.logicalId, resource: { ...current, properties: step.attempted } });
      state.deployed.set(step.logicalId, { ...before, physicalId: record.physicalId as string, data: record.data ?? before.data });
    }
    const cleanupFailures = await this.deleteAll(state, template, replacedByRollback, 'rollback', events);
    return { ok: true, cleanupFailures };
  }

  // ---- one request ----------------------------------------------------------------

  private async send(state: StackState, template: Resources, request: { requestType: RequestType; logicalId: string; properties: Record<string, unknown>; oldProperties?: Record<string, unknown>; physicalId?: string; phase: Phase }): Promise<EventRecord> {
    const requestId = randomUUID();
    const event = {
      RequestType: request.requestType,
      ServiceToken: request.properties.ServiceToken,
      ResponseURL: `https://cloudformation-custom-resource-response-${state.region.replace(/-/g, '')}.s3.amazonaws.com/${encodeURIComponent(state.stackId)}%7C${request.logicalId}%7C${requestId}?X-Amz-Signature=local`,
      StackId: state.stackId,
      RequestId: requestId,
      LogicalResourceId: request.logicalId,
      ResourceType: state.deployed.get(request.logicalId)?.type ?? template[request.logicalId]?.Type,
      ResourceProperties: request.properties,
      ...(request.requestType === 'Update' ? { OldResourceProperties: request.oldProperties } : {}),
      ...(request.requestType !== 'Create' ? { PhysicalResourceId: request.physicalId } : {}),
    };
    const timeout = Number(request.properties.ServiceTimeout ?? DEFAULT_SERVICE_TIMEOUT_SECONDS);
    const writesBefore = this.options.emulator.calls().length;
    const outcome: DeliveryOutcome = await deliverRequest(this.world(state, template), event, timeout, (typeof this.options.deliverTwice === 'function' ? this.options.deliverTwice() : this.options.deliverTwice) ? 2 : 1);
    const lateWrites = this.options.emulator.calls().slice(writesBefore)
      .filter((c) => (c.operation === 'UpdateUserPhoneConfig' || c.operation === 'UpdateUserConfig') && c.at > outcome.deadline).length;
    const record: EventRecord = {
      requestType: request.requestType,
      logicalId: request.logicalId,
      physicalId: outcome.physicalId ?? request.physicalId,
      status: outcome.status,
      reason: outcome.reason,
      data: outcome.data,
      polls: outcome.polls,
      rollback: request.phase === 'rollback',
      phase: request.phase,
      responseBytes: outcome.responseBytes,
      elapsedMs: outcome.elapsedMs,
      timedOut: outcome.timedOut,
      lateWrites,
    };
    this.events.push(record);
    return record;
  }

  private world(state: StackState, template: Resources): RuntimeWorld {
    return {
      clock: this.clock,
      modules: this.modules,
      functionByArn: (arn) => this.functionByArn(state, template, arn),
      waiterByArn: (arn) => this.waiterByArn(state, template, arn),
      envFor: (fn) => this.invocation(state, template, fn).env,
      quietConsole: (fn) => {
        const level = ((state.deployed.get(fn.logicalId)?.properties.LoggingConfig ?? {}) as { ApplicationLogLevel?: string }).ApplicationLogLevel;
        return level === 'WARN' || level === 'ERROR' || level === 'FATAL';
      },
      budgetMs: this.options.invocationBudgetMs,
      stdout: (line) => this.print(line),
      forceTimeout: (fn) => this.options.killInvocation?.({ logicalId: fn.logicalId, handler: fn.handler }) ?? false,
    };
  }

  /**
   * What an invocation of `fn` runs with: the emulator's endpoints, and credentials of its own
   * role, whose policies in force the emulator checks each request against.
   */
  private invocation(state: StackState, template: Resources, fn: DeployedFunction): { clock: VirtualClock; env: Record<string, string>; budgetMs?: number } {
    const role = this.roleOf(state, template, fn.logicalId);
    const accessKeyId = `ASIA${createHash('sha256').update(role).digest('hex').slice(0, 16).toUpperCase()}`;
    this.options.emulator.enforceIam(accessKeyId, {
      arn: `arn:aws:sts::${state.account}:assumed-role/${role}/${fn.name}`,
      allows: (p) => isAllowed([...(state.inlinePolicies.get(role)?.values() ?? [])], p.action, p.resource),
    });
    const env = { ...this.options.emulator.clientEnv(), AWS_ACCESS_KEY_ID: accessKeyId, ...(fn.handler.startsWith('framework.') ? {} : this.options.handlerEnv) };
    return { clock: this.clock, env, budgetMs: this.options.invocationBudgetMs };
  }

  private print(line: string): void {
    if (this.options.quiet ?? true) this.logs.push(line);
    else process.stdout.write(line + '\n');
  }

  // ---- what is deployed -----------------------------------------------------------

  private functionByArn(state: StackState, template: Resources, arn: string): DeployedFunction {
    const name = arn.split(':').slice(6).join(':').split(':')[0];
    for (const [logicalId, r] of state.deployed) {
      if (r.type !== 'AWS::Lambda::Function' || this.physicalName(state, logicalId, template) !== name) continue;
      const key = String((r.properties.Code as { S3Key?: string } | undefined)?.S3Key);
      const codeDir = this.assetDirs.get(key);
      if (!codeDir) throw new Error(`the code asset ${key} of function ${logicalId} is not in any assembly deployed`);
      const env = ((r.properties.Environment as { Variables?: Record<string, string> } | undefined)?.Variables) ?? {};
      return {
        logicalId,
        name,
        arn,
        codeDir,
        handler: String(r.properties.Handler),
        timeoutSeconds: Number(r.properties.Timeout ?? 3),
        environment: env,
        logGroup: String((r.properties.LoggingConfig as { LogGroup?: string } | undefined)?.LogGroup ?? `/aws/lambda/${name}`),
      };
    }
    throw new Error(`ResourceNotFoundException: Function not found: ${arn}`);
  }

  private waiterByArn(state: StackState, template: Resources, arn: string): WaiterDefinition {
    for (const [logicalId, r] of state.deployed) {
      if (r.type !== 'AWS::StepFunctions::StateMachine') continue;
      if (String(resolveIntrinsics({ Ref: logicalId }, stackParameters(this.naming(state, template)))) !== arn) continue;
      const definition = JSON.parse(String(r.properties.DefinitionString)) as { States: Record<string, { Resource: string; Retry?: { IntervalSeconds: number; MaxAttempts: number; BackoffRate: number }[] }> };
      const task = definition.States['framework-isComplete-task'];
      const retry = task.Retry?.[0] ?? { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 };
      return {
        isCompleteArn: task.Resource,
        onTimeoutArn: definition.States['framework-onTimeout-task'].Resource,
        intervalSeconds: retry.IntervalSeconds,
        maxAttempts: retry.MaxAttempts,
        backoffRate: retry.BackoffRate,
      };
    }
    throw new Error(`StateMachineDoesNotExist: ${arn}`);
  }

  private roleOf(state: StackState, template: Resources, functionLogicalId: string): string {
    const role = state.deployed.get(functionLogicalId)?.raw.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
    const roleId = role?.['Fn::GetAtt']?.[0];
    return roleId ? this.physicalName(state, roleId, template) : 'unknown-role';
  }

  private physicalName(state: StackState, logicalId: string, template?: Resources): string {
    const resources = template ?? deployedTemplate(state);
    return String(resolveIntrinsics({ Ref: logicalId }, stackParameters(this.naming(state, resources))));
  }

  private naming(state: StackState, template: Resources) {
    const physicalIds = new Map([...state.deployed].filter(([, r]) => CUSTOM_RESOURCE.test(r.type)).map(([id, r]) => [id, r.physicalId]));
    return { stackName: state.name, accountId: state.account, region: state.region, resources: { ...deployedTemplate(state), ...template }, physicalIds };
  }

  /** CloudFormation's view of a resource's properties: resolved; for custom resources, string-typed. */
  private resolveProperties(state: StackState, template: Resources, raw: CfnResourceJson): Record<string, unknown> {
    const resolved = resolveIntrinsics(raw.Properties ?? {}, stackParameters(this.naming(state, template))) as Record<string, unknown>;
    if (!CUSTOM_RESOURCE.test(raw.Type)) return resolved;
    const { ServiceToken, ...rest } = resolved;
    return { ServiceToken, ...(stringifyScalars(rest) as Record<string, unknown>) };
  }

  private stateFor(stack: AssemblyStack): StackState {
    const known = (v: string) => v !== 'unknown-account' && v !== 'unknown-region';
    let state = this.stacks.get(stack.stackName);
    if (!state) {
      const account = known(stack.account) ? stack.account : this.options.emulator.accountId;
      const region = known(stack.region) ? stack.region : this.options.emulator.region;
      state = {
        name: stack.stackName,
        stackId: `arn:aws:cloudformation:${region}:${account}:stack/${stack.stackName}/${randomUUID()}`,
        account,
        region,
        deployed: new Map(),
        inlinePolicies: new Map(),
      };
      this.stacks.set(stack.stackName, state);
    }
    this.current = state;
    return state;
  }

  private requireState(): StackState {
    if (!this.current) throw new Error('deploy a stack first');
    return this.current;
  }

  private inline(state: StackState, role: string): Map<string, PolicyDocument> {
    let policies = state.inlinePolicies.get(role);
    if (!policies) state.inlinePolicies.set(role, (policies = new Map()));
    return policies;
  }

  /** Code assets are found by key; file assets (a large fleet's desired state) are uploaded to the emulator's S3. */
  private registerAssets(stack: AssemblyStack): void {
    const state = this.requireState();
    const params = { accountId: state.account, region: state.region, stackName: stack.stackName };
    for (const asset of stack.fileAssets) {
      this.assetDirs.set(asset.objectKey, asset.sourcePath);
      if (asset.packaging !== 'file' || !fs.existsSync(asset.sourcePath) || !fs.statSync(asset.sourcePath).isFile()) continue;
      const bucket = resolveIntrinsics({ 'Fn::Sub': asset.bucketName }, params) as string;
      this.options.emulator.putObject(bucket, asset.objectKey, fs.readFileSync(asset.sourcePath));
    }
  }
}

/** The template as deployed now: each resource as CloudFormation last applied it. */
function deployedTemplate(state: StackState): Resources {
  return Object.fromEntries([...state.deployed].map(([id, r]) => [id, r.raw]));
}

function withNewNonce(stack: AssemblyStack, nonce: string): AssemblyStack {
  const resources = Object.fromEntries(Object.entries(stack.template.Resources).map(([id, r]) => [id,
    r.Type === RESOURCE_TYPE && r.Properties?.DeploymentNonce !== undefined ? { ...r, Properties: { ...r.Properties, DeploymentNonce: nonce } } : r]));
  return { ...stack, template: { ...stack.template, Resources: resources } };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
