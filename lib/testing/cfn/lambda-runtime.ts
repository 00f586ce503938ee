/**
 * Runs a function's deployed code as Lambda would for a synchronous invoke: its environment,
 * a context whose remaining time counts down from the function's timeout, and the answer shape
 * of the Node.js runtime (`FunctionError: 'Unhandled'` with `errorType`, `errorMessage` and
 * `trace` when the handler throws, `Sandbox.Timedout` when it outlives its timeout).
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export interface DeployedFunction {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** The directory of the function's code asset. */
  readonly codeDir: string;
  /** `file.export`, as in the template's `Handler`. */
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly environment: Record<string, string>;
  /** The log group the function writes to. */
  readonly logGroup: string;
}

export interface InvokeAnswer {
  readonly Payload: Uint8Array;
  readonly FunctionError?: string;
  readonly StatusCode: number;
}

export interface InvokeOptions {
  readonly clock: { now(): number };
  /** Extra environment (the emulator's endpoints, the role's credentials, test overrides). */
  readonly env: Record<string, string>;
  /** What the context reports as the time budget, when shorter than the timeout. */
  readonly budgetMs?: number;
  /** Where the function's stdout goes. */
  readonly stdout: (line: string) => void;
  /** Module substitutions by request (the Provider framework's outbound calls). */
  readonly substitutes?: Record<string, unknown>;
  /** Reports the function as timed out after it ran (an invocation killed before it answered). */
  readonly forceTimeout?: boolean;
}

/** Loaded modules, by file: one per deployment, like a warm container. */
export type ModuleCache = Map<string, Record<string, unknown>>;

export async function invokeFunction(fn: DeployedFunction, event: unknown, options: InvokeOptions, modules: ModuleCache): Promise<InvokeAnswer> {
  const [file, exportName] = splitHandler(fn.handler);
  const restore = applyEnvironment({ ...fn.environment, AWS_LAMBDA_FUNCTION_NAME: fn.name, AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup, ...options.env }, options.stdout);
  const start = options.clock.now();
  const timeoutMs = fn.timeoutSeconds * 1000;
  const budget = Math.min(timeoutMs, options.budgetMs ?? timeoutMs);
  const requestId = randomUUID();
  const context = {
    awsRequestId: requestId,
    functionName: fn.name,
    invokedFunctionArn: fn.arn,
    logGroupName: fn.logGroup,
    getRemainingTimeInMillis: () => Math.max(0, budget - (options.clock.now() - start)),
  };
  try {
    const mod = loadModule(path.join(fn.codeDir, `${file}.js`), options.substitutes ?? {}, modules);
    const handler = mod[exportName] as (e: unknown, c: unknown) => Promise<unknown>;
    if (typeof handler !== 'function') throw new Error(`Runtime.HandlerNotFound: ${fn.handler} is undefined or not exported`);
    const result = await handler(JSON.parse(JSON.stringify(event)), context);
    if (options.forceTimeout || options.clock.now() - start > timeoutMs) return timedOut(requestId, fn);
    return { StatusCode: 200, Payload: encode(result ?? null) };
  } catch (error) {
    if (options.forceTimeout || options.clock.now() - start > timeoutMs) return timedOut(requestId, fn);
    const e = error as Error;
    const payload = { errorType: e?.name ?? 'Error', errorMessage: e?.message ?? String(error), trace: String(e?.stack ?? '').split('\n') };
    return { StatusCode: 200, FunctionError: 'Unhandled', Payload: encode(payload) };
  } finally {
    restore();
  }
}

export function decodePayload(payload: Uint8Array): unknown {
  const text = Buffer.from(payload).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

function timedOut(requestId: string, fn: DeployedFunction): InvokeAnswer {
  const payload = { errorType: 'Sandbox.Timedout', errorMessage: `${new Date().toISOString()} ${requestId} Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds` };
  return { StatusCode: 200, FunctionError: 'Unhandled', Payload: encode(payload) };
}

function encode(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(value)));
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf('.');
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}

/**
 * Evaluates a CommonJS file directly rather than through `require`: module registries (jest's
 * among them) may hand back a cached instance bound to an earlier emulator. It runs in the
 * caller's realm, so it sees the `process.env` and `Date` the harness sets. Relative requires
 * load the same way; `substitutes` replace modules by request; anything else is Node's.
 */
export function loadModule(file: string, substitutes: Record<string, unknown>, modules: ModuleCache): Record<string, unknown> {
  const cached = modules.get(file);
  if (cached) return cached;
  const dir = path.dirname(file);
  const mod = { exports: {} as Record<string, unknown> };
  modules.set(file, mod.exports);
  const localRequire = (request: string): unknown => {
    if (request in substitutes) return substitutes[request];
    if (request.startsWith('./') || request.startsWith('../')) {
      const target = path.resolve(dir, request.endsWith('.js') ? request : `${request}.js`);
      return loadModule(target, substitutes, modules);
    }
    // Node's own modules (the bundles need nothing else).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(request);
  };
  const load = new Function('exports', 'require', 'module', '__filename', '__dirname', fs.readFileSync(file, 'utf8'));
  load(mod.exports, localRequire, mod, file, dir);
  modules.set(file, mod.exports);
  return mod.exports;
}

/** Sets the function's environment and captures its stdout and console; returns the undo. */
function applyEnvironment(env: Record<string, string>, stdout: (line: string) => void): () => void {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const write = process.stdout.write;
  const log = console.log;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.trim() !== '') stdout(line);
    return true;
  }) as typeof process.stdout.write;
  console.log = (...args: unknown[]) => stdout(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  return () => {
    process.stdout.write = write;
    console.log = log;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
