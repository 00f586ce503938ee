/**
 * The S3 and SSM SDK modules, loaded on first use instead of at cold start: most events need
 * neither (only a large fleet's desired-state object, desk numbers kept in SSM and the restore
 * records do). In the handler asset these `require`s resolve to files of their own beside
 * `index.js` (see scripts/bundle-handler.mjs), so the common path never loads or parses them.
 */
import type * as S3 from '@aws-sdk/client-s3';
import type * as SSM from '@aws-sdk/client-ssm';

/* eslint-disable @typescript-eslint/no-require-imports -- a deferred require is the point of this module */
export function s3Sdk(): typeof S3 {
  return require('@aws-sdk/client-s3');
}

export function ssmSdk(): typeof SSM {
  return require('@aws-sdk/client-ssm');
}
/* eslint-enable @typescript-eslint/no-require-imports */
