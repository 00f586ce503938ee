/**
 * `npm run bench`: the handler against Connect's default quotas, next to a naive peer.
 *
 *   npm run bench                                  # N = 100, 1,000; 20,000 split; three fleets of 1,000
 *   npm run bench -- --sizes 100 --large 0 --fleets 0   # a quick run
 *
 * Flags:
 *   --sizes a,b,c       fleet sizes (default 100,1000): first deploy, 10% drift, no drift (1,000: throttling too)
 *   --large N           a first deploy of N agents in one fleet, split into parts by the construct (default 20000; 0 skips)
 *   --fleets N          a first deploy of three fleets of N agents in one stack (default 1000; 0 skips)
 *   --scale K           time scale for every size (default: 5 for N <= 100, 20 for N <= 1,000, 50 above)
 *   --scale-mode clock  (default) a virtual clock: idle waits run K times faster, CPU at real speed
 *   --scale-mode quotas raise the emulator's quotas and the fleet's writesPerSecond by K instead;
 *                       the handler's own DescribeUser/SearchUsers pacing is fixed, so this mode
 *                       shows the handler slower than it is (kept to demonstrate exactly that)
 *   --latency-ms L      modeled service latency of every Connect call (default 50)
 *   --no-naive          skip the naive peer
 *   --seed S            drift and fault seed (default 7)
 */
import * as fs from 'fs';
import * as path from 'path';
import { BundleFigures, handlerBundle, measureBundles } from './handler-bundle';
import { ScaleMode, SizeResult, runSize } from './cases';
import { runLargeCase } from './large-cases';
import { artifactTable, comparison, formatTargets, table, targets } from './report';
import { SynthFigures, measureSynth } from './synth-figures';
import { VirtualClock } from './virtual-clock';

