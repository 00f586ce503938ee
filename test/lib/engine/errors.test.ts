import { ReconcileFailedError, errorText, isNotFound, isRetryable, retriesExhausted } from '../../../lib/engine/errors';
import { DESK_PHONE, serviceError } from '../../fixtures/events';

describe('Function: isRetryable', () => {
  it.each([
    ['ThrottlingException', serviceError('ThrottlingException', 'Rate exceeded', 429)],
    ['InternalServiceException', serviceError('InternalServiceException', 'oops', 500)],
    ['a 503 without a known name', serviceError('SomethingElse', 'unavailable', 503)],
    ['a 429 without a known name', serviceError('Whatever', 'slow down', 429)],
    ['ConditionalOperationFailedException', serviceError('ConditionalOperationFailedException', 'conflict', 409)],
    ['TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['ECONNRESET', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('should retry %s', (_name, error) => {
    // Act / Assess
    expect(isRetryable(error)).toBe(true);
  });

  it.each([
    ['InvalidParameterException', serviceError('InvalidParameterException', 'bad', 400)],
    ['ResourceNotFoundException', serviceError('ResourceNotFoundException', 'gone', 404)],
    ['AccessDeniedException', serviceError('AccessDeniedException', 'no', 403)],
    ['a plain Error', new Error('boom')],
    ['undefined', undefined],
    ['a string', 'ThrottlingException'],
  ])('should not retry %s', (_name, error) => {
    // Act / Assess
    expect(isRetryable(error)).toBe(false);
  });
});

describe('Function: isNotFound', () => {
  it('should recognize ResourceNotFoundException by name only', () => {
    // Act / Assess
    expect(isNotFound(serviceError('ResourceNotFoundException', 'gone', 404))).toBe(true);
    expect(isNotFound(serviceError('NotFound', 'gone', 404))).toBe(false);
    expect(isNotFound(null)).toBe(false);
  });
});

describe('Function: errorText', () => {
  it('should give name and message with phone numbers masked when the service echoes the input', () => {
    // Act
    const text = errorText(serviceError('InvalidParameterException', `PhoneNumber ${DESK_PHONE} is not valid`, 400));

    // Assess
    expect(text).toBe('InvalidParameterException: PhoneNumber +*********23 is not valid');
  });

  it('should describe a value that is not an Error', () => {
    // Act / Assess
    expect(errorText('boom')).toBe('Error: boom');
  });
});

describe('Function: retriesExhausted', () => {
  const withAttempts = (error: Error & { $metadata?: object }, attempts: number) => Object.assign(error, { $metadata: { ...error.$metadata, attempts } });

  it('should be true for a 5xx or connection error the SDK retried as often as it may', () => {
    expect(retriesExhausted(withAttempts(serviceError('InternalServiceException', 'oops', 500), 8), 8)).toBe(true);
    expect(retriesExhausted(withAttempts(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 8), 8)).toBe(true);
  });

  it('should be false when the SDK stopped early (the deadline), for throttling (the shared quota), and for errors never retried', () => {
    expect(retriesExhausted(withAttempts(serviceError('InternalServiceException', 'oops', 500), 3), 8)).toBe(false);
    expect(retriesExhausted(withAttempts(serviceError('ThrottlingException', 'Rate exceeded', 429), 8), 8)).toBe(false);
    expect(retriesExhausted(withAttempts(serviceError('InvalidParameterException', 'bad', 400), 8), 8)).toBe(false);
  });
});

describe('Function: ReconcileFailedError', () => {
  it('should have no stack frames, which the Provider framework would append to the CloudFormation reason', () => {
    expect(new ReconcileFailedError('1 of 1 user failed').stack).toBe('ReconcileFailedError: 1 of 1 user failed');
  });

  it('should carry its name and message', () => {
    // Act
    const error = new ReconcileFailedError('2 of 3 users failed');

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ReconcileFailedError');
    expect(error.message).toBe('2 of 3 users failed');
  });
});
