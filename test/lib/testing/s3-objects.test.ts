import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { ConnectEmulator } from '../../../lib/testing';
import { decodeAwsChunked } from '../../../lib/testing/s3-objects';
import { captureError, s3Client, startWithClient, stopWithClient } from '../../fixtures/emulator-clients';

describe('ConnectEmulator S3', () => {
  let emulator: ConnectEmulator;
  let s3: S3Client;

  beforeAll(async () => {
    ({ emulator, client: s3 } = await startWithClient(s3Client));
  });

  afterAll(() => stopWithClient(emulator, s3));

  it('should store an object put through the SDK when using path-style requests', async () => {
    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'assets', Key: 'config/users 1.json', Body: '{"users":[]}', ContentType: 'application/json' }));

    // Assess
    expect(emulator.getObject('assets', 'config/users 1.json')?.toString('utf8')).toBe('{"users":[]}');
    expect(emulator.listObjectKeys('assets')).toEqual(['config/users 1.json']);
    expect(emulator.callCounts().PutObject).toEqual({ total: 1, ok: 1, throttled: 0, failed: 0 });
  });

  it('should serve an object seeded by putObject when the SDK gets it', async () => {
    // Prepare
    emulator.putObject('assets', 'seeded.txt', 'hello', 'text/plain');

    // Act
    const out = await s3.send(new GetObjectCommand({ Bucket: 'assets', Key: 'seeded.txt' }));

    // Assess
    expect(await out.Body?.transformToString()).toBe('hello');
    expect(out.ContentType).toBe('text/plain');
    expect(out.ETag).toBe('"5d41402abc4b2a76b9719d911017c592"');
  });

  it('should answer NoSuchKey 404 when the key does not exist', async () => {
    // Act
    const err = await captureError(s3.send(new GetObjectCommand({ Bucket: 'assets', Key: 'missing.json' })));

    // Assess
    expect(err.name).toBe('NoSuchKey');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('should answer HeadObject and remove the object when it is deleted', async () => {
    // Prepare
    emulator.putObject('assets', 'doomed', 'x');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'assets', Key: 'doomed' }));

    // Act
    await s3.send(new DeleteObjectCommand({ Bucket: 'assets', Key: 'doomed' }));

    // Assess
    expect(head.ContentLength).toBe(1);
    expect(emulator.getObject('assets', 'doomed')).toBeUndefined();
    const err = await captureError(s3.send(new HeadObjectCommand({ Bucket: 'assets', Key: 'doomed' })));
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('should store the decoded payload when the SDK streams an upload', async () => {
    // Prepare
    const payload = 'chunk-'.repeat(20_000);

    // Act
    await s3.send(new PutObjectCommand({ Bucket: 'assets', Key: 'streamed', Body: Readable.from([Buffer.from(payload)]), ContentLength: payload.length }));

    // Assess
    expect(emulator.getObject('assets', 'streamed')?.toString('utf8')).toBe(payload);
  });

  it('should route to path-style S3 through AWS_ENDPOINT_URL_S3 when the client has no endpoint configured', async () => {
    // Prepare
    const saved = { ...process.env };
    Object.assign(process.env, emulator.clientEnv());
    const client = new S3Client({ forcePathStyle: true, maxAttempts: 1 });
    emulator.putObject('env-bucket', 'k', 'v');

    try {
      // Act
      const out = await client.send(new GetObjectCommand({ Bucket: 'env-bucket', Key: 'k' }));

      // Assess
      expect(await out.Body?.transformToString()).toBe('v');
    } finally {
      process.env = saved;
      client.destroy();
    }
  });

  it('should decode aws-chunked bodies with signatures and trailers when given raw chunks', () => {
    // Prepare
    const raw = Buffer.from('5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n');

    // Act
    const decoded = decodeAwsChunked(raw);

    // Assess
    expect(decoded.toString('utf8')).toBe('hello world');
  });
});
