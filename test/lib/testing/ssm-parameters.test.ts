import { DeleteParameterCommand, GetParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ConnectEmulator } from '../../../lib/testing';

describe('ConnectEmulator: SSM Parameter Store', () => {
  let emulator: ConnectEmulator;
  let ssm: SSMClient;

  beforeAll(async () => {
    emulator = await ConnectEmulator.start();
    ssm = new SSMClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    ssm.destroy();
    await emulator.stop();
  });

  it('should store, read, list by path and delete parameters with the real SDK', async () => {
    // Act
    await ssm.send(new PutParameterCommand({ Name: '/app/a/1', Value: 'one', Type: 'SecureString' }));
    await ssm.send(new PutParameterCommand({ Name: '/app/a/2', Value: 'two', Type: 'SecureString' }));
    const one = await ssm.send(new GetParameterCommand({ Name: '/app/a/1', WithDecryption: true }));
    const listed = await ssm.send(new GetParametersByPathCommand({ Path: '/app/a', Recursive: true, WithDecryption: true }));
    await ssm.send(new DeleteParameterCommand({ Name: '/app/a/1' }));

    // Assess
    expect(one.Parameter?.Value).toBe('one');
    expect(listed.Parameters?.map((p) => p.Name)).toEqual(['/app/a/1', '/app/a/2']);
    expect(emulator.ssm.names()).toEqual(['/app/a/2']);
  });

  it('should answer ParameterNotFound and ParameterAlreadyExists as the service does', async () => {
    // Act / Assess
    await expect(ssm.send(new GetParameterCommand({ Name: '/missing' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
    await ssm.send(new PutParameterCommand({ Name: '/once', Value: 'x', Type: 'String' }));
    await expect(ssm.send(new PutParameterCommand({ Name: '/once', Value: 'y', Type: 'String' }))).rejects.toMatchObject({ name: 'ParameterAlreadyExists' });
    await ssm.send(new PutParameterCommand({ Name: '/once', Value: 'y', Type: 'String', Overwrite: true }));
    expect(emulator.ssm.get('/once')?.Value).toBe('y');
  });
});
