/**
 * The handler bundle that is deployed (the `index.js` of its asset in `cdk.out`) against its peer,
 * a bundle of the bare `@aws-sdk/client-connect` built in the same run with the same options
 * (scripts/bundle-handler.mjs --bare-connect): sizes, and how long a fresh Node process takes to
 * `require` each, as a Lambda cold start would. The two are loaded alternately so that machine
 * noise falls on both alike.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findStack, functionAssetDir } from '../lib/assembly/cloud-assembly';
import { HANDLERS } from '../lib/core/contract';

/** Issue 11's targets: the common path's bundle, and its cold load against the bare client's. */
export const BUNDLE_MAX_BYTES = 900 * 1000;
export const COLD_LOAD_RATIO_MAX = 1.15;

export interface LoadFigures {
  readonly file: string;
  readonly bytes: number;
  /** Median `require()` time in a fresh process, ms. */
  readonly loadMs: number;
  readonly samples: readonly number[];
}

export interface BundleFigures {
  readonly handler: LoadFigures;
  readonly bareConnect: LoadFigures;
  /** handler.loadMs ÷ bareConnect.loadMs. */
  readonly loadRatio: number;
  /** Files of the asset loaded only on the paths that need them (S3, SSM), bytes. */
  readonly deferred: Readonly<Record<string, number>>;
}

export function handlerBundle(cdkOut: string): string {
  return path.join(functionAssetDir(findStack(cdkOut), HANDLERS.onEvent).dir, 'index.js');
}

/** Builds the peer, then loads it and the handler `runs` times each, alternately. */
export function measureBundles(handlerFile: string, runs = 9): BundleFigures {
  const peerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bare-connect-'));
  const built = spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'bundle-handler.mjs'), '--out', peerDir, '--bare-connect'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the bare client-connect bundle failed: ${built.stderr}`);
  const peerFile = path.join(peerDir, 'bare-connect.js');
  const handlerLoads: number[] = [];
  const peerLoads: number[] = [];
  for (let i = 0; i < runs; i++) {
    handlerLoads.push(loadOnce(handlerFile));
    peerLoads.push(loadOnce(peerFile));
  }
  const handler = figures(handlerFile, handlerLoads);
  const bareConnect = figures(peerFile, peerLoads);
  const dir = path.dirname(handlerFile);
  const deferred = Object.fromEntries(fs.readdirSync(dir).filter((f) => f !== 'index.js' && f.endsWith('.js')).map((f) => [f, fs.statSync(path.join(dir, f)).size]));
  fs.rmSync(peerDir, { recursive: true, force: true });
  return { handler, bareConnect, loadRatio: handler.loadMs / bareConnect.loadMs, deferred };
}

function loadOnce(file: string): number {
  const script = 'const t=process.hrtime.bigint();require(process.argv[1]);'
    + 'process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))';
  const child = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`loading ${file} failed: ${child.stderr}`);
  return Number(child.stdout);
}

function figures(file: string, samples: number[]): LoadFigures {
  return { file, bytes: fs.statSync(file).size, loadMs: median(samples), samples };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
