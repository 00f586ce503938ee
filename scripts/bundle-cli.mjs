#!/usr/bin/env node
/**
 * Bundles the `cdk-connect-phone-config` command (`lib/cli/main.ts`) into one file,
 * `dist/cli/main.js`, with the AWS SDK clients it sends requests with (CloudFormation, Connect,
 * S3, SSM, STS), pinned by this package's lock file.
 *
 * Why: the package then has no runtime `dependencies` at all. Consumers install only the
 * constructs and their peers (`aws-cdk-lib`, `constructs`), and jsii, which accepts no dependency
 * that is not itself a jsii module, can build the constructs for Python, Java, .NET and Go.
 * `aws-cdk-lib` stays a `require` of the consumer's own copy (the CLI reads cloud assemblies with
 * its `cx-api`, which must match the CDK that wrote them).
 *
 * Runs after the compiler (`npm run build`), replacing the compiled, unbundled `dist/cli/main.js`.
 */
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'lib', 'cli', 'main.ts')],
  outfile: join(root, 'dist', 'cli', 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The command runs on the consumer's Node.js (package.json `engines`: 20.19 and later).
  target: 'node20',
  // The SDK's ES module builds tree-shake: only the commands the CLI sends are kept.
  mainFields: ['module', 'main'],
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
  // Readable stack traces for bug reports; the file is not loaded on any hot path.
  minify: false,
  sourcemap: false,
  legalComments: 'eof',
  logLevel: 'warning',
  absWorkingDir: root,
});
