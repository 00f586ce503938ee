/**
 * The layer rules of eslint.config.mjs fire on the imports they forbid (lint runs over the real
 * sources in `npm test`; this checks the rules themselves, on sources that break them).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** ESLint runs in a child process: its flat config is an ES module, which jest's VM cannot import. */
async function restricted(file: string, source: string): Promise<string[]> {
  const run = spawnSync(process.execPath, [ESLINT, '--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: ROOT, input: source, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['lib/core/probe.ts', "import { ConnectClient } from '@aws-sdk/client-connect';\nexport const c = ConnectClient;\n", 'calls no SDK'],
    ['lib/core/probe.ts', "import { reconcile } from '../engine/reconcile';\nexport const r = reconcile;\n", 'the engine runs in'],
    ['lib/private/probe.ts', "import { reconcile } from '../engine/reconcile';\nexport const r = reconcile;\n", 'the engine runs in'],
    ['lib/user-probe.ts', "import { main } from './cli/main';\nexport const m = main;\n", 'the CLI is an entry point'],
    ['lambda/probe.ts', "import { UserPhoneConfig } from '../lib';\nexport const u = UserPhoneConfig;\n", 'never loads the constructs'],
    ['lambda/probe.ts', "import { Stack } from 'aws-cdk-lib';\nexport const s = Stack;\n", 'load nothing of aws-cdk-lib'],
    ['lib/engine/probe.ts', "import { toUserSpecs } from '../private/to-spec';\nexport const t = toUserSpecs;\n", 'never loads the constructs'],
    ['lib/cli/probe.ts', "import { onEvent } from '../../lambda/index';\nexport const o = onEvent;\n", 'lambda/ holds the Lambda entry points only'],
  ])('%s: %j is refused', async (file, source, why) => {
    expect((await restricted(file, source)).join('\n')).toContain(why);
  });

  it('should allow type-only imports of the SDK in the pure core', async () => {
    expect(await restricted('lib/core/probe.ts', "import type { User } from '@aws-sdk/client-connect';\nexport type U = User;\n")).toEqual([]);
  });
});
