import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ConnectChannel, FleetUser, PhoneType, UserPhoneConfig, UserPhoneConfigFleet } from '../../../lib';
import { HANDLER_TIMEOUT, MAX_USER_ARNS, flatten } from '../../../lib/private/phone-config-provider';
import {
  ENV,
  INSTANCE_ID,
  OTHER_INSTANCE_ARN,
  USER_ID,
  actionsOf,
  agentArnJoin,
  connectStatements,
  newStack,
  userId,
} from '../../fixtures/stacks';

function usersById(n: number, from = 1): FleetUser[] {
  return Array.from({ length: n }, (_, i) => ({ userId: userId(from + i) }));
}

/** Every statement of every policy attached to the handler role (inline or default policy). */
function handlerRoleStatements(template: Template): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^ConnectPhoneConfigProviderHandlerRole') }] },
  });
  return Object.values(policies).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } })
    .Properties.PolicyDocument.Statement);
}

function resourcesOf(statement: Record<string, unknown>): unknown[] {
  return ([] as unknown[]).concat(statement.Resource);
}

describe('PhoneConfigProvider', () => {
  describe('one provider per stack', () => {
    it('should serve two UserPhoneConfig and a fleet with one handler, role and log group', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: userId(1), autoAccept: true });
      new UserPhoneConfig(stack, 'Bob', { instanceId: INSTANCE_ID, userId: userId(2), autoAccept: true });
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: false }, users: usersById(3, 3) });

      // Assess
      const template = Template.fromStack(stack);
      const handlerProps = { Runtime: 'nodejs24.x', Timeout: Match.anyValue(), Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConnectPhoneConfigProviderHandlerRole'), 'Arn'] } };
      expect(Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.onEvent' } }))).toHaveLength(1);
      expect(Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.isComplete' } }))).toHaveLength(1);
      template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.onEvent', ...handlerProps });
      template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.isComplete', ...handlerProps });
      // The provider framework: onEvent, isComplete and onTimeout, once.
      template.resourceCountIs('AWS::Lambda::Function', 5);
      template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
      // Each handler logs to /aws/lambda/<its name> (where the framework's "Logs:" pointer looks); the framework to its own group.
      template.resourceCountIs('AWS::Logs::LogGroup', 3);
      for (const handler of ['onEvent', 'isComplete']) {
        const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: `index.${handler}` } })) as { Properties: { FunctionName: string } }[];
        template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/lambda/${fn.Properties.FunctionName}`, RetentionInDays: 90 });
      }
      template.resourceCountIs('Custom::ConnectUserPhoneConfig', 3);
    });

    it('should give the handler a timeout of at most 14 minutes', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });

      // Assess
      const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
        Properties: { Handler: Match.stringLikeRegexp('^index\\.') },
      });
      const timeouts = Object.values(functions).map((f) => (f as { Properties: { Timeout: number } }).Properties.Timeout);
      expect(timeouts).toEqual([HANDLER_TIMEOUT.toSeconds(), HANDLER_TIMEOUT.toSeconds()]);
      expect(Math.max(...timeouts)).toBeLessThanOrEqual(840);
    });

    it('should give a second stack its own provider', () => {
      // Prepare
      const stack = newStack('First');
      const second = new Stack(stack.node.root, 'Second', { env: ENV });

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });
      new UserPhoneConfig(second, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });

      // Assess
      for (const s of [stack, second]) {
        const template = Template.fromStack(s);
        expect(Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.onEvent' } }))).toHaveLength(1);
        template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
      }
    });
  });

  describe('Connect permissions', () => {
    it('should grant DescribeUser and UpdateUserPhoneConfig on exactly the users\' ARNs', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: userId(2), autoAccept: true });
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users: usersById(1) });

      // Assess
      expect(connectStatements(Template.fromStack(stack))).toEqual([{
        Effect: 'Allow',
        Action: ['connect:DescribeUser', 'connect:UpdateUserPhoneConfig', 'connect:UpdateUserConfig'],
        Resource: [agentArnJoin(userId(1)), agentArnJoin(userId(2))],
      }]);
    });

    it('should grant one user\'s ARN as a single resource', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });

      // Assess
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyName: Match.stringLikeRegexp('^cdk-connect-phone-config-[0-9A-F]{10}$'),
        PolicyDocument: {
          Statement: Match.arrayWith([{ Effect: 'Allow', Action: ['connect:DescribeUser', 'connect:UpdateUserPhoneConfig', 'connect:UpdateUserConfig'], Resource: agentArnJoin(USER_ID) }]),
        },
      });
    });

    it('should grant users of an instance named by ARN on that instance', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceArn: OTHER_INSTANCE_ARN, userId: USER_ID, autoAccept: true });

      // Assess
      expect(connectStatements(Template.fromStack(stack))).toEqual([{
        Effect: 'Allow',
        Action: ['connect:DescribeUser', 'connect:UpdateUserPhoneConfig', 'connect:UpdateUserConfig'],
        Resource: `${OTHER_INSTANCE_ARN}/agent/${USER_ID}`,
      }]);
    });

    it('should grant UpdateUserConfig unless every construct on the instance opts out', () => {
      // Prepare
      const optedOut = newStack('OptedOut');
      const perChannel = newStack('PerChannel');
      const mixed = newStack('Mixed');

      // Act
      new UserPhoneConfig(optedOut, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, perChannelWrites: false });
      new UserPhoneConfig(perChannel, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, channels: [{ channel: ConnectChannel.CHAT, autoAccept: true }] });
      new UserPhoneConfig(mixed, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true, perChannelWrites: false });
      new UserPhoneConfig(mixed, 'Bob', { instanceId: INSTANCE_ID, userId: userId(9), autoAccept: true });

      // Assess
      expect(actionsOf(connectStatements(Template.fromStack(optedOut)))).not.toContain('connect:UpdateUserConfig');
      expect(actionsOf(connectStatements(Template.fromStack(perChannel)))).toContain('connect:UpdateUserConfig');
      expect(actionsOf(connectStatements(Template.fromStack(mixed)))).toContain('connect:UpdateUserConfig');
    });

    it('should grant SearchUsers only when users are named by username or there are more than 10', () => {
      // Prepare
      const ten = newStack('Ten');
      const eleven = newStack('Eleven');
      const byName = newStack('ByName');

      // Act
      new UserPhoneConfigFleet(ten, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users: usersById(10) });
      new UserPhoneConfigFleet(eleven, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users: usersById(11) });
      new UserPhoneConfig(byName, 'Alice', { instanceId: INSTANCE_ID, username: 'alice', autoAccept: true });

      // Assess
      expect(actionsOf(connectStatements(Template.fromStack(ten)))).not.toContain('connect:SearchUsers');
      for (const stack of [eleven, byName]) {
        expect(connectStatements(Template.fromStack(stack))).toContainEqual({
          Effect: 'Allow',
          Action: 'connect:SearchUsers',
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:connect:us-east-1:123456789012:instance/${INSTANCE_ID}`]] },
            agentArnJoin('*'),
          ],
        });
      }
    });

    it('should fall back to the instance\'s agents when a user is named by username', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, userId: USER_ID, autoAccept: true });
      new UserPhoneConfig(stack, 'Bob', { instanceId: INSTANCE_ID, username: 'bob', autoAccept: true });

      // Assess
      const [writes] = connectStatements(Template.fromStack(stack));
      expect(writes.Resource).toEqual(agentArnJoin('*'));
    });

    it(`should list up to ${MAX_USER_ARNS} user ARNs, and falls back to the instance's agents above`, () => {
      // Prepare
      const atLimit = newStack('AtLimit');
      const aboveLimit = newStack('AboveLimit');

      // Act
      new UserPhoneConfigFleet(atLimit, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users: usersById(MAX_USER_ARNS) });
      new UserPhoneConfigFleet(aboveLimit, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users: usersById(MAX_USER_ARNS + 1) });

      // Assess
      const [listed] = connectStatements(Template.fromStack(atLimit));
      expect(resourcesOf(listed)).toHaveLength(MAX_USER_ARNS);
      expect(JSON.stringify(listed.Resource)).not.toContain('*');
      const [wildcard] = connectStatements(Template.fromStack(aboveLimit));
      expect(wildcard.Resource).toEqual(agentArnJoin('*'));
    });

    it('should count the users of every construct of the stack toward the limit', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Team1', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users: usersById(30, 1) });
      new UserPhoneConfigFleet(stack, 'Team2', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users: usersById(30, 31) });

      // Assess
      const [writes] = connectStatements(Template.fromStack(stack));
      expect(writes.Resource).toEqual(agentArnJoin('*'));
    });

    it('should keep the Connect policy under IAM\'s inline policy size limit', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfigFleet(stack, 'Agents', { instanceId: INSTANCE_ID, defaults: { autoAccept: true }, users: usersById(MAX_USER_ARNS) });

      // Assess
      const statements = connectStatements(Template.fromStack(stack));
      // Measured on the CloudFormation form, which is longer than the policy IAM stores.
      expect(JSON.stringify({ Version: '2012-10-17', Statement: statements }).length).toBeLessThan(10_240);
    });

    it('should never grant a Resource of *, in any statement of the handler role', () => {
      // Prepare
      const stack = newStack();

      // Act
      new UserPhoneConfig(stack, 'Alice', { instanceId: INSTANCE_ID, username: 'alice', phoneType: PhoneType.SOFT_PHONE });
      new UserPhoneConfigFleet(stack, 'Agents', {
        instanceId: INSTANCE_ID,
        defaults: { afterContactWorkTimeLimit: Duration.seconds(30), channels: [{ channel: ConnectChannel.CHAT, autoAccept: true }] },
        users: usersById(2000),
      });

      // Assess
      const statements = handlerRoleStatements(Template.fromStack(stack));
      expect(statements.length).toBeGreaterThanOrEqual(3);
      for (const statement of statements) {
        expect(statement.Resource).toBeDefined();
        for (const resource of resourcesOf(statement)) expect(resource).not.toBe('*');
        expect(JSON.stringify(statement.Action)).not.toMatch(/"[a-z0-9]*:?\*"/);
      }
    });
  });

  describe('flatten', () => {
    it('should name CloudFormation values the way cdk-nag does', () => {
      // Prepare
      const value = {
        'Fn::Join': ['', [
          'arn:', { Ref: 'AWS::Partition' }, ':', { 'Fn::GetAtt': ['Fn', 'Arn'] }, ':', { 'Fn::Sub': 'x-${AWS::Region}' }, ':', { 'Fn::ImportValue': 'Exported' },
        ]],
      };

      // Act
      const flat = flatten(value);

      // Assess
      expect(flat).toBe('arn:<AWS::Partition>:<Fn.Arn>:x-<AWS::Region>:Exported');
    });
  });
});
