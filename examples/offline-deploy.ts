/**
 * Testing a stack offline with `cdk-connect-phone-config/testing`: the local Connect emulator, a
 * synth, a deploy through the real Provider framework and the prebuilt handler, someone editing
 * the agent in the console, a redeploy that puts it back, and a destroy. No AWS account: the real
 * SDK talks to the emulator over HTTP on 127.0.0.1.
 *
 * The consumer-app tests (test/consumers/) compile and run this file in fresh npm and pnpm apps;
 * `test/examples/offline-deploy.test.ts` runs it here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { PhoneType, UserPhoneConfig } from 'cdk-connect-phone-config';
import { ConnectEmulator, LocalCloudFormation } from 'cdk-connect-phone-config/testing';

export async function offlineDeploy(): Promise<string[]> {
  const steps: string[] = [];
  const emulator = await ConnectEmulator.start();
  const outdirs: string[] = [];
  try {
    const instanceId = emulator.createInstance();
    const userId = emulator.createUser(instanceId, {
      username: 'alice',
      phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 120 },
    });
    const synth = (nonce: string) => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-deploy-'));
      outdirs.push(outdir);
      const app = new App({ outdir, context: { [UserPhoneConfig.DEPLOYMENT_NONCE_CONTEXT]: nonce } });
      const stack = new Stack(app, 'Agents', { env: { account: emulator.accountId, region: emulator.region } });
      new UserPhoneConfig(stack, 'Alice', {
        instanceId,
        userId,
        phoneType: PhoneType.SOFT_PHONE,
        autoAccept: true,
        afterContactWorkTimeLimit: Duration.seconds(30),
      });
      return app.synth().directory;
    };
    const phoneConfig = () => emulator.getUser(instanceId, userId)?.PhoneConfig;
    const cfn = new LocalCloudFormation({ emulator });

    const created = await cfn.deploy(synth('first'));
    assert.equal(created.status, 'SUCCEEDED', created.reason);
    assert.equal(phoneConfig()?.AutoAccept, true);
    assert.equal(phoneConfig()?.AfterContactWorkTimeLimit, 30);
    steps.push('deployed: alice auto-accepts, ACW 30 s');

    emulator.consoleEdit(instanceId, userId, { phoneConfig: { AfterContactWorkTimeLimit: 300 } });
    steps.push('console edit: ACW 300 s');

    const redeployed = await cfn.deploy(synth('second'));
    assert.equal(redeployed.status, 'SUCCEEDED', redeployed.reason);
    assert.equal(phoneConfig()?.AfterContactWorkTimeLimit, 30);
    steps.push('redeployed: ACW back to 30 s');

    const destroyed = await cfn.destroy();
    assert.equal(destroyed.status, 'SUCCEEDED', destroyed.reason);
    steps.push('destroyed: alice keeps her settings (removal policy retain)');
    return steps;
  } finally {
    await emulator.stop();
    for (const dir of outdirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  offlineDeploy().then((steps) => steps.forEach((s) => console.log(s)), (error) => {
    console.error(error);
    process.exit(1);
  });
}
