/**
 * An error the emulator answers with. It carries the restJson1 error name and HTTP status
 * so the state layer can stay ignorant of HTTP while the server still answers exactly like
 * the service (the SDK maps `x-amzn-ErrorType` to `err.name`).
 */
export class ConnectApiError extends Error {
  public readonly status: number;

  constructor(name: ConnectErrorName, status: number, message: string) {
    super(message);
    this.name = name;
    this.status = status;
  }
}

export type ConnectErrorName =
  | 'ResourceNotFoundException'
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'DuplicateResourceException'
  | 'ThrottlingException'
  | 'InternalServiceException'
  | 'UnknownOperationException'
  | 'AccessDeniedException'
  | 'ConditionalOperationFailedException';

export function invalidParameter(message: string): ConnectApiError {
  return new ConnectApiError('InvalidParameterException', 400, message);
}

export function notFound(message: string): ConnectApiError {
  return new ConnectApiError('ResourceNotFoundException', 404, message);
}
