import * as fs from 'fs';
import * as path from 'path';

/**
 * The folder of this package's package.json, found by walking up: the handler source sits at
 * `<root>/lambda/` whether this file runs from `lib/` (ts-node, jest) or `dist/lib/` (compiled).
 */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'lambda'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cdk-connect-phone-config: cannot find the package root above ${from}`);
    dir = parent;
  }
  return dir;
}
