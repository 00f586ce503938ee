import { USAGE, UsageError, parseArgs } from '../../../lib/cli/args';

describe('Function: parseArgs', () => {
  it('should default to cdk.out, every stack and text', () => {
    expect(parseArgs(['plan'])).toEqual({ command: 'plan', appDir: 'cdk.out', stacks: [], format: 'text', account: undefined, region: undefined });
  });

  it('should read every option, with a space or an equals sign', () => {
    // Act
    const args = parseArgs(['plan', '--app-dir', 'out', '--stack', 'A', '--stack=B', '--format=markdown', '--account', '123456789012', '--region=eu-west-1']);

    // Assess
    expect(args).toEqual({ command: 'plan', appDir: 'out', stacks: ['A', 'B'], format: 'markdown', account: '123456789012', region: 'eu-west-1' });
  });

  it.each([[['--help']], [['plan', '-h']], [['help']], [['plan', '--stack', 'A', '--help']]])('should ask for help with %j', (argv) => {
    expect(parseArgs(argv)).toEqual({ command: 'help' });
  });

  it.each([
    [[], /no command given/],
    [['apply'], /unknown command `apply`/],
    [['plan', 'cdk.out'], /unexpected argument `cdk.out`/],
    [['plan', '--force'], /unknown option `--force`/],
    [['plan', '--app-dir'], /`--app-dir` needs a value/],
    [['plan', '--stack', '--format', 'json'], /`--stack` needs a value/],
    [['plan', '--app-dir='], /`--app-dir` needs a value/],
    [['plan', '--format', 'html'], /`--format` is "html"; use one of text, markdown, json/],
    [['plan', '--account', '1234'], /`--account` is "1234"; expected a 12-digit AWS account id/],
    [['plan', '--region', 'Europe'], /`--region` is "Europe"; expected an AWS region/],
  ])('should fail when the command line is %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('should document every option and the exit codes in the usage', () => {
    for (const option of ['--app-dir', '--stack', '--format', '--account', '--region', '--help']) expect(USAGE).toContain(option);
    expect(USAGE).toMatch(/0 nothing would change, 2 changes are pending, 1 error/);
  });
});

describe('Function: parseArgs (export)', () => {
  const ID = '11111111-2222-3333-4444-555555555555';

  it('should read every filter and option, the region and account from an instance ARN', () => {
    // Act
    const args = parseArgs([
      'export', `--instance-arn=arn:aws:connect:eu-west-1:123456789012:instance/${ID}`,
      '--routing-profile', 'rp-1', '--hierarchy-group', 'g-1', '--with-child-groups',
      '--tag', 'team=sales', '--tag', 'site=dub=1', '--username-prefix', 'sales.',
      '--format', 'csv', '--out', 'agents.csv', '--include-phone-numbers', '--search-users-per-second', '1',
    ]);

    // Assess
    expect(args).toEqual({
      command: 'export',
      instanceId: ID,
      region: 'eu-west-1',
      account: '123456789012',
      filters: { routingProfileId: 'rp-1', hierarchyGroupId: 'g-1', withChildGroups: true, tags: [{ key: 'team', value: 'sales' }, { key: 'site', value: 'dub=1' }], usernamePrefix: 'sales.' },
      format: 'csv',
      outFile: 'agents.csv',
      includePhoneNumbers: true,
      searchUsersPerSecond: 1,
    });
  });

  it('should default to JSON on standard output, every agent, no phone numbers, the default quota', () => {
    // Act / Assess
    expect(parseArgs(['export', '--instance-id', ID])).toEqual({
      command: 'export', instanceId: ID, region: undefined, account: undefined,
      filters: { withChildGroups: false, tags: [] }, format: 'json', outFile: undefined, includePhoneNumbers: false, searchUsersPerSecond: 2,
    });
  });

  it.each([
    [['export'], /export needs the instance/],
    [['export', '--instance-id', 'abc'], /`--instance-id` is "abc"; expected a Connect instance id/],
    [['export', '--instance-arn', 'arn:aws:s3:::bucket'], /`--instance-arn` is "arn:aws:s3:::bucket"; expected arn:aws:connect/],
    [['export', '--instance-id', ID, '--instance-id', ID], /give the instance once/],
    [['export', '--instance-id', ID, '--with-child-groups'], /`--with-child-groups` goes with `--hierarchy-group ID`/],
    [['export', '--instance-id', ID, '--tag', 'team'], /`--tag` is "team"; write it as KEY=VALUE/],
    [['export', '--instance-id', ID, '--format', 'yaml'], /`--format` is "yaml"; use one of json, csv, ts/],
    [['export', '--instance-id', ID, '--include-phone-numbers=yes'], /`--include-phone-numbers` takes no value/],
    [['export', '--instance-id', ID, '--search-users-per-second', '0'], /`--search-users-per-second` is "0"/],
    [['export', `--instance-arn=arn:aws:connect:eu-west-1:123456789012:instance/${ID}`, '--region', 'us-east-1'], /`--region` is us-east-1 but the instance ARN is in eu-west-1/],
  ])('should fail when the export command line is %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('should document every export option in the usage', () => {
    for (const option of ['--instance-id', '--instance-arn', '--routing-profile', '--hierarchy-group', '--with-child-groups', '--tag', '--username-prefix', '--out', '--include-phone-numbers', '--search-users-per-second']) expect(USAGE).toContain(option);
  });
});
