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
