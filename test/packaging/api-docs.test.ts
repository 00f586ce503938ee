/**
 * API.md (TypeScript) and API.python.md are generated from the jsii assembly and checked in; this
 * renders them again from the assembly `npm run package` built and fails when they are stale.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { API_DOCS, ROOT } from '../../scripts/api-docs';

describe('API reference (jsii-docgen)', () => {
  const rendered: Record<string, string> = {};
  beforeAll(() => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
    execFileSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(ROOT, 'scripts', 'api-docs.ts'), '--out', out], {
      env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    for (const { file } of API_DOCS) rendered[file] = fs.readFileSync(path.join(out, file), 'utf8');
  }, 120_000);

  it.each(API_DOCS.map((d) => d.file))('should match the checked-in %s (run `npm run docs` after changing the public API)', (file) => {
    // Act
    const checkedIn = fs.readFileSync(path.join(ROOT, file), 'utf8');

    // Assess
    expect(checkedIn).toEqual(rendered[file]);
  });

  it('should document every construct, in each language\'s own names', () => {
    // Assess
    expect(rendered['API.md']).toMatch(/new UserPhoneConfigFleet\(scope: Construct, id: string, props: UserPhoneConfigFleetProps\)/);
    expect(rendered['API.python.md']).toMatch(/cdk_connect_phone_config\.UserPhoneConfigFleet\(/);
    expect(rendered['API.python.md']).toMatch(/after_contact_work_time_limit/);
    expect(rendered['API.python.md']).not.toMatch(/non-compiling source/);
  });
});