interface Options {
  readonly sizes: number[];
  readonly scale?: number;
  readonly mode: ScaleMode;
  readonly latencyMs: number;
  readonly naive: boolean;
  readonly seed: number;
  readonly large: number;
  readonly fleets: number;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const known = ['--sizes', '--scale', '--scale-mode', '--latency-ms', '--no-naive', '--seed', '--large', '--fleets'];
  const unknown = argv.filter((a) => a.startsWith('--') && !known.includes(a));
  if (unknown.length > 0) throw new Error(`unknown flag ${unknown.join(', ')}; known: ${known.join(', ')}`);
  const sizes = (value('--sizes') ?? '100,1000').split(',').map((s) => Number(s.replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes must be positive integers, got ${value('--sizes')}`);
  const scale = value('--scale') === undefined ? undefined : Number(value('--scale'));
  if (scale !== undefined && !(scale >= 1)) throw new Error(`--scale must be at least 1, got ${value('--scale')}`);
  const mode = (value('--scale-mode') ?? 'clock') as ScaleMode;
  if (mode !== 'clock' && mode !== 'quotas') throw new Error(`--scale-mode is clock or quotas, got ${mode}`);
  return {
    sizes,
    scale,
    mode,
    latencyMs: Number(value('--latency-ms') ?? 50),
    naive: !argv.includes('--no-naive'),
    seed: Number(value('--seed') ?? 7),
    large: count('--large', value('--large') ?? '20000'),
    fleets: count('--fleets', value('--fleets') ?? '1000'),
  };
}

function count(flag: string, text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number (0 skips the case), got ${text}`);
  return n;
}

export function defaultScale(n: number): number {
  if (n <= 100) return 5;
  if (n <= 1000) return 20;
  return 50;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const log = (line: string) => process.stdout.write(line + '\n');
  log(`cdk-connect-phone-config benchmark: N = ${options.sizes.join(', ')}; Connect default quotas `
    + '(DescribeUser 10/s, SearchUsers 2/s, UpdateUserPhoneConfig 2/s, UpdateUserConfig 2/s); '
    + `modeled latency ${options.latencyMs} ms; naive peer ${options.naive ? 'on' : 'off'}`);
  log(options.mode === 'clock'
    ? 'Time scaled with a virtual clock: waiting runs K times faster, CPU at real speed; every rate (quotas, the handler\'s pacing, SDK backoff, latency) scales together, so the figures below are what the default quotas give.'
    : 'Time scaled by raising the emulator\'s quotas and the fleet\'s writesPerSecond by K; bounds use the scaled rates. The handler\'s DescribeUser (10/s) and SearchUsers (2/s) pacing does not scale: expect it to look slower than it is.');
  log(`K per size: ${options.sizes.map((n) => `N=${n}: ${options.scale ?? defaultScale(n)}`).join(', ')}${options.mode === 'clock' ? " (the handler's no-drift redeploys run at K=1)" : ''}`);
  // Quiet the SDK's Node-version notice: it would repeat once per loaded handler bundle.
  process.removeAllListeners('warning');

  const clock = new VirtualClock(1).install();
  const sizes: SizeResult[] = [];
  let handlerFile: string | undefined;
  try {
    for (const n of options.sizes) {
      log(`\nN = ${n}`);
      const result = await runSize({
        n,
        scale: options.scale ?? defaultScale(n),
        mode: options.mode,
        latencyMs: options.latencyMs,
        naive: options.naive,
        throttleCase: n === 1000,
        seed: options.seed,
      }, clock, log);
      sizes.push(result);
      handlerFile ??= handlerBundle(result.cdkOut);
    }
    if (options.fleets > 0) {
      log(`\nThree fleets of ${options.fleets} in one stack, one instance`);
      sizes.push(await runLargeCase({ n: 3 * options.fleets, fleets: 3, scale: options.scale ?? defaultScale(options.fleets), latencyMs: options.latencyMs }, clock, log));
    }
    if (options.large > 0) {
      log(`\nN = ${options.large} in one fleet (split into parts by the construct)`);
      sizes.push(await runLargeCase({ n: options.large, fleets: 1, scale: options.scale ?? defaultScale(options.large), latencyMs: options.latencyMs }, clock, log));
    }
  } finally {
    clock.uninstall();
  }

  log('\nLoading the handler bundle and a bare client-connect bundle in fresh processes');
  const bundle: BundleFigures = measureBundles(handlerFile as string);
  log('\nSynthesizing each size in a fresh process');
  const synths: SynthFigures[] = options.sizes.map((n) => measureSynth(n));
  const results = targets(sizes, bundle);
  log(`\nResults (wall and bounds in seconds ${options.mode === 'clock' ? 'at the default quotas' : 'at the quotas raised K times'}; calls are answered calls, throttled ones counted apart)\n`);
  log(table(sizes));
  const versus = comparison(sizes);
  if (versus) log(`\nHandler vs naive peer\n\n${versus}`);
  log(`\nSynth and bundle\n\n${artifactTable(sizes, synths, bundle)}`);
  log('\nNotes: T* = max over operations of (calls_op - burst_op) / rate_op over the answered calls: no run can be faster, so wall/T* >= 1.'
    + ' Σ = Σ calls_op / rate_op, for reference. The Provider waiter\'s 10 s between polls is on the clock (LocalCloudFormation moves it forward).'
    + ' ELU near 1 means the run was CPU-bound on this machine and K should be lowered.');
  log(`\nTargets\n\n${formatTargets(results)}`);
  log(`\nTotal real time ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const out = path.join(__dirname, 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({
    date: new Date().toISOString(),
    node: process.version,
    options: { ...options, scales: Object.fromEntries(options.sizes.map((n) => [n, options.scale ?? defaultScale(n)])) },
    sizes: sizes.map(({ cdkOut: _cdkOut, ...s }) => s),
    synth: synths,
    bundle,
    targets: results,
  }, null, 2));
  log(`Written ${path.relative(process.cwd(), out)}`);
  if (results.some((t) => !t.pass)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
