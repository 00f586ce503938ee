import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CallCount, CallLog, CallRecord } from './call-log';
import { ConnectRequest, executeConnect } from './connect-handlers';
import { RequiredPermission, accessDeniedMessage, accessKeyOf, connectPermission, s3Permission, ssmPermission } from './authorization';
import { ConnectApiError } from './errors';
import { ConsoleEdit, CreateHierarchyGroupOptions, CreateUserOptions, EmulatorState } from './emulator-state';
import { FaultInjector, FaultOptions } from './faults';
import { ConnectOperation, EmulatorOperation } from './operations';
import { QuotaOptions, QuotaTable } from './quotas';
import { Route, matchRoute } from './routes';
import { S3ObjectStore, s3Error } from './s3-objects';
import { SsmOperation, SsmParameterStore } from './ssm-parameters';
import { EmulatedUser, describeUserView } from './user-views';

export interface ConnectEmulatorOptions extends QuotaOptions {
  /** Only '127.0.0.1' is accepted: the emulator has no authentication and must not be reachable. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly accountId?: string;
  readonly region?: string;
  readonly faults?: FaultOptions;
  /** Monotonic milliseconds for quotas; inject a fake clock to test refill deterministically. */
  readonly clock?: () => number;
  /** Epoch milliseconds for LastModifiedTime and the call log. */
  readonly now?: () => number;
  /** How many call records to keep (counts stay exact beyond it). Default 100,000. */
  readonly callLogLimit?: number;
  /** Largest accepted request body. Default 64 MiB. */
  readonly maxBodyBytes?: number;
}

/** Environment variables that point an SDK v3 client (or a handler under test) at the emulator. */
export interface EmulatorClientEnv {
  readonly AWS_ENDPOINT_URL_CONNECT: string;
  readonly AWS_ENDPOINT_URL_S3: string;
  readonly AWS_ENDPOINT_URL_SSM: string;
  readonly AWS_ENDPOINT_URL_STS: string;
  readonly AWS_ENDPOINT_URL_CLOUDFORMATION: string;
  readonly AWS_REGION: string;
  readonly AWS_ACCESS_KEY_ID: string;
  readonly AWS_SECRET_ACCESS_KEY: string;
}

const LOOPBACK = '127.0.0.1';

class BodyTooLarge extends Error {}

/**
 * A local Amazon Connect (user phone settings subset) plus a minimal S3, served over HTTP
 * on the loopback interface so the real SDK clients exercise their real serializers,
 * error parsing and retry logic against it.
 *
 * Request pipeline for Connect operations, in this order so that every refusal leaves the
 * state untouched: injected latency → injected fault → quota → validation → state change.
 * Injected faults do not consume quota, mimicking a failure before the request is metered.
 */
export class ConnectEmulator {
  static async start(options: ConnectEmulatorOptions = {}): Promise<ConnectEmulator> {
    const emulator = new ConnectEmulator(options);
    await emulator.listen(options.port ?? 0);
    return emulator;
  }

  private readonly state: EmulatorState;
  private readonly s3 = new S3ObjectStore();
  /** SSM Parameter Store (the handler keeps original settings there for the `restore` removal policy). */
  readonly ssm = new SsmParameterStore();
  private readonly log: CallLog;
  private readonly faultInjector: FaultInjector;
  private quotaTable: QuotaTable;
  private readonly clock: () => number;
  private readonly now: () => number;
  private readonly maxBodyBytes: number;
  private readonly server: http.Server;
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private boundPort = 0;
  private stopped = false;
  /** Access key id → the principal whose IAM policy a signed request is checked against. */
  private readonly principals = new Map<string, Principal>();
  /** Every request IAM refused, in order: what was asked, and by whom. */
  readonly denials: { action: string; resource: string; principal: string }[] = [];

