/**
 * A local stand-in for CloudFormation and the CDK Provider framework, for end-to-end tests, the
 * demo and the benchmark. It deploys a synthesized cloud assembly the way CloudFormation would,
 * as far as this library's custom resources are concerned:
 *
 * - it runs the **bundled** handler from `cdk.out` (the asset that would be deployed), loaded
 *   fresh for each deployment with the emulator's endpoints in its environment;
 * - properties are resolved for an account and region and delivered string-typed;
 * - Create for new resources, Update (with OldResourceProperties) for changed ones, nothing for
 *   unchanged ones; a new PhysicalResourceId is a replacement, and the old id gets its Delete
 *   in the cleanup phase; removed resources are deleted;
 * - a failed deployment is rolled back: resources updated in it (the failed one included) get an
 *   Update with old and new properties swapped, resources created in it are deleted, except a
 *   failed Create (the Provider framework suppresses that Delete);
 * - `onEvent`, then `isComplete` until it reports completion, as the Provider's waiter does;
 * - file assets (a large fleet's desired state) are uploaded to the emulator's S3.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { AssemblyStack, findStack, functionAssetDir, phoneConfigResources } from '../assembly/cloud-assembly';
import { resolveIntrinsics, stringifyScalars } from '../assembly/intrinsics';
import { HANDLERS, RESOURCE_TYPE } from '../core/contract';
import { ConnectEmulator } from './connect-emulator';

export interface LocalCloudFormationOptions {
  readonly emulator: ConnectEmulator;
  /** Extra environment for the handler (e.g. `SAFETY_MARGIN_SECONDS`). */
  readonly handlerEnv?: Record<string, string>;
  /** What the fake Lambda context reports as the invocation's time budget. @default 14 minutes */
  readonly invocationBudgetMs?: number;
  /** isComplete polls before the waiter gives up (the Provider's totalTimeout). @default 330 */
  readonly maxPolls?: number;
  /** Deliver every event twice, as CloudFormation may. @default false */
  readonly deliverTwice?: boolean;
  /** Silence the handler's log lines (they go to a buffer instead). @default true */
  readonly quiet?: boolean;
}

export type RequestType = 'Create' | 'Update' | 'Delete';

export interface EventRecord {
  readonly requestType: RequestType;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason?: string;
  readonly data?: Record<string, string>;
  /** isComplete calls it took. */
  readonly polls: number;
  /** True for an event sent to roll back a failed deployment. */
  readonly rollback: boolean;
}

export interface DeployResult {
  readonly status: 'SUCCEEDED' | 'ROLLED_BACK' | 'NO_CHANGES';
  readonly events: readonly EventRecord[];
  /** The first failure's reason, when rolled back. */
  readonly reason?: string;
}

interface DeployedResource {
  readonly physicalId: string;
  readonly properties: Record<string, unknown>;
  readonly data?: Record<string, string>;
}

interface Handler {
  onEvent(event: unknown, context: unknown): Promise<{ PhysicalResourceId?: string; Data?: Record<string, string> }>;
  isComplete(event: unknown, context: unknown): Promise<{ IsComplete: boolean; Data?: Record<string, string> }>;
}

export class LocalCloudFormation {
  private readonly deployed = new Map<string, DeployedResource>();
  private stackName = 'stack';
  private handler?: Handler;
  private lastStack?: AssemblyStack;
  private readonly stackIds: Record<string, string> = {};
  /** Every event sent, across deployments, in order. */
  readonly events: EventRecord[] = [];
  /** The handler's log lines (when quiet). */
  readonly logs: string[] = [];

  constructor(private readonly options: LocalCloudFormationOptions) {}

  /** The deployed resources: logical id → physical id, properties (as delivered) and Data. */
  resources(): ReadonlyMap<string, DeployedResource> {
    return this.deployed;
  }

  /** Deploys (creates or updates) a stack of a synthesized cloud assembly. */
  async deploy(cdkOut: string, stackName?: string): Promise<DeployResult> {
    const stack = findStack(cdkOut, stackName);
    this.stackName = stack.stackName;
    this.lastStack = stack;
    this.handler = this.loadHandler(stack);
    this.uploadFileAssets(stack);
    const desired = new Map(phoneConfigResources(stack).map((r) => [r.logicalId, this.deliverable(stack, r.properties)]));
    const events: EventRecord[] = [];
    const created: string[] = [];
    const updated: { logicalId: string; before: DeployedResource }[] = [];
    const cleanup: { logicalId: string; resource: DeployedResource }[] = [];

    for (const [logicalId, properties] of desired) {
      const before = this.deployed.get(logicalId);
      if (before && sameJson(before.properties, properties)) continue;
      const record = before
        ? await this.send('Update', logicalId, properties, before)
        : await this.send('Create', logicalId, properties);
      events.push(record);
      if (record.status === 'FAILED') {
        if (before) updated.push({ logicalId, before });
        events.push(...await this.rollback(created, updated));
        return { status: 'ROLLED_BACK', events, reason: record.reason };
      }
      if (before) {
        updated.push({ logicalId, before });
        if (record.physicalId !== before.physicalId) cleanup.push({ logicalId, resource: before });
      } else {
        created.push(logicalId);
      }
      this.deployed.set(logicalId, { physicalId: record.physicalId as string, properties, data: record.data });
    }
    for (const [logicalId, resource] of [...this.deployed]) {
      if (!desired.has(logicalId)) {
        cleanup.push({ logicalId, resource });
        this.deployed.delete(logicalId);
      }
    }
    for (const { logicalId, resource } of cleanup) {
      events.push(await this.send('Delete', logicalId, resource.properties, resource));
    }
    return { status: events.length === 0 ? 'NO_CHANGES' : 'SUCCEEDED', events };
  }

