import * as fs from 'fs';
import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { HandlerName } from '../core/contract';

/**
 * The prebuilt handler (`npm run build` writes it; the package ships it): the same two folders up
 * from this module whether it runs compiled (`dist/private/`) or from source (`lib/private/`).
 */
export const HANDLER_ASSET_DIR = path.join(__dirname, '..', '..', 'assets', 'handler');

/** The asset's code; its hash is its content's, so it changes only when the handler does. */
export function handlerCode(): lambda.Code {
  if (!fs.existsSync(path.join(HANDLER_ASSET_DIR, 'index.js'))) {
    throw new Error(`cdk-connect-phone-config: the prebuilt handler is missing at ${HANDLER_ASSET_DIR}; in a checkout of this package, run \`npm run build\` first (an installed package ships it)`);
  }
  return lambda.Code.fromAsset(HANDLER_ASSET_DIR);
}

/** The Lambda `handler` setting of one of the asset's entry points. */
export function handlerOf(name: HandlerName): string {
  return `index.${name}`;
}