  private constructor(options: ConnectEmulatorOptions) {
    const host = options.host ?? LOOPBACK;
    if (host !== LOOPBACK) {
      throw new Error(`ConnectEmulator only binds to ${LOOPBACK}, refusing ${host}`);
    }
    this.clock = options.clock ?? (() => performance.now());
    // Read at each call (not captured), so a harness that moves Date.now (virtual time) is seen.
    this.now = options.now ?? (() => Date.now());
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
    this.state = new EmulatorState({
      accountId: options.accountId ?? '123456789012',
      region: options.region ?? 'us-east-1',
      now: this.now,
    });
    this.log = new CallLog(options.callLogLimit ?? 100_000);
    this.faultInjector = new FaultInjector(options.faults);
    this.quotaTable = new QuotaTable(options, this.clock());
    this.server = http.createServer({ keepAlive: true }, (req, res) => {
      this.serve(req, res).catch((err: unknown) => this.answerUnexpected(res, err));
    });
  }

  // ---- lifecycle -------------------------------------------------------------------

  get port(): number {
    return this.boundPort;
  }

  get endpoint(): string {
    return `http://${LOOPBACK}:${this.boundPort}`;
  }

  get region(): string {
    return this.state.region;
  }

  get accountId(): string {
    return this.state.accountId;
  }

  /**
   * Makes requests signed with `accessKeyId` subject to IAM: each is checked against the
   * documents `policies()` returns at that moment (so a harness can change the policy in force
   * mid-deployment), and refused with AccessDeniedException (403) when they do not allow it.
   * Requests signed with any other key (tests seeding users, the console) are not checked.
   */
  enforceIam(accessKeyId: string, principal: Principal): void {
    this.principals.set(accessKeyId, principal);
  }

  /**
   * The template CloudFormation holds for a stack (LocalCloudFormation keeps it current), answered
   * to CloudFormation GetTemplate; `undefined` once the stack is deleted.
   */
  setDeployedTemplate(stackName: string, template: unknown): void {
    if (template === undefined) this.deployedTemplates.delete(stackName);
    else this.deployedTemplates.set(stackName, JSON.stringify(template));
  }

  private readonly deployedTemplates = new Map<string, string>();

