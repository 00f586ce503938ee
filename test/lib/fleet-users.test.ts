import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ConnectChannel, FleetUsers, UserPhoneConfigFleet } from '../../lib';
import { RESOURCE_TYPE } from '../../lib/core/contract';
import { ENV, INSTANCE_ID, newApp } from '../fixtures/stacks';

function file(name: string, text: string): string {
  const at = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-users-')), name);
  fs.writeFileSync(at, text);
  return at;
}

describe('Class: FleetUsers', () => {
  it('should declare a fleet from a CSV file, durations in seconds', () => {
    // Prepare
    const csv = file('agents.csv', 'username,phoneType,afterContactWorkTimeLimit,chat.autoAccept\nalice,SOFT_PHONE,30,\nbob,,,true\n');
    const stack = new Stack(newApp(), 'FromFile', { env: ENV });

    // Act
    const users = FleetUsers.fromFile(csv);
    new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, users });

    // Assess
    expect(users[0].afterContactWorkTimeLimit?.toSeconds()).toBe(Duration.seconds(30).toSeconds());
    expect(users[1].channels).toEqual([{ channel: ConnectChannel.CHAT, autoAccept: true }]);
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
      Users: [
        { Username: 'alice', PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 30 } },
        { Username: 'bob', Channels: [{ Channel: 'CHAT', AutoAccept: true }] },
      ],
    });
  });

  it('should fail at synth with every problem at its file, line and column', () => {
    // Prepare
    const json = file('agents.json', '{ "users": [\n  { "username": "alice", "autoAccept": "yes" },\n  { "username": "bob", "deskPhoneNumber": "555-0100", "phoneType": "DESK_PHONE" }\n] }\n');

    // Act / Assess
    expect(() => FleetUsers.fromFile(json)).toThrow([
      `${json}:2:40: \`autoAccept\` is "yes"; use true or false.`,
      `${json}:3:43: \`deskPhoneNumber\` (******00) is not an E.164 number; write it as + country code and digits only, 2 to 15 digits, e.g. '+15555550100'.`,
    ].join('\n'));
  });

  it('should name the file when it cannot be read or its format is unknown', () => {
    // Act / Assess
    expect(() => FleetUsers.fromFile('no-such-agents.csv')).toThrow(/^FleetUsers\.fromFile: cannot read no-such-agents\.csv \(ENOENT\); the path is relative to /);
    expect(() => FleetUsers.fromFile('agents.yaml')).toThrow('FleetUsers.fromFile: agents.yaml is neither .json nor .csv; name the file for its format.');
  });
});
