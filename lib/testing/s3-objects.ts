import { createHash } from 'node:crypto';

/**
 * A minimal path-style S3: enough for the SDK's GetObject/PutObject/HeadObject/DeleteObject
 * so large property sets and reports can travel "through S3" in tests. Buckets exist
 * implicitly (any name works), which keeps test setup to a single putObject.
 */

export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: Date;
}

export interface S3Response {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly errorCode?: string;
}

export class S3ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();

  putObject(bucket: string, key: string, body: string | Uint8Array, contentType = 'application/octet-stream'): StoredObject {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const obj: StoredObject = {
      body: bytes,
      contentType,
      etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      lastModified: new Date(),
    };
    let b = this.buckets.get(bucket);
    if (!b) this.buckets.set(bucket, (b = new Map()));
    b.set(key, obj);
    return obj;
  }

  getObject(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  deleteObject(bucket: string, key: string): boolean {
    return this.buckets.get(bucket)?.delete(key) ?? false;
  }

  listKeys(bucket: string): string[] {
    return [...(this.buckets.get(bucket)?.keys() ?? [])].sort();
  }

  /** Serves one S3 request; `rawBody` is as received (possibly aws-chunked). */
  handle(method: string, bucket: string, key: string, headers: Record<string, string | string[] | undefined>, rawBody: Buffer, requestId: string): S3Response {
    if (key === '') {
      return s3Error(501, 'NotImplemented', 'Only object operations are emulated', bucket, key, requestId);
    }
    switch (method) {
      case 'PUT': {
        const encoding = String(headers['content-encoding'] ?? '');
        const body = encoding.includes('aws-chunked') ? decodeAwsChunked(rawBody) : rawBody;
        const obj = this.putObject(bucket, key, body, String(headers['content-type'] ?? 'application/octet-stream'));
        return { status: 200, headers: { ETag: obj.etag } };
      }
      case 'GET':
      case 'HEAD': {
        const obj = this.getObject(bucket, key);
        if (!obj) {
          return method === 'HEAD'
            ? { status: 404, headers: {}, errorCode: 'NotFound' }
            : s3Error(404, 'NoSuchKey', 'The specified key does not exist.', bucket, key, requestId);
        }
        return {
          status: 200,
          headers: {
            'Content-Type': obj.contentType,
            'Content-Length': String(obj.body.length),
            ETag: obj.etag,
            'Last-Modified': obj.lastModified.toUTCString(),
          },
          body: method === 'GET' ? obj.body : undefined,
        };
      }
      case 'DELETE':
        // S3 answers 204 whether or not the key existed.
        this.deleteObject(bucket, key);
        return { status: 204, headers: {} };
      default:
        return s3Error(405, 'MethodNotAllowed', `${method} is not allowed`, bucket, key, requestId);
    }
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function s3Error(status: number, code: string, message: string, bucket: string, key: string, requestId: string): S3Response {
  const xml = '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>`
    + `<BucketName>${xmlEscape(bucket)}</BucketName><Key>${xmlEscape(key)}</Key>`
    + `<RequestId>${requestId}</RequestId><HostId>emulator</HostId></Error>`;
  return {
    status,
    headers: { 'Content-Type': 'application/xml' },
    body: Buffer.from(xml, 'utf8'),
    errorCode: code,
  };
}

/**
 * Newer SDKs stream uploads as `aws-chunked` (hex size;ext CRLF data CRLF ... 0 CRLF
 * trailers CRLF). The payload is the concatenated data; signatures and trailing
 * checksums are ignored since the emulator does not authenticate.
 */
export function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  while (pos < raw.length) {
    const eol = raw.indexOf('\r\n', pos);
    if (eol < 0) break;
    const size = parseInt(raw.subarray(pos, eol).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
