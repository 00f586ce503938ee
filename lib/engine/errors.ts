/** How the handler tells errors apart: retry later, skip, or fail with a message a person can act on. */
import { scrubPhoneNumbers } from '../core/mask';

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalServiceException',
  'ServiceUnavailableException',
  'ConditionalOperationFailedException',
  'TimeoutError',
  'RequestTimeout',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Throttling, 5xx, timeouts and network errors: the user is tried again, never failed for these. */
export function isRetryable(error: unknown): boolean {
  const e = error as SdkLikeError;
  const status = e?.$metadata?.httpStatusCode;
  // Network errors may arrive wrapped (the code only in the message), so the message counts too.
  const network = NETWORK_CODES.has(e?.code ?? '') || [...NETWORK_CODES].some((code) => (e?.message ?? '').includes(code));
  return RETRYABLE_NAMES.has(e?.name ?? '') || network || status === 429 || (status !== undefined && status >= 500);
}

/** Throttling: the account's quota is shared, so a throttled user waits for the next pass, however long. */
export function isThrottling(error: unknown): boolean {
  const e = error as SdkLikeError;
  return e?.name === 'ThrottlingException' || e?.name === 'TooManyRequestsException' || e?.$metadata?.httpStatusCode === 429;
}

/**
 * A retryable error that the SDK already retried as often as it may (rather than stopping at the
 * invocation's deadline): the call keeps failing, and the user fails instead of waiting forever.
 */
export function retriesExhausted(error: unknown, maxAttempts: number): boolean {
  const attempts = (error as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 0;
  return isRetryable(error) && !isThrottling(error) && attempts >= maxAttempts;
}

export function isNotFound(error: unknown): boolean {
  return (error as SdkLikeError)?.name === 'ResourceNotFoundException';
}

/** `Name: message`, phone numbers masked: service messages can echo the input (a desk phone number). */
export function errorText(error: unknown): string {
  const e = error as SdkLikeError;
  return scrubPhoneNumbers(`${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`);
}

/** The event failed: the message is the CloudFormation failure reason, phone numbers already masked. */
export class ReconcileFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReconcileFailedError';
    // Lambda reports `stack` as the error's trace, and the Provider framework appends the trace to
    // the CloudFormation reason: frames of a minified bundle would only eat its 4,096 bytes.
    this.stack = `${this.name}: ${message}`;
  }
}
