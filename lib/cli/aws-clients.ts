/**
 * The SDK clients of the CLI, one per region, configured from an environment map rather than
 * `process.env` alone, so `main` can run in-process against an emulator. Credentials come from
 * that map when it holds keys, otherwise from the SDK's default chain (profile, SSO, ...).
 */
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { ConnectClient } from '@aws-sdk/client-connect';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

export interface AwsClients {
  connect(region: string): ConnectClient;
  s3(region: string): S3Client;
  /** For desk numbers kept in SSM SecureString parameters. */
  ssm(region: string): SSMClient;
  /**
   * The stack's deployed template (CloudFormation GetTemplate), or undefined when the stack is not
   * deployed or cannot be read: `plan` then cannot tell a departed agent from a typo.
   */
  deployedTemplate(stackName: string, region: string): Promise<unknown>;
  /** Who the credentials are (STS GetCallerIdentity): the account `plan` reads. */
  identity(region: string): Promise<CallerIdentity>;
  /** Closes every client's sockets so the process can exit. */
  destroy(): void;
}

/** Reads only; throttled reads are retried a few times more than the SDK default. */
const MAX_ATTEMPTS = 5;

export function awsClients(env: Env): AwsClients {
  const connect = new Map<string, ConnectClient>();
  const s3 = new Map<string, S3Client>();
  const credentials = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
    : undefined;
  const connectEndpoint = env.AWS_ENDPOINT_URL_CONNECT ?? env.AWS_ENDPOINT_URL;
  const s3Endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const stsEndpoint = env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL;
  const sts: STSClient[] = [];
  const cfn: CloudFormationClient[] = [];
  const cfnEndpoint = env.AWS_ENDPOINT_URL_CLOUDFORMATION ?? env.AWS_ENDPOINT_URL;
  const ssm = new Map<string, SSMClient>();
  const ssmEndpoint = env.AWS_ENDPOINT_URL_SSM ?? env.AWS_ENDPOINT_URL;
  return {
    ssm(region) {
      let client = ssm.get(region);
      if (!client) {
        client = new SSMClient({ region, endpoint: ssmEndpoint, credentials, maxAttempts: MAX_ATTEMPTS });
        ssm.set(region, client);
      }
      return client;
    },
    async deployedTemplate(stackName, region) {
      const client = new CloudFormationClient({ region, endpoint: cfnEndpoint, credentials, maxAttempts: MAX_ATTEMPTS });
      cfn.push(client);
      try {
        const answer = await client.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
        return answer.TemplateBody === undefined ? undefined : JSON.parse(answer.TemplateBody);
      } catch {
        return undefined;
      }
    },
    async identity(region) {
      const client = new STSClient({ region, endpoint: stsEndpoint, credentials, maxAttempts: MAX_ATTEMPTS });
      sts.push(client);
      const answer = await client.send(new GetCallerIdentityCommand({}));
      return { account: answer.Account ?? '', arn: answer.Arn ?? '' };
    },
    connect(region) {
      let client = connect.get(region);
      if (!client) {
        client = new ConnectClient({ region, endpoint: connectEndpoint, credentials, maxAttempts: MAX_ATTEMPTS });
        connect.set(region, client);
      }
      return client;
    },
    s3(region) {
      let client = s3.get(region);
      if (!client) {
        // Custom endpoints (the emulator, S3-compatible stores) need path-style addressing.
        client = new S3Client({ region, endpoint: s3Endpoint, credentials, forcePathStyle: s3Endpoint !== undefined, maxAttempts: MAX_ATTEMPTS });
        s3.set(region, client);
      }
      return client;
    },
    destroy() {
      for (const client of [...connect.values(), ...s3.values(), ...ssm.values(), ...sts, ...cfn]) client.destroy();
    },
  };
}
