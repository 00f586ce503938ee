/**
 * End to end: desk numbers kept in SSM SecureString parameters (`deskPhoneNumberParameterName`).
 * The synthesized stack is deployed by the local CloudFormation, IAM enforced as in force, through
 * the bundled handler; the numbers must reach Connect and nothing else: not the template, the
 * assets, the waiter's input, the drift-correction rule's input, an event, a reason or a log line.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { PhoneType, UserPhoneConfigFleet } from '../../lib';
import { ConnectEmulator, LocalCloudFormation } from '../../lib/testing';
import { synthesize } from '../fixtures/assembly';
import { emptyInstance, startDeployEmulator } from '../fixtures/emulator';
import { E2E_INSTANCES } from '../fixtures/instances';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const INSTANCE_ID = E2E_INSTANCES.deskNumbers;
const ALICE_NUMBER = '+15555550171';
const BOB_NUMBER = '+15555550172';

/** Every file of the cloud assembly, concatenated: template, assets, manifest. */
function assemblyText(dir: string): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (!p.endsWith('.js') && !p.endsWith('.map')) files.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return files.join('\n');
}

describe('desk numbers kept in SSM SecureString parameters', () => {
  let emulator: ConnectEmulator;
  let alice: string;
  let bob: string;
  let carol: string;
  let dir: string;
  let cfn: LocalCloudFormation;
  let result: Awaited<ReturnType<LocalCloudFormation['deploy']>>;

  beforeAll(async () => {
    emulator = await startDeployEmulator({ account: ACCOUNT, region: REGION });
    emptyInstance(emulator, INSTANCE_ID);
    alice = emulator.createUser(INSTANCE_ID, { username: 'alice', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 } });
    bob = emulator.createUser(INSTANCE_ID, { username: 'bob', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 } });
    carol = emulator.createUser(INSTANCE_ID, { username: 'carol', phoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 } });
    emulator.ssm.handle('PutParameter', { Name: '/connect/desk/alice', Value: ALICE_NUMBER, Type: 'SecureString' });
    emulator.ssm.handle('PutParameter', { Name: '/connect/desk/bob', Value: BOB_NUMBER, Type: 'SecureString' });
    emulator.ssm.handle('PutParameter', { Name: '/connect/desk/carol', Value: 'not a number', Type: 'SecureString' });
    dir = synthesize((app) => {
      const stack = new Stack(app, 'DeskNumbers', { env: { account: ACCOUNT, region: REGION } });
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: { phoneType: PhoneType.DESK_PHONE, afterContactWorkTimeLimit: Duration.seconds(30) },
        users: [
          { username: 'alice', deskPhoneNumberParameterName: '/connect/desk/alice' },
          { username: 'bob', deskPhoneNumberParameterName: '/connect/desk/bob' },
          { username: 'carol', deskPhoneNumberParameterName: '/connect/desk/carol' },
        ],
        driftCorrection: Schedule.rate(Duration.hours(1)),
      });
    });
    cfn = new LocalCloudFormation({ emulator });
    result = await cfn.deploy(dir);
  });

  afterAll(() => emulator.stop());

  it('should bring the numbers to Connect under the grants in force, and fail only the named user of a parameter without an E.164 number', () => {
    expect(emulator.getUser(INSTANCE_ID, alice)?.PhoneConfig).toMatchObject({ PhoneType: 'DESK_PHONE', DeskPhoneNumber: ALICE_NUMBER });
    expect(emulator.getUser(INSTANCE_ID, bob)?.PhoneConfig).toMatchObject({ PhoneType: 'DESK_PHONE', DeskPhoneNumber: BOB_NUMBER });
    expect(emulator.getUser(INSTANCE_ID, carol)?.PhoneConfig?.PhoneType).toBe('SOFT_PHONE');
    // A failed Create: the stack rolls back; the users written stay (CloudFormation does not roll back a Create).
    expect(result.status).toBe('ROLLED_BACK');
    expect(result.reason).toContain(`carol (${carol}): SSM parameter /connect/desk/carol does not hold an E.164 number`);
    expect(emulator.denials).toEqual([]);
  });

  it('should put no number in the assembly (template, assets, rule input) or in any event, reason or log line', () => {
    const everything = [assemblyText(dir), JSON.stringify(cfn.events), JSON.stringify(result), cfn.logs.join('\n')].join('\n');
    expect(everything).toContain('/connect/desk/alice');
    for (const number of [ALICE_NUMBER, BOB_NUMBER]) {
      expect(everything).not.toContain(number);
      expect(everything).not.toContain(number.slice(1));
    }
    expect(everything).not.toContain('not a number');
  });
});
