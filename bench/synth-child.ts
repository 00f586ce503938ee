/**
 * Synthesizes one fleet of N agents in this (fresh) process and prints its figures as JSON, so synth
 * time includes what a `cdk synth` pays once per process: esbuild bundling of the handler (the CDK
 * caches bundles per process) and the first construction of every construct class.
 *
 *   node -r ts-node/register/transpile-only bench/synth-child.ts 5000
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

function main(): void {
  const n = Number(process.argv[2]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`usage: synth-child.ts <agents>, got ${process.argv[2]}`);
  const loadStart = performance.now();
  // Loaded here, not at the top, so module loading is measured apart from the synth.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App, Stack } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { UserPhoneConfigFleet } = require('../lib') as typeof import('../lib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DECLARED } = require('./fleet-scenario') as typeof import('./fleet-scenario');
  const loadMs = performance.now() - loadStart;

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpc-synth-'));
  const started = performance.now();
  const app = new App({ outdir, context: { 'cdk-connect-phone-config:deploymentNonce': 'bench' } });
  const stack = new Stack(app, 'FleetBench', { env: { account: '123456789012', region: 'us-east-1' } });
  new UserPhoneConfigFleet(stack, 'Agents', {
    instanceId: randomUUID(),
    defaults: { ...DECLARED },
    users: Array.from({ length: n }, () => ({ userId: randomUUID() })),
  });
  const assembly = app.synth();
  const synthMs = performance.now() - started;
  const templateBytes = fs.statSync(path.join(assembly.directory, 'FleetBench.template.json')).size;
  const desiredState = fs.readdirSync(assembly.directory).filter((f) => f.startsWith('asset.') && f.endsWith('.json'));
  const desiredStateBytes = desiredState.reduce((sum, f) => sum + fs.statSync(path.join(assembly.directory, f)).size, 0);
  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ n, loadMs, synthMs, templateBytes, desiredStateBytes }) + '\n');
}

main();
