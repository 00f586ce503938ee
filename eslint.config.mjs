import tseslint from 'typescript-eslint';

/** A `no-restricted-imports` rule from [pattern, why] pairs (type-only imports are allowed). */
const forbid = (...groups) => ['error', {
  patterns: groups.map(([group, message]) => (typeof group === 'string'
    ? { regex: group, message, allowTypeImports: true }
    : { group, message, allowTypeImports: true })),
}];

const ENGINE = [['**/engine', '**/engine/*'], 'the engine runs in the handler and the CLI, not here'];
const CLI = [['**/cli', '**/cli/*'], 'the CLI is an entry point: nothing imports it'];
const TESTING = [['**/testing', '**/testing/*'], 'the emulator and LocalCloudFormation are test doubles (cdk-connect-phone-config/testing)'];
const LAMBDA = [['**/lambda', '**/lambda/*'], 'lambda/ holds the Lambda entry points only: import lib/engine instead'];
const CONSTRUCTS_WHY = 'run-time code never loads the constructs or aws-cdk-lib';
const CONSTRUCTS = [['constructs', '**/private/*', '**/user-phone-config*', '**/settings'], CONSTRUCTS_WHY];
// aws-cdk-lib/cx-api (reading cloud assemblies) is allowed: it loads no construct.
const CDK = ['^aws-cdk-lib(/(?!cx-api$).*)?$', CONSTRUCTS_WHY];
const ANY_CDK = ['^aws-cdk-lib(/.*)?$', 'the handler and the pure core load nothing of aws-cdk-lib'];
const PACKAGE_INDEX = ['^(\\.\\./)+(lib|index)(/index)?$', CONSTRUCTS_WHY];
const SDK = [['@aws-sdk/*', '@smithy/*'], 'the pure core calls no SDK at run time (type imports only)'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'assets/', 'cdk.out/', '**/*.d.ts', '**/*.js', 'bench/results/', 'dist-bindings/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  // The layers (README, "Layout"): each folder may import only the ones below it.
  { files: ['lib/core/**/*.ts'], rules: { 'no-restricted-imports': forbid(SDK, ENGINE, CLI, TESTING, LAMBDA, CONSTRUCTS, ANY_CDK, PACKAGE_INDEX) } },
  { files: ['lib/engine/**/*.ts'], rules: { 'no-restricted-imports': forbid(CLI, TESTING, LAMBDA, CONSTRUCTS, ANY_CDK, PACKAGE_INDEX) } },
  { files: ['lambda/**/*.ts'], rules: { 'no-restricted-imports': forbid(CLI, TESTING, CONSTRUCTS, ANY_CDK, PACKAGE_INDEX) } },
  { files: ['lib/*.ts', 'lib/private/**/*.ts'], rules: { 'no-restricted-imports': forbid(ENGINE, CLI, TESTING, LAMBDA) } },
  { files: ['lib/assembly/**/*.ts'], rules: { 'no-restricted-imports': forbid(ENGINE, CLI, TESTING, LAMBDA, CONSTRUCTS, CDK, PACKAGE_INDEX) } },
  { files: ['lib/cli/**/*.ts'], rules: { 'no-restricted-imports': forbid(LAMBDA, CONSTRUCTS, CDK, PACKAGE_INDEX) } },
  { files: ['lib/testing/**/*.ts'], rules: { 'no-restricted-imports': forbid(ENGINE, CLI, LAMBDA, [['**/private/*', '**/user-phone-config*', '../index', '../../index'], 'the test doubles run deployed assemblies, not the constructs']) } },
);
