import { exitCodeOf, settingName, summaryLine, userLabel, verdictOf } from '../../../lib/cli/plan-result';
import { userId } from '../../fixtures/stacks';
import { BLOCKED, CHANGED, MISSING, SKIPPED, UNCHANGED, UNREADABLE, assemblyPlan, resource } from './plan-fixtures';

describe('Function: verdictOf', () => {
  it.each([
    [CHANGED, 'change'],
    [UNCHANGED, 'unchanged'],
    [MISSING, 'missing'],
    [SKIPPED, 'skipped'],
    [BLOCKED, 'blocked'],
    [UNREADABLE, 'error'],
    [{ ...MISSING, cause: 'error' as const, reason: 'user id x: AccessDeniedException: not authorized' }, 'error'],
  ])('should classify %j', (outcome, verdict) => {
    expect(verdictOf(outcome)).toBe(verdict);
  });
});

describe('Function: exitCodeOf', () => {
  it('should be 0 when nothing would change, skipped users included', () => {
    expect(exitCodeOf(assemblyPlan(resource([UNCHANGED, SKIPPED])))).toBe(0);
    expect(exitCodeOf(assemblyPlan())).toBe(0);
  });

  it('should be 2 when a user would change', () => {
    expect(exitCodeOf(assemblyPlan(resource([UNCHANGED, CHANGED])))).toBe(2);
  });

  it.each([[MISSING], [BLOCKED], [UNREADABLE]])('should be 1 when the deploy would fail on %j', (outcome) => {
    expect(exitCodeOf(assemblyPlan(resource([CHANGED, outcome])))).toBe(1);
  });

  it('should be 1 when a resource could not be planned', () => {
    expect(exitCodeOf(assemblyPlan(resource([CHANGED]), resource([], { error: 'cannot resolve' })))).toBe(1);
  });
});

describe('Function: summaryLine', () => {
  it('should count users by verdict, resources and stacks', () => {
    // Act
    const line = summaryLine(assemblyPlan(resource([CHANGED, UNCHANGED, MISSING, SKIPPED, BLOCKED, UNREADABLE]), resource([], { stackName: 'Other', error: 'x' })));

    // Assess
    expect(line).toBe('Plan: 1 user to change, 1 unchanged, 1 missing, 1 missing and skipped, 1 blocked, 1 unreadable, 1 resource not planned (2 resources in 2 stacks).');
  });

  it('should say when the assembly declares nothing', () => {
    expect(summaryLine(assemblyPlan())).toBe('Plan: no phone-config resources in cdk.out; nothing to change.');
  });
});

describe('Function: userLabel and settingName', () => {
  it('should name a user by its reference and, when found by username, its id', () => {
    expect(userLabel(CHANGED)).toBe(`alice (${userId(1)})`);
    expect(userLabel(UNCHANGED)).toBe(`user id ${userId(2)}`);
  });

  it('should name settings as the construct props do', () => {
    expect(settingName({ channel: 'CHAT', field: 'AfterContactWorkTimeLimit' })).toBe('CHAT.afterContactWorkTimeLimit');
    expect(settingName({ channel: 'VOICE', field: 'PhoneNumber' })).toBe('VOICE.phoneNumber');
  });
});
