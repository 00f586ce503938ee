/**
 * A guard that keeps every test on the loopback interface: any attempt to open a connection to (or
 * resolve) a host other than 127.0.0.1, ::1 or localhost is recorded and refused before a packet
 * leaves the machine. test/setup.ts installs it for every test file and fails the file when
 * anything was blocked, so a test that would reach real AWS (a missing endpoint override, the
 * credential chain probing the instance metadata service) fails loudly instead of leaking.
 *
 * What is patched, in the worker process (core modules are shared by every test file of a worker):
 * - `net.Socket.prototype.connect`: every TCP client, TLS included (`tls.connect` and the https agent
 *   call it), so it covers the SDK's node-http-handler, `http`, `https` and `fetch`-less clients.
 *   Unix sockets and named pipes (`path`) are local and pass.
 * - `dns.lookup` and `dns.promises.lookup`: a name resolution for any other host is refused too,
 *   since it already sends a query to a resolver.
 * Not covered: UDP (`dgram`), `dns.resolve*` (c-ares) and undici's `fetch`, which no code here uses.
 *
 * The record lives on the `net` module object (a default import: the real, shared module, not a
 * per-file namespace copy) rather than in this module, because jest loads this
 * file once per test file while the patched prototype is shared by the whole worker.
 */
import dns from 'dns';
import net from 'net';

/** One refused attempt. */
export interface BlockedConnection {
  /** The host as the caller gave it (`connect.us-east-1.amazonaws.com`). */
  readonly host: string;
  readonly port?: number;
  readonly via: 'net.Socket.connect' | 'dns.lookup' | 'dns.promises.lookup';
  /** Where the attempt came from (a shortened stack trace). */
  readonly stack: string;
}

/** The error a refused connection fails with: recognisable by `name` and `code`. */
export class NetworkGuardError extends Error {
  readonly code = 'ERR_NETWORK_GUARD';

  constructor(readonly host: string, readonly port?: number) {
    super(`network guard: connection to ${host}${port === undefined ? '' : `:${port}`} blocked; tests may only reach 127.0.0.1, ::1 or localhost`);
    this.name = 'NetworkGuardError';
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']);

/** True for the hosts a test may reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase());
}

type Connect = typeof net.Socket.prototype.connect;
type Lookup = typeof dns.lookup;
type PromisesLookup = typeof dns.promises.lookup;

interface GuardState {
  readonly connect: Connect;
  readonly lookup: Lookup;
  readonly promisesLookup: PromisesLookup;
  blocked: BlockedConnection[];
}

const STATE = Symbol.for('cdk-connect-phone-config.test.networkGuard');

function state(): GuardState | undefined {
  return (net as unknown as Record<symbol, GuardState | undefined>)[STATE];
}

/**
 * Patches `net.Socket.prototype.connect` and `dns.lookup` to refuse non-loopback hosts. Idempotent:
 * calling it again (every test file does) re-wraps the original functions, never a previous wrapper.
 */
export function installNetworkGuard(): void {
  const current = state() ?? {
    connect: net.Socket.prototype.connect,
    lookup: dns.lookup,
    promisesLookup: dns.promises.lookup,
    blocked: [],
  };
  (net as unknown as Record<symbol, GuardState>)[STATE] = current;

  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args);
    if (target === undefined || isLoopbackHost(target.host)) {
      return (current.connect as (...a: unknown[]) => net.Socket).apply(this, args);
    }
    const error = record(current, target.host, target.port, 'net.Socket.connect');
    // Fail like a refused connection: asynchronously, through the socket's 'error' event.
    process.nextTick(() => this.destroy(error));
    return this;
  } as Connect;

  const guardedLookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
    const callback = rest[rest.length - 1] as (err: NodeJS.ErrnoException | null, ...r: unknown[]) => void;
    if (typeof hostname !== 'string' || isLoopbackHost(hostname) || typeof callback !== 'function') {
      return (current.lookup as (...a: unknown[]) => void)(hostname, ...rest);
    }
    const error = record(current, hostname, undefined, 'dns.lookup');
    process.nextTick(() => callback(error));
  };
  (dns as { lookup: Lookup }).lookup = guardedLookup as Lookup;

  const guardedPromisesLookup = async function guardedPromisesLookup(hostname: string, ...rest: unknown[]) {
    if (typeof hostname !== 'string' || isLoopbackHost(hostname)) {
      return (current.promisesLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
    }
    throw record(current, hostname, undefined, 'dns.promises.lookup');
  };
  (dns.promises as { lookup: PromisesLookup }).lookup = guardedPromisesLookup as PromisesLookup;
}

/** Puts the original functions back (for a test that needs the unguarded behaviour). */
export function uninstallNetworkGuard(): void {
  const current = state();
  if (!current) return;
  net.Socket.prototype.connect = current.connect;
  (dns as { lookup: Lookup }).lookup = current.lookup;
  (dns.promises as { lookup: PromisesLookup }).lookup = current.promisesLookup;
  delete (net as unknown as Record<symbol, GuardState | undefined>)[STATE];
}

/** Every attempt refused since the guard was installed or last cleared. */
export function blockedConnections(): readonly BlockedConnection[] {
  return [...(state()?.blocked ?? [])];
}

export function clearBlockedConnections(): void {
  const current = state();
  if (current) current.blocked = [];
}

/** A readable list of blocked attempts, for a failure message. */
export function formatBlocked(blocked: readonly BlockedConnection[]): string {
  return blocked.map((b) => `- ${b.via} ${b.host}${b.port === undefined ? '' : `:${b.port}`}\n${b.stack}`).join('\n');
}

function record(current: GuardState, host: string, port: number | undefined, via: BlockedConnection['via']): NetworkGuardError {
  const error = new NetworkGuardError(host, port);
  const stack = (error.stack ?? '').split('\n').slice(1)
    .filter((line) => !line.includes('network-guard') && !line.includes('(node:'))
    .slice(0, 8).join('\n');
  current.blocked.push({ host, port, via, stack });
  return error;
}

/**
 * The host and port of a `connect` call in any of its forms: `(options, cb)`, `(port, host, cb)`,
 * `(path, cb)` and the normalized `[options, cb]` array that `net.createConnection` passes.
 * Undefined for a Unix socket or pipe.
 */
function connectTarget(args: unknown[]): { host: string; port?: number } | undefined {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; port?: number | string; path?: string | null };
    if (options.path) return undefined; // as net does: a truthy `path` is a Unix socket or pipe
    return { host: options.host ?? 'localhost', port: options.port === undefined ? undefined : Number(options.port) };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const host = typeof args[1] === 'string' ? args[1] : 'localhost';
    return { host, port: Number(first) };
  }
  return undefined;
}
