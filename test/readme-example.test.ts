/**
 * The usage examples compile against the library's real types and synthesize: `examples/usage.ts`,
 * and every TypeScript block of README.md (when there is one), docs/testing.md and
 * docs/declaration-files.md, where the
 * package name `cdk-connect-phone-config` is mapped to `lib/index.ts`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { RESOURCE_TYPE } from '../lib/core/contract';
import { ContactCenterAgentsStack } from '../examples/usage';
import { ENV, newApp } from './fixtures/stacks';
import { typeCheck } from './fixtures/type-check';

const ROOT = path.resolve(__dirname, '..');
const README = path.join(ROOT, 'README.md');
const USAGE = path.join(ROOT, 'examples', 'usage.ts');
const DOCS_WITH_CODE = ['testing.md', 'declaration-files.md'].map((f) => path.join(ROOT, 'docs', f));

/** The ```ts / ```typescript blocks of a Markdown text. */
function typeScriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|typescript)(?: [^\n]*)?\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

describe('usage examples', () => {
  it('should type-check examples/usage.ts, the README blocks and those of docs/testing.md and docs/declaration-files.md', () => {
    // Prepare
    const blocks = [README, ...DOCS_WITH_CODE].filter((f) => fs.existsSync(f)).flatMap((f) => typeScriptBlocks(fs.readFileSync(f, 'utf8')));
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
