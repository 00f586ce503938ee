/**
 * A minimal SSM Parameter Store (awsJson1_1: `POST /` with `X-Amz-Target: AmazonSSM.<Operation>`)
 * for the handler's store of original settings. SecureString values are kept as given: the
 * emulator has no KMS, and what it stores never leaves the test process.
 */

export type SsmOperation = 'PutParameter' | 'GetParameter' | 'DeleteParameter' | 'GetParametersByPath';
export const SSM_OPERATIONS: readonly SsmOperation[] = ['PutParameter', 'GetParameter', 'DeleteParameter', 'GetParametersByPath'];

interface StoredParameter {
  readonly Name: string;
  readonly Value: string;
  readonly Type: string;
  readonly Version: number;
}

export interface SsmAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly errorType?: string;
}

const MAX_VALUE_BYTES = 4096;

export class SsmParameterStore {
  private readonly parameters = new Map<string, StoredParameter>();

  get(name: string): StoredParameter | undefined {
    return this.parameters.get(name);
  }

  names(): string[] {
    return [...this.parameters.keys()].sort();
  }

  handle(operation: string, input: Record<string, unknown>): SsmAnswer {
    switch (operation) {
      case 'PutParameter':
        return this.put(input);
      case 'GetParameter': {
        const p = this.parameters.get(String(input.Name));
        return p ? ok({ Parameter: { ...p, ARN: `arn:aws:ssm:::parameter${p.Name}` } }) : notFound(String(input.Name));
      }
      case 'DeleteParameter':
        return this.parameters.delete(String(input.Name)) ? ok({}) : notFound(String(input.Name));
      case 'GetParametersByPath':
        return this.byPath(input);
      default:
        return error(400, 'InvalidAction', `operation ${operation} is not emulated`);
    }
  }

  private put(input: Record<string, unknown>): SsmAnswer {
    const name = String(input.Name ?? '');
    const value = String(input.Value ?? '');
    if (!name.startsWith('/') || name.length > 2048) return error(400, 'ValidationException', `invalid parameter name ${name}`);
    if (Buffer.byteLength(value) > MAX_VALUE_BYTES) return error(400, 'ValidationException', 'parameter value exceeds 4096 bytes (standard tier)');
    const existing = this.parameters.get(name);
    if (existing && input.Overwrite !== true) return error(400, 'ParameterAlreadyExists', `parameter ${name} already exists`);
    const version = (existing?.Version ?? 0) + 1;
    this.parameters.set(name, { Name: name, Value: value, Type: String(input.Type ?? existing?.Type ?? 'String'), Version: version });
    return ok({ Version: version, Tier: 'Standard' });
  }

  private byPath(input: Record<string, unknown>): SsmAnswer {
    const path = String(input.Path ?? '/').replace(/\/?$/, '/');
    const recursive = input.Recursive === true;
    const max = Math.min(Number(input.MaxResults ?? 10), 10);
    const names = this.names().filter((n) => n.startsWith(path) && (recursive || !n.slice(path.length).includes('/')));
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = names.slice(start, start + max).map((n) => this.parameters.get(n));
    const next = start + max < names.length ? String(start + max) : undefined;
    return ok({ Parameters: page, ...(next ? { NextToken: next } : {}) });
  }
}

function ok(body: unknown): SsmAnswer {
  return { status: 200, body };
}

function notFound(name: string): SsmAnswer {
  return error(400, 'ParameterNotFound', `parameter ${name} not found`);
}

function error(status: number, type: string, message: string): SsmAnswer {
  return { status, body: { __type: type, message }, errorType: type };
}
