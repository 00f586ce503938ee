/**
 * The handler bundle that would be deployed (the `index.js` of its asset in `cdk.out`): its size and
 * how long a fresh Node process takes to load it, as a Lambda cold start would.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findStack, functionAssetDir } from '../lib/assembly/cloud-assembly';
import { HANDLERS } from '../lib/core/contract';

export interface BundleFigures {
  readonly file: string;
  readonly bytes: number;
  /** Median `require()` time in a fresh process, ms. */
  readonly loadMs: number;
  /** Median time of the whole child process (Node start + require + exit), ms. */
  readonly processMs: number;
  readonly samples: readonly number[];
}

export function handlerBundle(cdkOut: string): string {
  return path.join(functionAssetDir(findStack(cdkOut), HANDLERS.onEvent).dir, 'index.js');
}

/** Loads the bundle in `runs` fresh processes and reports the medians. */
export function measureBundle(file: string, runs = 5): BundleFigures {
  const script = 'const t=process.hrtime.bigint();require(process.argv[1]);'
    + 'process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))';
  const loads: number[] = [];
  const processes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8' });
    processes.push(performance.now() - started);
    if (child.status !== 0) throw new Error(`loading ${file} failed: ${child.stderr}`);
    loads.push(Number(child.stdout));
  }
  return { file, bytes: fs.statSync(file).size, loadMs: median(loads), processMs: median(processes), samples: loads };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
