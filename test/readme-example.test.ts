/**
 * The usage examples compile against the library's real types and synthesize: `examples/usage.ts`,
 * and every TypeScript block of README.md (when there is one) and of docs/testing.md, where the
 * package name `cdk-connect-phone-config` is mapped to `lib/index.ts`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { RESOURCE_TYPE } from '../lib/core/contract';
import { ContactCenterAgentsStack } from '../examples/usage';
import { ENV, newApp } from './fixtures/stacks';

const ROOT = path.resolve(__dirname, '..');
const README = path.join(ROOT, 'README.md');
const USAGE = path.join(ROOT, 'examples', 'usage.ts');
const TESTING_DOC = path.join(ROOT, 'docs', 'testing.md');

/** The ```ts / ```typescript blocks of a Markdown text. */
function typeScriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|typescript)(?: [^\n]*)?\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

/**
 * Type-checks `files` (real paths) and `virtual` (path → source, never written) with the project's
 * compiler options; returns the diagnostics of those files only, formatted.
 */
function typeCheck(files: string[], virtual: Record<string, string> = {}): string[] {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    baseUrl: ROOT,
    paths: { 'cdk-connect-phone-config': ['lib/index.ts'], 'cdk-connect-phone-config/testing': ['lib/testing/index.ts'] },
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f in virtual || fileExists.call(host, f);
  host.readFile = (f) => virtual[f] ?? readFile.call(host, f);
  host.getSourceFile = (f, languageVersion, ...rest) => (f in virtual
    ? ts.createSourceFile(f, virtual[f], languageVersion, true)
    : getSourceFile.call(host, f, languageVersion, ...rest));
  const roots = [...files, ...Object.keys(virtual)];
  const program = ts.createProgram(roots, options, host);
  return ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || roots.includes(path.resolve(d.file.fileName)) || roots.includes(d.file.fileName))
    .map((d) => ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }).trim());
}

describe('usage examples', () => {
  it('should type-check examples/usage.ts, the README blocks and those of docs/testing.md', () => {
    // Prepare
    const blocks = [README, TESTING_DOC].filter((f) => fs.existsSync(f)).flatMap((f) => typeScriptBlocks(fs.readFileSync(f, 'utf8')));
    // Each block is its own module, so two blocks may declare the same names.
    const virtual = Object.fromEntries(blocks.map((code, i) => [path.join(ROOT, 'examples', `readme-block-${i}.ts`), `${code}\nexport {};\n`]));

    // Act
    const diagnostics = typeCheck([USAGE], virtual);

    // Assess
    expect(diagnostics).toEqual([]);
  });

  it('should find a TypeScript usage example in the README, when there is a README', () => {
    // Prepare
    if (!fs.existsSync(README)) return;

    // Act
    const blocks = typeScriptBlocks(fs.readFileSync(README, 'utf8'));

    // Assess
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks[0]).toMatch(/new UserPhoneConfig\(/);
    expect(blocks[0]).toMatch(/new UserPhoneConfigFleet\(/);
  });

  it('should synthesize one user and a fleet from examples/usage.ts', () => {
    // Prepare
    const app = newApp();

    // Act
    const stack = new ContactCenterAgentsStack(app, 'ContactCenterAgents', { env: ENV });

    // Assess
    const template = Template.fromStack(stack);
    template.resourceCountIs(RESOURCE_TYPE, 2);
    template.hasResourceProperties(RESOURCE_TYPE, {
      Users: [{
        UserId: 'aaaaaaaa-0000-0000-0000-000000000001',
        PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30 },
      }],
    });
    template.hasResourceProperties(RESOURCE_TYPE, {
      Users: [
        { Username: 'bob', PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 60 } },
        { Username: 'carol', PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 60 } },
        {
          Username: 'dave',
          PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 60 },
          Channels: [{ Channel: 'CHAT', AfterContactWorkTimeLimit: 120 }],
        },
      ],
      PerChannelWrites: true,
    });
  });
});
