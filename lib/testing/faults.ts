import { ConnectOperation } from './operations';

/**
 * mulberry32: tiny, fast and good enough for fault dice. Owning the generator (instead of
 * Math.random) is what makes a failing scenario replayable from its seed.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type LatencySpec = number | { readonly min: number; readonly max: number };

export interface FaultOptions {
  /** Reseeds the generator; without it a `setFaults` call continues the current sequence. */
  readonly seed?: number;
  /** Chance (0..1) that a call is answered with ThrottlingException 429 regardless of quota. */
  readonly throttleProbability?: number;
  /** Chance (0..1) that a call is answered with InternalServiceException 500. */
  readonly serverErrorProbability?: number;
  /** Delay added before answering, fixed or uniform in [min, max] (integer ms). */
  readonly latencyMs?: LatencySpec;
  /** Chance (0..1) that a write is answered with ConditionalOperationFailedException 409. */
  readonly conflictProbability?: number;
  /** Chance (0..1) that the connection is reset instead of answered (ECONNRESET at the client). */
  readonly connectionResetProbability?: number;
  /** User ids whose every call is answered with InternalServiceException 500 (a user the service cannot serve). */
  readonly failingUsers?: readonly string[];
  /** Limit faults and latency to these operations; default: every Connect operation. */
  readonly operations?: readonly ConnectOperation[];
}

export type FaultKind = 'throttle' | 'serverError' | 'conflict' | 'connectionReset';

export interface FaultDecision {
  readonly latencyMs: number;
  readonly fault?: FaultKind;
}

const NO_FAULT: FaultDecision = { latencyMs: 0 };
const DEFAULT_SEED = 0x5eed;

export class FaultInjector {
  private options: FaultOptions = {};
  private random: () => number = mulberry32(DEFAULT_SEED);
  private ops: ReadonlySet<ConnectOperation> | undefined;

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  /** Replaces the whole fault configuration (fields left out are off). */
  set(options: FaultOptions): void {
    validateProbability('throttleProbability', options.throttleProbability);
    validateProbability('serverErrorProbability', options.serverErrorProbability);
    validateProbability('conflictProbability', options.conflictProbability);
    validateProbability('connectionResetProbability', options.connectionResetProbability);
    validateLatency(options.latencyMs);
    this.options = { ...options };
    this.ops = options.operations ? new Set(options.operations) : undefined;
    if (options.seed !== undefined) {
      this.random = mulberry32(options.seed);
    }
  }

  get current(): FaultOptions {
    return { ...this.options };
  }

  decide(op: ConnectOperation, userId?: string): FaultDecision {
    if (this.ops && !this.ops.has(op)) {
      return NO_FAULT;
    }
    if (userId !== undefined && this.options.failingUsers?.some((u) => u.toLowerCase() === userId.toLowerCase())) {
      return { latencyMs: 0, fault: 'serverError' };
    }
    const { throttleProbability = 0, serverErrorProbability = 0, latencyMs = 0, conflictProbability = 0, connectionResetProbability = 0 } = this.options;
    if (conflictProbability > 0 || connectionResetProbability > 0) {
      // Drawn only when asked for, so sequences of seeds that do not use them stay as they were.
      const draw = this.random();
      if (draw < connectionResetProbability) return { latencyMs: 0, fault: 'connectionReset' };
      if ((op === 'UpdateUserPhoneConfig' || op === 'UpdateUserConfig') && this.random() < conflictProbability) return { latencyMs: 0, fault: 'conflict' };
    }
    if (throttleProbability === 0 && serverErrorProbability === 0 && latencyMs === 0) {
      return NO_FAULT;
    }
    // Always draw three numbers so the fault sequence for a seed does not shift when only
    // the probabilities change between runs.
    const throttleDraw = this.random();
    const errorDraw = this.random();
    const latencyDraw = this.random();
    const latency = typeof latencyMs === 'number'
      ? latencyMs
      : latencyMs.min + Math.floor(latencyDraw * (latencyMs.max - latencyMs.min + 1));
    if (throttleDraw < throttleProbability) {
      return { latencyMs: latency, fault: 'throttle' };
    }
    if (errorDraw < serverErrorProbability) {
      return { latencyMs: latency, fault: 'serverError' };
    }
    return { latencyMs: latency };
  }
}

function validateProbability(name: string, p: number | undefined): void {
  if (p !== undefined && !(p >= 0 && p <= 1)) {
    throw new Error(`${name} must be within 0..1, got ${p}`);
  }
}

function validateLatency(latency: LatencySpec | undefined): void {
  if (latency === undefined) {
    return;
  }
  if (typeof latency === 'number') {
    if (!(latency >= 0 && Number.isFinite(latency))) {
      throw new Error(`latencyMs must be a non-negative number, got ${latency}`);
    }
    return;
  }
  if (!(latency.min >= 0 && latency.max >= latency.min && Number.isFinite(latency.max))) {
    throw new Error(`latencyMs range must satisfy 0 <= min <= max, got ${JSON.stringify(latency)}`);
  }
}
