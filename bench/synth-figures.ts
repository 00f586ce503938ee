/** Synth time and template size of a fleet, measured in a fresh process (see synth-child.ts). */
import { spawnSync } from 'child_process';
import * as path from 'path';

export interface SynthFigures {
  readonly n: number;
  /** Loading aws-cdk-lib and this library, ms. */
  readonly loadMs: number;
  /** Building the app and synthesizing it, handler bundling included, ms. */
  readonly synthMs: number;
  readonly templateBytes: number;
  /** The desired-state S3 asset (0 when the users are inline). */
  readonly desiredStateBytes: number;
}

export function measureSynth(n: number): SynthFigures {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'synth-child.ts'), String(n)], {
    encoding: 'utf8',
    cwd: path.join(__dirname, '..'),
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`synthesizing ${n} agents failed: ${child.stderr}`);
  const last = child.stdout.trim().split('\n').pop() as string;
  return JSON.parse(last) as SynthFigures;
}
