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
import { errorText } from '../engine/errors';

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
  const credentials = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
    : undefined;
  const made: { destroy(): void }[] = [];
  /** One client per region for a service, with its endpoint override (`AWS_ENDPOINT_URL_<SERVICE>`). */
  const perRegion = <C extends { destroy(): void }>(service: string, make: (config: ClientConfig) => C): ((region: string) => C) => {
    const clients = new Map<string, C>();
    const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
    return (region) => {
      let client = clients.get(region);
      if (!client) {
        client = make({ region, endpoint, credentials, maxAttempts: MAX_ATTEMPTS });
        clients.set(region, client);
        made.push(client);
      }
      return client;
    };
  };
  const cloudFormation = perRegion('CLOUDFORMATION', (c) => new CloudFormationClient(c));
  const sts = perRegion('STS', (c) => new STSClient(c));
  return {
    connect: perRegion('CONNECT', (c) => new ConnectClient(c)),
    // Custom endpoints (the emulator, S3-compatible stores) need path-style addressing.
    s3: perRegion('S3', (c) => new S3Client({ ...c, forcePathStyle: c.endpoint !== undefined })),
    ssm: perRegion('SSM', (c) => new SSMClient(c)),
    async deployedTemplate(stackName, region) {
      try {
        const answer = await cloudFormation(region).send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
        return answer.TemplateBody === undefined ? undefined : JSON.parse(answer.TemplateBody);
      } catch {
        return undefined;
      }
    },
    async identity(region) {
      const answer = await sts(region).send(new GetCallerIdentityCommand({}));
      return { account: answer.Account ?? '', arn: answer.Arn ?? '' };
    },
    destroy() {
      for (const client of made) client.destroy();
    },
  };
}

/** The one message for credentials that cannot be used, for every command that calls AWS. */
export function credentialsRefusal(error: unknown, whose: string, command: string): string {
  return `the AWS credentials cannot be used (${errorText(error)}). Configure credentials for ${whose} (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run ${command} again.`;
}

interface ClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly maxAttempts: number;
}