  private answerGetTemplate(res: http.ServerResponse, requestId: string, stackName: string): void {
    const template = this.deployedTemplates.get(stackName);
    const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    if (template === undefined) {
      this.send(res, 400, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${escape(stackName)} does not exist</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
      return;
    }
    this.send(res, 200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, `<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><GetTemplateResult><TemplateBody>${escape(template)}</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable></GetTemplateResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetTemplateResponse>`);
  }

  clientEnv(): EmulatorClientEnv {
    return {
      AWS_ENDPOINT_URL_CONNECT: this.endpoint,
      AWS_ENDPOINT_URL_S3: this.endpoint,
      AWS_ENDPOINT_URL_SSM: this.endpoint,
      AWS_ENDPOINT_URL_STS: this.endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: this.endpoint,
      AWS_REGION: this.region,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.pendingTimers) clearTimeout(t);
    this.pendingTimers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive sockets held by SDK agents would otherwise keep jest alive.
    this.server.closeAllConnections();
    await closed;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, LOOPBACK, () => {
        this.server.off('error', reject);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  // ---- instances and console helpers -----------------------------------------------

  createInstance(id?: string): string {
    return this.state.createInstance(id);
  }

  instanceArn(instanceId: string): string {
    return this.state.instanceArn(instanceId);
  }

  userArn(instanceId: string, userId: string): string {
    return this.state.userArn(instanceId, userId);
  }

  /** Creates a user hierarchy group (under `parentGroupId` when given); returns its id. */
  createHierarchyGroup(instanceId: string, options: CreateHierarchyGroupOptions): string {
    return this.state.createHierarchyGroup(instanceId, options);
  }

  /** Creates a user as an administrator would in the console; returns its id. */
  createUser(instanceId: string, options: CreateUserOptions): string {
    return this.state.createUser(instanceId, options);
  }

  /** Changes a user outside the API (no quota, no faults, no call log), like a console edit. */
  consoleEdit(instanceId: string, userId: string, edit: ConsoleEdit): void {
    this.state.consoleEdit(instanceId, userId, edit);
  }

  /** Deletes an instance and its users, as if it were removed from the account. */
  deleteInstance(instanceId: string): boolean {
    return this.state.deleteInstance(instanceId);
  }

  deleteUser(instanceId: string, userId: string): boolean {
    return this.state.deleteUser(instanceId, userId);
  }

  /** The user as DescribeUser would return it (a deep copy), or undefined. */
  getUser(instanceId: string, userId: string): EmulatedUser | undefined {
    const record = this.state.findUser(instanceId, userId);
    if (!record) return undefined;
    const { LastModifiedTime, ...rest } = describeUserView(record, this.state.userArn(instanceId, userId));
    return { ...rest, LastModifiedTime: new Date(LastModifiedTime * 1000) };
  }

  findUserIdByUsername(instanceId: string, username: string): string | undefined {
    return this.state.findUserIdByUsername(instanceId, username);
  }

  /** User ids sorted by username. */
  listUserIds(instanceId: string): string[] {
    return this.state.listUserIds(instanceId);
  }

  /** Users in one instance, or in all instances when omitted. */
  userCount(instanceId?: string): number {
    return this.state.userCount(instanceId);
  }

  // ---- S3 helpers ------------------------------------------------------------------

  putObject(bucket: string, key: string, body: string | Uint8Array, contentType?: string): void {
    this.s3.putObject(bucket, key, body, contentType);
  }

  getObject(bucket: string, key: string): Buffer | undefined {
    const obj = this.s3.getObject(bucket, key);
    return obj ? Buffer.from(obj.body) : undefined;
  }

  deleteObject(bucket: string, key: string): boolean {
    return this.s3.deleteObject(bucket, key);
  }

  listObjectKeys(bucket: string): string[] {
    return this.s3.listKeys(bucket);
  }

  // ---- faults, quotas, call log ----------------------------------------------------

  /** Replaces the fault configuration; pass `seed` to restart the random sequence. */
  setFaults(faults: FaultOptions): void {
    this.faultInjector.set(faults);
  }

  get faults(): FaultOptions {
    return this.faultInjector.current;
  }

  /** Rebuilds every quota bucket (full) from new options. */
  setQuotas(options: QuotaOptions): void {
    this.quotaTable = new QuotaTable(options, this.clock());
  }

  get quotas(): ReturnType<QuotaTable['describe']> {
    return this.quotaTable.describe();
  }

  calls(): CallRecord[] {
    return this.log.list();
  }

  callCounts(): Partial<Record<EmulatorOperation, CallCount>> {
    return this.log.countsByOperation();
  }

  /**
   * When the first and the last Connect call since `resetCalls` were answered (epoch ms, on the
   * emulator's `now`): the span a run spent calling Connect, without what came before and after.
   */
  connectCallWindow(): { readonly first?: number; readonly last?: number } {
    return this.log.connectCallWindow();
  }

  resetCalls(): void {
    this.log.reset();
  }

  // ---- request handling ------------------------------------------------------------

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const route = matchRoute(req.method ?? 'GET', url.pathname);
    let body: Buffer;
    try {
      body = await readBody(req, this.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        this.answerConnectError(res, requestId, route, new ConnectApiError('InvalidRequestException', 413, 'Request body too large'));
        return;
      }
      throw err;
    }
    const principal = this.principals.get(accessKeyOf(req.headers) ?? '');
    const form = new URLSearchParams(req.method === 'POST' ? body.toString('utf8') : '');
    if (req.method === 'POST' && form.get('Action') === 'GetTemplate') {
      this.answerGetTemplate(res, requestId, form.get('StackName') ?? '');
      return;
    }
    if (req.method === 'POST' && /(^|&)Action=GetCallerIdentity(&|$)/.test(body.toString('utf8'))) {
      // STS GetCallerIdentity (awsQuery protocol): who the credentials are, for `plan`.
      const xml = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${this.accountId}:user/emulator</Arn><UserId>AIDAEMULATOR</UserId><Account>${this.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
      this.send(res, 200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, xml);
      return;
    }
    const target = req.headers['x-amz-target'];
    if (req.method === 'POST' && typeof target === 'string' && target.startsWith('AmazonSSM.')) {
      const operation = target.slice('AmazonSSM.'.length);
      const denied = principal && this.denied(principal, ssmPermission(operation, safeJson(body), this.region, this.accountId));
      if (denied) {
        this.send(res, 400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'x-amzn-errortype': 'AccessDeniedException' }, JSON.stringify({ __type: 'AccessDeniedException', message: denied }));
        this.record({ operation: operation as SsmOperation, status: 400, errorType: 'AccessDeniedException' });
        return;
      }
      this.serveSsm(res, requestId, operation, body);
      return;
    }
    if (route.kind === 's3') {
      const denied = principal && this.denied(principal, s3Permission(route));
      if (denied) {
        const answer = s3Error(403, 'AccessDenied', denied, route.bucket, route.key, requestId);
        this.send(res, answer.status, { ...answer.headers, 'x-amz-request-id': requestId }, answer.body);
        this.record({ operation: route.operation, status: 403, errorType: 'AccessDenied' });
        return;
      }
      this.serveS3(res, requestId, route, req, body);
      return;
    }
    if (route.kind === 'unknown') {
      this.answerConnectError(res, requestId, route,
        new ConnectApiError('UnknownOperationException', 404, `No operation at ${req.method} ${url.pathname}`));
      return;
    }
    if (principal) {
      const instanceId = route.instanceId ?? bodyInstanceId(safeJson(body));
      const denied = this.denied(principal, connectPermission(route, instanceId, this.region, this.accountId));
      if (denied) {
        this.answerConnectError(res, requestId, { ...route, instanceId }, new ConnectApiError('AccessDeniedException', 403, denied));
        return;
      }
    }
    await this.serveConnect(res, requestId, route, url.searchParams, body);
  }

  /** The AccessDenied message when the principal's policy in force refuses `permission`. */
  private denied(principal: Principal, permission: RequiredPermission): string | undefined {
    if (principal.allows(permission)) return undefined;
    this.denials.push({ ...permission, principal: principal.arn });
    return accessDeniedMessage(principal.arn, permission);
  }

  private async serveConnect(
    res: http.ServerResponse,
    requestId: string,
    route: Extract<Route, { kind: 'connect' }>,
    query: URLSearchParams,
    rawBody: Buffer,
  ): Promise<void> {
    const op: ConnectOperation = route.operation;
    let parsed: unknown;
    try {
      parsed = rawBody.length === 0 ? {} : JSON.parse(rawBody.toString('utf8'));
    } catch {
      this.answerConnectError(res, requestId, route, new ConnectApiError('InvalidRequestException', 400, 'Request body is not valid JSON'));
      return;
    }
    const logged = { ...route, instanceId: route.instanceId ?? bodyInstanceId(parsed) };

    const decision = this.faultInjector.decide(op, route.userId);
    if (decision.latencyMs > 0) {
      await this.delay(decision.latencyMs);
      if (this.stopped) return;
    }
    if (decision.fault === 'throttle') {
      this.answerConnectError(res, requestId, logged, new ConnectApiError('ThrottlingException', 429, 'Rate exceeded'));
      return;
    }
    if (decision.fault === 'serverError') {
      this.answerConnectError(res, requestId, logged, new ConnectApiError('InternalServiceException', 500, 'Injected internal service error'));
      return;
    }
    if (decision.fault === 'conflict') {
      this.answerConnectError(res, requestId, logged, new ConnectApiError('ConditionalOperationFailedException', 409, 'Request processing failed because dependent condition failed.'));
      return;
    }
    if (decision.fault === 'connectionReset') {
      this.record({ operation: op, status: 0, errorType: 'ECONNRESET', instanceId: logged.instanceId, userId: route.userId });
      res.socket?.destroy();
      return;
    }
    if (!this.quotaTable.tryTake(op, this.clock())) {
      this.answerConnectError(res, requestId, logged, new ConnectApiError('ThrottlingException', 429, 'Rate exceeded'));
      return;
    }

    const request: ConnectRequest = { operation: op, instanceId: route.instanceId, userId: route.userId, query, body: parsed };
    let result: unknown;
    try {
      result = executeConnect(this.state, request);
    } catch (err) {
      if (err instanceof ConnectApiError) {
        this.answerConnectError(res, requestId, logged, err);
        return;
      }
      throw err;
    }
    this.send(res, 200, { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId }, JSON.stringify(result));
    this.record({ operation: op, status: 200, instanceId: logged.instanceId, userId: route.userId });
  }

  private serveSsm(res: http.ServerResponse, requestId: string, operation: string, body: Buffer): void {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      input = {};
    }
    const answer = this.ssm.handle(operation, input);
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId };
    if (answer.errorType) headers['x-amzn-errortype'] = answer.errorType;
    this.send(res, answer.status, headers, JSON.stringify(answer.body));
    this.record({ operation: operation as SsmOperation, status: answer.status, errorType: answer.errorType });
  }

