/**
 * Property: every response the Provider framework PUTs to CloudFormation fits 4,096 bytes, on
 * every path, for random mixes of outcomes up to 20,000 users with long usernames. The response is
 * built by the framework's own runtime (aws-cdk-lib's provider-framework/runtime), fed what the
 * handler returns or throws, as Lambda would hand it over.
 */
import * as path from 'path';
import { ReconcileFailedError } from '../../../lib/engine/errors';
import { UserOutcome } from '../../../lib/engine/reconcile';
import { buildData, buildFinalData, failureReason, outOfTimeReason } from '../../../lib/engine/report';
import { physicalResourceId } from '../../../lib/engine/physical-id';
import { loadModule } from '../../../lib/testing/cfn/lambda-runtime';
import { mulberry32 } from '../../../lib/testing';
import { EVENT_INSTANCE_ID } from '../../fixtures/instances';

const RUNTIME = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'custom-resources/lib/provider-framework/runtime');
const INSTANCE = EVENT_INSTANCE_ID;
const STATUSES: UserOutcome['status'][] = ['changed', 'unchanged', 'skipped', 'gone', 'failed', 'pending'];

function randomOutcomes(random: () => number): UserOutcome[] {
  const count = [1, 2, 10, 300, 5_000, 20_000][Math.floor(random() * 6)];
  const mix = STATUSES.map(() => random());
  return Array.from({ length: count }, (_, i) => {
    const status = STATUSES[pickWeighted(mix, random)];
    const byName = random() < 0.5;
    // Connect allows 100 characters; quotes and backslashes cost more in JSON than they look.
    const name = `${'"\\'.repeat(Math.floor(random() * 3))}${'agent.name-'.repeat(9)}${i}`.slice(0, 100);
    const ref = byName ? `username ${name}` : `user id aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const cause = (['missing', 'blocked', 'error'] as const)[Math.floor(random() * 3)];
    return { ref, userId: byName ? undefined : ref.slice(8), username: byName ? name : undefined, status, cause: status === 'failed' ? cause : undefined, changes: status === 'changed' ? [{ field: 'autoAccept', from: 'true', to: 'false' }] as never : [], reason: `${ref}: InvalidParameterException: ${'the service said something long about it '.repeat(4)}` };
  });
}

function pickWeighted(weights: number[], random: () => number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) <= 0) return i;
  return weights.length - 1;
}

/** The framework's PUT body for an isComplete that answered `answer` (or threw `error`), given onEvent's Data. */
async function frameworkResponse(event: Record<string, unknown>, user: { answer?: unknown; error?: Error }): Promise<string> {
  const bodies: string[] = [];
  const outbound = {
    httpRequest: async (_: unknown, body: string) => { bodies.push(body); },
    startExecution: async () => ({}),
    invokeFunction: async () => (user.error
      ? { FunctionError: 'Unhandled', Payload: Buffer.from(JSON.stringify({ errorType: user.error.name, errorMessage: user.error.message, trace: String(user.error.stack).split('\n') })) }
      : { Payload: Buffer.from(JSON.stringify(user.answer)) }),
  };
  const framework = loadModule(path.join(RUNTIME, 'framework.js'), { './outbound': outbound }, new Map()) as { isComplete: (e: unknown) => Promise<void> };
  const env = { USER_IS_COMPLETE_FUNCTION_ARN: `arn:aws:lambda:us-east-1:123456789012:function:${'S'.repeat(40)}-cpc12345678-IsComplete` };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const log = console.log;
  console.log = () => undefined;
  try {
    await framework.isComplete(event);
  } finally {
    console.log = log;
    process.env = saved;
  }
  return bodies[0];
}

it('should fit every response in 4,096 bytes: onEvent and isComplete failures, out-of-time failures and successes, up to 20,000 users', async () => {
  const random = mulberry32(4096);
  for (let run = 0; run < 60; run++) {
    const outcomes = randomOutcomes(random);
    // The longest ids CloudFormation allows around the handler's own: a 128-character stack, a 255-character logical id.
    const physical = physicalResourceId(INSTANCE, outcomes.map((o) => (o.username ? { Username: o.username } : { UserId: o.userId })));
    const firstPass = { Converged: 'false', Deadline: '2026-12-02T05:00:00.000Z', FirstPassChanged: String(outcomes.length) };
    const event = {
      RequestType: random() < 0.5 ? 'Create' : 'Update',
      ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x',
      StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${'S'.repeat(128)}/aaaaaaaa-0000-4000-8000-000000000000`,
      RequestId: 'aaaaaaaa-0000-4000-8000-000000000001',
      LogicalResourceId: 'L'.repeat(255),
      PhysicalResourceId: physical,
      ResourceProperties: {},
      Data: firstPass,
    };
    const context = { requestType: event.RequestType as 'Create' | 'Update', changedEarlier: outcomes.length, log: { group: `/aws/lambda/${'S'.repeat(40)}-cpc12345678-IsComplete`, requestId: 'aaaaaaaa-0000-4000-8000-000000000002' } };
    const failed = new ReconcileFailedError(failureReason(outcomes, INSTANCE, context));
    const outOfTime = new ReconcileFailedError(outOfTimeReason(outcomes, 3300, context));
    const success = { IsComplete: true, Data: buildFinalData(outcomes.filter((o) => o.status !== 'failed'), firstPass) };
    const paths = [
      await frameworkResponse(event, { error: failed }),
      await frameworkResponse(event, { error: outOfTime }),
      await frameworkResponse(event, { answer: success }),
      await frameworkResponse({ ...event, Data: buildData(outcomes, true) }, { answer: { IsComplete: true } }),
    ];
    for (const body of paths) {
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(4096);
      const response = JSON.parse(body) as { Status: string; Reason: string };
      if (response.Status === 'FAILED') expect(response.Reason).toMatch(/users? (failed|were not reached)/);
    }
  }
});
