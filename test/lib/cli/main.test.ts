import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { USAGE } from '../../../lib/cli/args';
import { main } from '../../../lib/cli/main';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env: {}, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

describe('Function: main', () => {
  it('should print the usage and exit 0 with --help', async () => {
    expect(await run(['plan', '--help'])).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
  });

  it('should exit 1 with the problem and the usage on a bad command line', async () => {
    // Act
    const result = await run(['plan', '--format', 'yaml']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`error: \`--format\` is "yaml"; use one of text, markdown, json.\n\n${USAGE}\n`);
  });

  it('should exit 1 when there is no cloud assembly', async () => {
    // Prepare
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpc-empty-'));

    // Act
    const result = await run(['plan', '--app-dir', dir]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: no cloud assembly in ${dir} (manifest.json not found). Run \`cdk synth\` first, or pass --app-dir with the assembly's directory.\n`);
  });

  it('should exit 1 when the manifest is not JSON', async () => {
    // Prepare
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpc-broken-'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ not json');

    // Act
    const result = await run(['plan', '--app-dir', dir]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: cannot read the cloud assembly in ${dir}: `));
  });
});
