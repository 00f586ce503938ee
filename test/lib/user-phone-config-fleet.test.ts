import { Duration } from 'aws-cdk-lib';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ConnectChannel, FleetUser, PhoneType, UserPhoneConfigFleet } from '../../lib';
import { RESOURCE_TYPE } from '../../lib/core/contract';
import { INLINE_USERS_MAX_BYTES } from '../../lib/core/contract';
import { DESK_PHONE_NUMBER, INSTANCE_ID, OTHER_INSTANCE_ID, accessPolicy, actionsOf, messageOf, newStack, synthesized, userId } from '../fixtures/stacks';

/** `n` users named by id, from `userId(1)`. */
function usersById(n: number): FleetUser[] {
  return Array.from({ length: n }, (_, i) => ({ userId: userId(i + 1) }));
}

const DEFAULTS = {
  phoneType: PhoneType.SOFT_PHONE,
  autoAccept: false,
  afterContactWorkTimeLimit: Duration.seconds(30),
};

describe('UserPhoneConfigFleet', () => {
  describe('defaults and overrides', () => {
    it('should give every user the defaults', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: DEFAULTS,
        users: [{ userId: userId(1) }, { username: 'bob' }],
      });

      // Assess
      const phoneConfig = { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 };
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Users: [
          { UserId: userId(1), PhoneConfig: phoneConfig },
          { Username: 'bob', PhoneConfig: phoneConfig },
        ],
      });
    });

    it('should let a user override a default, and keeps the other defaults', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: DEFAULTS,
        users: [
          { userId: userId(1), autoAccept: true },
          { userId: userId(2), phoneType: PhoneType.DESK_PHONE, deskPhoneNumber: DESK_PHONE_NUMBER, afterContactWorkTimeLimit: Duration.seconds(0) },
        ],
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Users: [
          { UserId: userId(1), PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30 } },
          { UserId: userId(2), PhoneConfig: { PhoneType: 'DESK_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0, DeskPhoneNumber: DESK_PHONE_NUMBER } },
        ],
      });
    });

    it('should merge channels setting by setting, and adds channels the defaults lack', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: {
          channels: [
            { channel: ConnectChannel.CHAT, autoAccept: true, afterContactWorkTimeLimit: Duration.seconds(60) },
            { channel: ConnectChannel.TASK, autoAccept: false },
          ],
        },
        users: [
          { userId: userId(1) },
          { userId: userId(2), channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(0) }, { channel: ConnectChannel.EMAIL, autoAccept: true }] },
        ],
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Users: [
          {
            UserId: userId(1),
            Channels: [
              { Channel: 'CHAT', AutoAccept: true, AfterContactWorkTimeLimit: 60 },
              { Channel: 'TASK', AutoAccept: false },
            ],
          },
          {
            UserId: userId(2),
            Channels: [
              { Channel: 'CHAT', AutoAccept: true, AfterContactWorkTimeLimit: 0 },
              { Channel: 'TASK', AutoAccept: false },
              { Channel: 'EMAIL', AutoAccept: true },
            ],
          },
        ],
        PerChannelWrites: true,
      });
    });

    it('should work without defaults, each user declaring its own settings', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        users: [{ userId: userId(1), autoAccept: true }, { userId: userId(2), persistentConnection: false }],
        writesPerSecond: 1,
        skipMissingUsers: true,
      });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Users: [
          { UserId: userId(1), PhoneConfig: { AutoAccept: true } },
          { UserId: userId(2), PhoneConfig: { PersistentConnection: false } },
        ],
        WritesPerSecond: 1,
        SkipMissingUsers: true,
        PerChannelWrites: true,
      });
    });

    it('should expose the summary as an attribute', () => {
      // Prepare
      const stack = newStack();
      const fleet = new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: usersById(2) });

      // Act
      const summary = stack.resolve(fleet.summary);

      // Assess
      expect(summary).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Agents/), 'Summary'] });
    });
  });

  describe('validation', () => {
    it('should fail when a user is declared twice', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: DEFAULTS,
        users: [{ username: 'alice' }, { username: 'bob' }, { username: 'alice', autoAccept: true }],
      }))).toThrow(/users\[2\] \(alice\): username alice is declared twice \(also users\[0\]\); declare each user once/);
    });

    it('should fail when a user id is declared twice in different case', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: DEFAULTS,
        users: [{ userId: userId(1) }, { userId: userId(1).toUpperCase() }],
      }))).toThrow(/users\[1\] .*is declared twice \(also users\[0\]\)/);
    });

    it('should fail when users is empty', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: [] })))
        .toThrow(/`users` is empty; declare at least one user/);
    });

    it('should fail when a user without defaults declares no setting, naming the user', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        users: [{ userId: userId(1), autoAccept: true }, { username: 'bob' }],
      }))).toThrow(/Invalid phone configuration in TestStack\/Agents:\nusers\[1\] \(bob\): declares no setting/);
    });

    it('should fail when a user declares a channel twice on top of the defaults', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: { channels: [{ channel: ConnectChannel.CHAT, autoAccept: true }] },
        users: [{
          userId: userId(1),
          channels: [{ channel: ConnectChannel.CHAT, autoAccept: false }, { channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(1) }],
        }],
      }))).toThrow(/channel CHAT is declared twice; merge its settings into one entry/);
    });

    it('should fail when defaults put a VOICE-only setting on CHAT', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: { channels: [{ channel: ConnectChannel.CHAT, persistentConnection: true }] },
        users: usersById(1),
      }))).toThrow(/`persistentConnection` is declared for CHAT; Connect has it on the VOICE channel only/);
    });

    it('should fail when a default is not whole seconds', () => {
      // Prepare
      const stack = newStack();

      // Act / Assess
      expect(() => synthesized(new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: { afterContactWorkTimeLimit: Duration.millis(1500) },
        users: usersById(1),
      }))).toThrow(/`afterContactWorkTimeLimit` is 1\.5 seconds; it must be a whole number of seconds/);
    });
  });

  describe('large fleets', () => {
    it('should keep a fleet small enough inline', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: usersById(100) });

      // Assess
      Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
        Users: Match.arrayWith([{ UserId: userId(100), PhoneConfig: Match.anyValue() }]),
        DesiredStateObject: Match.absent(),
      });
    });

    it('should put 2,000 users in an S3 asset that only the handler may read', () => {
      // Prepare
      const stack = newStack();
      const users = usersById(2000);
      expect(JSON.stringify(users).length).toBeGreaterThan(INLINE_USERS_MAX_BYTES);

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users });

      // Assess
      const template = Template.fromStack(stack);
      const objectKey = Match.stringLikeRegexp('^[0-9a-f]{64}\\.json$');
      template.hasResourceProperties(RESOURCE_TYPE, {
        Users: Match.absent(),
        DesiredStateObject: {
          Bucket: 'cdk-hnb659fds-assets-123456789012-us-east-1',
          Key: objectKey,
        },
      });
      const [resource] = Object.values(template.findResources(RESOURCE_TYPE)) as { Properties: { DesiredStateObject: { Key: string } } }[];
      const key = resource.Properties.DesiredStateObject.Key;
      const getObject = template.findResources('AWS::IAM::Policy', {
        Properties: {
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject' })]),
          },
        },
      });
      const statements = Object.values(getObject).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } })
        .Properties.PolicyDocument.Statement.filter((s) => JSON.stringify(s.Action).includes('s3:')));
      expect(statements).toEqual([{
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::cdk-hnb659fds-assets-123456789012-us-east-1/${key}`]] },
      }]);
      // The grant goes to the handler's role, no other.
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject' })]) },
        Roles: [{ Ref: Match.stringLikeRegexp('^ConnectPhoneConfigProviderHandlerRole') }],
      });
    });

    it('should synthesize 5,000 users quickly', () => {
      // Prepare
      const stack = newStack();
      const users: FleetUser[] = usersById(5000).map((u, i) => (i % 100 === 0
        ? { ...u, channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(60) }] }
        : u));
      const started = Date.now();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users });
      const template = Template.fromStack(stack);

      // Assess
      expect(Date.now() - started).toBeLessThan(10_000);
      template.hasResourceProperties(RESOURCE_TYPE, { Users: Match.absent(), DesiredStateObject: Match.anyValue(), PerChannelWrites: true });
      // The template stays far under CloudFormation's 1 MB.
      expect(JSON.stringify(template.toJSON()).length).toBeLessThan(100_000);
    });
  });

  describe('agent selectors', () => {
    it('should carry the selectors in the properties, and grant SearchUsers and agent writes on this instance only', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Sales', {
        instanceId: INSTANCE_ID,
        selectors: [
          { routingProfileId: 'rp-sales', settings: { autoAccept: true } },
          { hierarchyGroupId: 'g-1', includeChildGroups: true, tags: { site: 'dub' }, usernamePrefix: 'sales.', settings: { channels: [{ channel: ConnectChannel.CHAT, afterContactWorkTimeLimit: Duration.seconds(60) }] } },
        ],
      });

      // Assess
      const template = Template.fromStack(stack);
      template.hasResourceProperties(RESOURCE_TYPE, {
        Users: [],
        Selectors: [
          { RoutingProfileId: 'rp-sales', PhoneConfig: { AutoAccept: true } },
          { HierarchyGroupId: 'g-1', IncludeChildGroups: true, Tags: { site: 'dub' }, UsernamePrefix: 'sales.', Channels: [{ Channel: 'CHAT', AfterContactWorkTimeLimit: 60 }] },
        ],
      });
      const statements = accessPolicy(template).properties.PolicyDocument.Statement;
      expect(actionsOf(statements)).toEqual(expect.arrayContaining(['connect:SearchUsers', 'connect:UpdateUserPhoneConfig', 'connect:UpdateUserConfig']));
      const search = statements.find((s) => s.Action === 'connect:SearchUsers') as { Resource: unknown[] };
      expect(JSON.stringify(search.Resource)).toContain(`instance/${INSTANCE_ID}/agent/*`);
    });

    it('should fail at synth with every selector problem named, the fix included', () => {
      // Prepare
      const stack = newStack();

      // Act
      const message = messageOf(() => synthesized(new UserPhoneConfigFleet(stack, 'Sales', {
        instanceId: INSTANCE_ID,
        selectors: [
          { settings: { autoAccept: true } },
          { routingProfileId: 'rp', settings: { deskPhoneNumberParameterName: '/desk/all' } },
          { routingProfileId: 'rp-sales', settings: { autoAccept: true } },
          { routingProfileId: 'rp-sales', settings: { autoAccept: false } },
        ],
      })));

      // Assess
      expect(message).toContain('selectors[0]: selects no agents by anything; give at least one of `routingProfileId`, `hierarchyGroupId`, `tags` or `usernamePrefix`.');
      expect(message).toContain('selectors[1]: declares `deskPhoneNumberParameterName`; a desk number is each agent\'s own, so declare it per user instead.');
      expect(message).toContain('selectors[3]: selects the same agents as selectors[2] and sets AutoAccept to false where it sets true; merge the two selectors.');
    });
  });

  describe('a fleet too large for one resource\'s hour', () => {
    // At 0.05 writes/s one resource writes 151 users in its hour; a part holds 90% of that, 135.
    const SLOW = { writesPerSecond: 0.05 };
    type Resource = { Properties: { Users: { UserId: string }[] }; DependsOn?: string[] };
    const partsOf = (template: Template) => Object.entries(template.findResources(RESOURCE_TYPE) as Record<string, Resource>);

    it('should be split into parts of at most 135 users, chained in order, the first keeping the resource id of an unsplit fleet', () => {
      // Prepare
      const stack = newStack();
      const small = newStack('Small');

      // Act
      const fleet = new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: usersById(300), ...SLOW });
      new UserPhoneConfigFleet(small, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: usersById(100), ...SLOW });

      // Assess
      const parts = partsOf(Template.fromStack(stack));
      expect(parts.map(([id]) => id)).toEqual([
        stack.getLogicalId(fleet.resources[0].node.defaultChild as never),
        stack.getLogicalId(fleet.resources[1].node.defaultChild as never),
        stack.getLogicalId(fleet.resources[2].node.defaultChild as never),
      ]);
      expect(parts[0][0]).toBe(partsOf(Template.fromStack(small))[0][0]);
      expect(fleet.resources.map((r) => r.node.path)).toEqual(['TestStack/Agents/Resource', 'TestStack/Agents/Part2/Resource', 'TestStack/Agents/Part3/Resource']);
      expect(parts.map(([, r]) => r.Properties.Users.length).every((n) => n <= 135)).toBe(true);
      expect(parts.flatMap(([, r]) => r.Properties.Users.map((u) => u.UserId)).sort()).toEqual(usersById(300).map((u) => u.userId).sort());
      expect(parts[0][1].DependsOn ?? []).not.toContain(parts[1][0]);
      expect(parts[1][1].DependsOn).toContain(parts[0][0]);
      expect(parts[2][1].DependsOn).toContain(parts[1][0]);
    });

    it('should give each part its own drift-correction rule, with that part\'s users', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: usersById(300), driftCorrection: Schedule.rate(Duration.hours(1)), ...SLOW });

      // Assess
      const template = Template.fromStack(stack);
      const parts = partsOf(template);
      const rules = Object.values(template.findResources('AWS::Events::Rule')) as { Properties: { Targets: { Input: unknown }[] } }[];
      const inputs = rules.map((r) => JSON.stringify(r.Properties.Targets[0].Input));
      // Each part's users are in an S3 object (a schedule's input holds 8 KB): each rule names its part's.
      const keys = parts.map(([, p]) => (p.Properties as unknown as { DesiredStateObject: { Key: string } }).DesiredStateObject.Key);
      expect(rules).toHaveLength(3);
      expect(new Set(keys).size).toBe(3);
      for (const key of keys) expect(inputs.filter((i) => i.includes(key))).toHaveLength(1);
    });

    it('should join the parts\' summaries', () => {
      // Prepare
      const stack = newStack();
      const fleet = new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: usersById(200), ...SLOW });

      // Act
      const summary = stack.resolve(fleet.summary);

      // Assess
      expect(summary).toEqual({ 'Fn::Join': ['; ', fleet.resources.map((r) => stack.resolve(r.getAttString('Summary')))] });
    });

    it('should fail at synth, with the figures, when even 100 parts cannot hold the users', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: usersById(2_000), writesPerSecond: 0.001 });

      // Assess
      expect(messageOf(() => synthesized(stack))).toMatch(/`users` declares 2,000 users; writing them all .* needs at least 2,000,000 s at 0.001 users\/s, and one custom resource can write for 3,020 s .*: 3 users at this rate, so this fleet would need more than 100 chained resources of 2 users\. Raise `writesPerSecond`/);
    });

    it('should fail at synth a fleet with selectors that one resource cannot write, saying why it is not split', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: usersById(200), selectors: [{ usernamePrefix: 'agent', settings: { autoAccept: true } }], ...SLOW });

      // Assess
      expect(messageOf(() => synthesized(stack))).toMatch(/declares 200 users; .* A fleet with `selectors` is one resource .* move the users beyond 151 to a second UserPhoneConfigFleet without selectors/);
    });
  });

  describe('fleets sharing one instance\'s quota', () => {
    it('should chain the resources of one instance in declaration order, and leave another instance\'s alone', () => {
      // Prepare
      const stack = newStack();

      // Act
      const first = new UserPhoneConfigFleet(stack, 'First', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: usersById(2) });
      const other = new UserPhoneConfigFleet(stack, 'Other', { instanceId: OTHER_INSTANCE_ID, defaults: DEFAULTS, users: usersById(2) });
      const second = new UserPhoneConfigFleet(stack, 'Second', { instanceId: INSTANCE_ID, defaults: DEFAULTS, users: [{ userId: userId(3) }] });

      // Assess
      const template = Template.fromStack(stack);
      const id = (fleet: UserPhoneConfigFleet) => stack.getLogicalId(fleet.resource.node.defaultChild as never);
      const dependsOn = (fleet: UserPhoneConfigFleet) => (template.toJSON().Resources[id(fleet)].DependsOn ?? []) as string[];
      expect(dependsOn(second)).toContain(id(first));
      expect(dependsOn(other)).not.toContain(id(first));
      expect(dependsOn(first)).not.toContain(id(second));
    });
  });
});