  private serveS3(
    res: http.ServerResponse,
    requestId: string,
    route: Extract<Route, { kind: 's3' }>,
    req: http.IncomingMessage,
    body: Buffer,
  ): void {
    const answer = this.s3.handle(req.method ?? 'GET', route.bucket, route.key, req.headers, body, requestId);
    this.send(res, answer.status, { ...answer.headers, 'x-amz-request-id': requestId }, answer.body);
    this.record({ operation: route.operation, status: answer.status, errorType: answer.errorCode });
  }

  private answerConnectError(
    res: http.ServerResponse,
    requestId: string,
    route: Route & { instanceId?: string; userId?: string },
    err: ConnectApiError,
  ): void {
    const body = JSON.stringify({ Message: err.message, message: err.message });
    this.send(res, err.status, {
      'Content-Type': 'application/json',
      'x-amzn-RequestId': requestId,
      'x-amzn-ErrorType': err.name,
    }, body);
    this.record({
      operation: route.kind === 'unknown' ? 'Unknown' : route.operation,
      status: err.status,
      errorType: err.name,
      instanceId: route.kind === 'connect' ? route.instanceId : undefined,
      userId: route.kind === 'connect' ? route.userId : undefined,
    });
  }

  private answerUnexpected(res: http.ServerResponse, err: unknown): void {
    // A bug in the emulator must still produce a well-formed answer, or the SDK hangs on retries.
    const message = err instanceof Error ? err.message : String(err);
    if (!res.headersSent) {
      this.send(res, 500, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'InternalServiceException' },
        JSON.stringify({ Message: message, message }));
    } else if (!res.writableEnded) {
      res.destroy();
    }
    this.record({ operation: 'Unknown', status: 500, errorType: 'InternalServiceException' });
  }

  private send(res: http.ServerResponse, status: number, headers: Record<string, string>, body?: string | Buffer): void {
    if (res.destroyed || res.writableEnded) return;
    const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const out: Record<string, string> = { ...headers };
    if (payload !== undefined && out['Content-Length'] === undefined) out['Content-Length'] = String(payload.length);
    if (payload === undefined && out['Content-Length'] === undefined) out['Content-Length'] = '0';
    res.writeHead(status, out);
    // A HEAD answer advertises the object's length but must not carry a body.
    res.end(res.req.method === 'HEAD' ? undefined : payload);
  }

  private record(r: Omit<CallRecord, 'at'>): void {
    const rec: CallRecord = { ...r, at: this.now() };
    // Drop undefined members so records compare cleanly with toEqual/toMatchObject.
    for (const k of Object.keys(rec) as Array<keyof CallRecord>) {
      if (rec[k] === undefined) delete (rec as unknown as Record<string, unknown>)[k];
    }
    this.log.add(rec);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pendingTimers.delete(t);
        resolve();
      }, ms);
      this.pendingTimers.add(t);
    });
  }
}

function bodyInstanceId(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null) {
    const id = (body as Record<string, unknown>).InstanceId;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        reject(err);
      }
    });
  });
}

/** A caller whose requests are authorized: its ARN (for messages) and its policy in force. */
export interface Principal {
  readonly arn: string;
  allows(permission: RequiredPermission): boolean;
}

function safeJson(body: Buffer): Record<string, unknown> {
  try {
    const parsed = JSON.parse(body.toString('utf8') || '{}') as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
