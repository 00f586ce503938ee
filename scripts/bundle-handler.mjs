#!/usr/bin/env node
/**
 * Builds the handler asset the construct deploys (`assets/handler/`), once, when the package is
 * built: consumers never bundle at synth, need no esbuild, and deploy the SDK versions this
 * package's lock file pinned and its tests ran.
 *
 *   index.js       the entry points (lambda/index.ts) and the Connect client: every event loads it
 *   client-s3.js   @aws-sdk/client-s3, required on first use (a large fleet's desired-state object)
 *   client-ssm.js  @aws-sdk/client-ssm, required on first use (restore records, desk numbers in SSM)
 *
 * `--out DIR` writes elsewhere, and `--bare-connect` adds `bare-connect.js` (only the Connect client,
 * with the same options): the bench's peer for the cold-start figure.
 */
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, 'assets', 'handler');

/** The clients loaded on first use (lib/engine/lazy-sdk.ts), each bundled into a file of its own. */
const DEFERRED = { '@aws-sdk/client-s3': 'client-s3.js', '@aws-sdk/client-ssm': 'client-ssm.js' };

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Lambda runs Node.js 24; node22 keeps the output valid for the oldest Node the tests use too.
  target: 'node22',
  // The SDK's ES module builds tree-shake: only the commands the handler sends are kept.
  mainFields: ['module', 'main'],
  // Their lazy `import('node:http')` becomes a `require`: the same laziness, and loadable where
  // dynamic import is not (a CommonJS host such as a test runner's VM).
  supported: { 'dynamic-import': false },
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
  absWorkingDir: root,
};

/** Leaves each deferred client as a `require` of its own file, resolved at run time beside index.js. */
const deferClients = {
  name: 'defer-clients',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/client-(s3|ssm)$/ }, (a) => ({ path: `./${DEFERRED[a.path]}`, external: true }));
  },
};

function moduleOf(pkg, outfile) {
  return build({ ...common, stdin: { contents: `module.exports = require('${pkg}');`, resolveDir: root, loader: 'js' }, outfile: join(outDir, outfile) });
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
await build({ ...common, entryPoints: [join(root, 'lambda', 'index.ts')], outfile: join(outDir, 'index.js'), plugins: [deferClients] });
for (const [pkg, file] of Object.entries(DEFERRED)) await moduleOf(pkg, file);
if (args.includes('--bare-connect')) await moduleOf('@aws-sdk/client-connect', 'bare-connect.js');