  /**
   * Runs the drift-correction schedules of the last deployed stack once, as EventBridge would:
   * each rule's input (resolved) goes to the bundled `onSchedule` handler. Returns each run's
   * result or error, and the handler's log lines stay in `logs`.
   */
  async runSchedules(): Promise<{ rule: string; summary?: string; error?: string }[]> {
    const stack = this.lastStack;
    if (!stack) throw new Error('deploy a stack first');
    const handler = this.requireFresh(functionAssetDir(stack, HANDLERS.onSchedule).dir).onSchedule as (e: unknown, c: unknown) => Promise<{ summary: string }>;
    const runs: { rule: string; summary?: string; error?: string }[] = [];
    for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
      if (resource.Type !== 'AWS::Events::Rule') continue;
      for (const target of (resource.Properties?.Targets ?? []) as { Input?: unknown }[]) {
        if (target.Input === undefined) continue;
        const input = JSON.parse(resolveIntrinsics(target.Input, this.params(stack)) as string);
        try {
          const result = await this.withHandlerEnv(() => handler(input, this.context()));
          runs.push({ rule: logicalId, summary: result.summary });
        } catch (error) {
          runs.push({ rule: logicalId, error: (error as Error).message });
        }
      }
    }
    return runs;
  }

  /** Deletes every deployed resource, as `cdk destroy` would. */
  async destroy(): Promise<DeployResult> {
    const events: EventRecord[] = [];
    for (const [logicalId, resource] of [...this.deployed].reverse()) {
      events.push(await this.send('Delete', logicalId, resource.properties, resource));
      this.deployed.delete(logicalId);
    }
    const failed = events.find((e) => e.status === 'FAILED');
    return { status: failed ? 'ROLLED_BACK' : 'SUCCEEDED', events, reason: failed?.reason };
  }

  private async rollback(created: string[], updated: { logicalId: string; before: DeployedResource }[]): Promise<EventRecord[]> {
    const events: EventRecord[] = [];
    for (const { logicalId, before } of [...updated].reverse()) {
      const current = this.deployed.get(logicalId) ?? before;
      // The rollback Update carries the new properties as old and the old ones as new.
      events.push(await this.send('Update', logicalId, before.properties, { ...current, properties: current.properties }, true, before.physicalId));
      this.deployed.set(logicalId, before);
    }
    for (const logicalId of [...created].reverse()) {
      const resource = this.deployed.get(logicalId) as DeployedResource;
      events.push(await this.send('Delete', logicalId, resource.properties, resource, true));
      this.deployed.delete(logicalId);
    }
    return events;
  }

  private async send(requestType: RequestType, logicalId: string, properties: Record<string, unknown>, current?: DeployedResource, rollback = false, rollbackPhysicalId?: string): Promise<EventRecord> {
    const event = {
      RequestType: requestType,
      ServiceToken: properties.ServiceToken,
      ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/local?X-Amz-Signature=redacted',
      StackId: this.stackId(),
      RequestId: randomUUID(),
      LogicalResourceId: logicalId,
      ResourceType: RESOURCE_TYPE,
      ResourceProperties: properties,
      ...(requestType === 'Update' ? { OldResourceProperties: current?.properties } : {}),
      ...(requestType !== 'Create' ? { PhysicalResourceId: rollbackPhysicalId ?? current?.physicalId } : {}),
    };
    let record = await this.invoke(event, rollback);
    if (this.options.deliverTwice) record = await this.invoke(event, rollback);
    this.events.push(record);
    return record;
  }

  /** A stack keeps one id for its whole life; the handler uses it to name the owner of users. */
  private stackId(): string {
    this.stackIds[this.stackName] ??= `arn:aws:cloudformation:${this.options.emulator.region}:${this.options.emulator.accountId}:stack/${this.stackName}/${randomUUID()}`;
    return this.stackIds[this.stackName];
  }

  /** One event through the Provider framework: onEvent, then isComplete until complete. */
  private async invoke(event: Record<string, unknown>, rollback: boolean): Promise<EventRecord> {
    const handler = this.handler as Handler;
    const base = { requestType: event.RequestType as RequestType, logicalId: event.LogicalResourceId as string, rollback };
    let polls = 0;
    try {
      const result = await this.withHandlerEnv(() => handler.onEvent(event, this.context()));
      const physicalId = result.PhysicalResourceId ?? (event.PhysicalResourceId as string | undefined) ?? (event.RequestId as string);
      let data = result.Data;
      const maxPolls = this.options.maxPolls ?? 330;
      for (;;) {
        polls++;
        const poll = await this.withHandlerEnv(() => handler.isComplete({ ...event, PhysicalResourceId: physicalId, Data: data }, this.context()));
        data = { ...data, ...poll.Data };
        if (poll.IsComplete) break;
        if (polls >= maxPolls) throw new Error('Operation timed out');
      }
      return { ...base, physicalId, status: 'SUCCESS', data, polls };
    } catch (error) {
      return { ...base, physicalId: event.PhysicalResourceId as string | undefined, status: 'FAILED', reason: (error as Error).message, polls };
    }
  }

  private context(): unknown {
    const start = Date.now();
    const budget = this.options.invocationBudgetMs ?? 14 * 60_000;
    return {
      awsRequestId: randomUUID(),
      functionName: 'local-handler',
      getRemainingTimeInMillis: () => Math.max(0, budget - (Date.now() - start)),
    };
  }

  /** CloudFormation's view of a resource's properties: resolved, string-typed. */
  private deliverable(stack: AssemblyStack, properties: Record<string, unknown>): Record<string, unknown> {
    const params = this.params(stack);
    const resolved = resolveIntrinsics({ ...properties, ServiceToken: undefined }, params) as Record<string, unknown>;
    delete resolved.ServiceToken;
    const serviceToken = `arn:aws:lambda:${params.region}:${params.accountId}:function:${stack.stackName}-provider`;
    return { ServiceToken: serviceToken, ...(stringifyScalars(resolved) as Record<string, unknown>) };
  }

  private params(stack: AssemblyStack) {
    const known = (v: string) => v !== 'unknown-account' && v !== 'unknown-region';
    return {
      accountId: known(stack.account) ? stack.account : this.options.emulator.accountId,
      region: known(stack.region) ? stack.region : this.options.emulator.region,
      stackName: stack.stackName,
    };
  }

  private uploadFileAssets(stack: AssemblyStack): void {
    const params = this.params(stack);
    for (const asset of stack.fileAssets) {
      if (asset.packaging !== 'file' || !fs.existsSync(asset.sourcePath) || !fs.statSync(asset.sourcePath).isFile()) continue;
      const bucket = resolveIntrinsics({ 'Fn::Sub': asset.bucketName }, params) as string;
      this.options.emulator.putObject(bucket, asset.objectKey, fs.readFileSync(asset.sourcePath));
    }
  }

  private loadHandler(stack: AssemblyStack): Handler {
    const onEvent = functionAssetDir(stack, HANDLERS.onEvent);
    const isComplete = functionAssetDir(stack, HANDLERS.isComplete);
    return { onEvent: this.requireFresh(onEvent.dir).onEvent, isComplete: this.requireFresh(isComplete.dir).isComplete } as Handler;
  }

  /**
   * A fresh module instance: clients are created on first use with this deployment's endpoints.
   * Evaluated directly rather than required, because module registries (jest's among them) may
   * hand back a cached instance bound to an earlier emulator. It runs in the caller's realm, so it
   * sees the same `process.env` the harness sets (a sandbox such as jest has its own). The bundle
   * requires only Node's built-in modules, and creates its SDK clients on first use, inside an
   * invocation, where `withHandlerEnv` has set the emulator's endpoints.
   */
  private requireFresh(dir: string): Record<string, unknown> {
    const file = path.join(dir, 'index.js');
    const fresh = { exports: {} as Record<string, unknown> };
    const load = new Function('exports', 'require', 'module', '__filename', '__dirname', fs.readFileSync(file, 'utf8'));
    load(fresh.exports, require, fresh, file, dir);
    return fresh.exports;
  }

  private async withHandlerEnv<T>(run: () => Promise<T>): Promise<T> {
    const restore = this.applyEnv();
    try {
      return await run();
    } finally {
      restore();
    }
  }

  private applyEnv(): () => void {
    const env: Record<string, string> = { ...this.options.emulator.clientEnv(), SAFETY_MARGIN_SECONDS: '1', ...this.options.handlerEnv };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    const write = process.stdout.write;
    if (this.options.quiet ?? true) {
      process.stdout.write = ((chunk: string | Uint8Array) => {
        this.logs.push(String(chunk).trimEnd());
        return true;
      }) as typeof process.stdout.write;
    }
    return () => {
      process.stdout.write = write;
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
